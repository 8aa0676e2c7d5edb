"""payments: configuration (processor, method and connector configurations, sales channels),
transactions and their groups, charges and charge attempts, completions, voids, refunds,
tokens and token versions, the simulator's card vault, and events

Revision ID: 0005
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa



revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reference_sales_channels',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_sales_channels'))
    )
    op.create_table('events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('previous_state', sa.String(length=30), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_events_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_space_id_id', ['space_id', 'id'], unique=False)

    op.create_table('payment_method_configurations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('payment_method_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('data_collection_type', sa.String(length=20), nullable=False),
    sa.Column('one_click_payment_mode', sa.String(length=20), nullable=False),
    sa.Column('title', sa.JSON(), nullable=True),
    sa.Column('description', sa.JSON(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('image_resource_path', sa.String(length=500), nullable=True),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['payment_method_id'], ['reference_payment_methods.id'], name=op.f('fk_payment_method_configurations_payment_method_id_reference_payment_methods')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_payment_method_configurations_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_method_configurations'))
    )
    with op.batch_alter_table('payment_method_configurations', schema=None) as batch_op:
        batch_op.create_index('ix_payment_method_configurations_space_id_id', ['space_id', 'id'], unique=False)

    op.create_table('payment_processor_configurations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('processor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('application_managed', sa.Boolean(), nullable=False),
    sa.Column('contract_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['processor_id'], ['reference_payment_processors.id'], name=op.f('fk_payment_processor_configurations_processor_id_reference_payment_processors')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_payment_processor_configurations_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_processor_configurations'))
    )
    with op.batch_alter_table('payment_processor_configurations', schema=None) as batch_op:
        batch_op.create_index('ix_payment_processor_configurations_space_id_id', ['space_id', 'id'], unique=False)

    op.create_table('simulator_cards',
    sa.Column('processor_token', sa.String(length=64), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pan_ciphertext', sa.LargeBinary(), nullable=False),
    sa.Column('expiry_year', sa.Integer(), nullable=False),
    sa.Column('expiry_month', sa.Integer(), nullable=False),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_simulator_cards_space_id_spaces')),
    sa.PrimaryKeyConstraint('processor_token', name=op.f('pk_simulator_cards'))
    )
    with op.batch_alter_table('simulator_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_simulator_cards_space_id'), ['space_id'], unique=False)

    op.create_table('tokens',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=False),
    sa.Column('token_reference', sa.String(length=100), nullable=True),
    sa.Column('customer_id', sa.String(length=100), nullable=True),
    sa.Column('customer_email_address', sa.String(length=254), nullable=True),
    sa.Column('enabled_for_one_click_payment', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('time_zone', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('create_body_hash', sa.String(length=64), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_tokens_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tokens'))
    )
    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.create_index('ix_tokens_space_id_id', ['space_id', 'id'], unique=False)
        batch_op.create_index('uq_tokens_space_id_external_id', ['space_id', 'external_id'], unique=True)

    op.create_table('transaction_groups',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('customer_id', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('begin_date', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_transaction_groups_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transaction_groups'))
    )
    with op.batch_alter_table('transaction_groups', schema=None) as batch_op:
        batch_op.create_index('ix_transaction_groups_space_id_id', ['space_id', 'id'], unique=False)

    op.create_table('payment_connector_configurations',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('connector_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('processor_configuration_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('payment_method_configuration_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('condition_ids', sa.JSON(), nullable=True),
    sa.Column('enabled_sales_channel_ids', sa.JSON(), nullable=True),
    sa.Column('enabled_space_view_ids', sa.JSON(), nullable=True),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['connector_id'], ['reference_payment_connectors.id'], name=op.f('fk_payment_connector_configurations_connector_id_reference_payment_connectors')),
    sa.ForeignKeyConstraint(['payment_method_configuration_id'], ['payment_method_configurations.id'], name=op.f('fk_payment_connector_configurations_payment_method_configuration_id_payment_method_configurations')),
    sa.ForeignKeyConstraint(['processor_configuration_id'], ['payment_processor_configurations.id'], name=op.f('fk_payment_connector_configurations_processor_configuration_id_payment_processor_configurations')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_payment_connector_configurations_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_connector_configurations'))
    )
    with op.batch_alter_table('payment_connector_configurations', schema=None) as batch_op:
        batch_op.create_index('ix_payment_connector_configurations_space_id_id', ['space_id', 'id'], unique=False)

    op.create_table('token_versions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('token_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('payment_method_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('payment_method_brand_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('connector_configuration_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('processor_token', sa.String(length=64), nullable=True),
    sa.Column('environment', sa.String(length=20), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('billing_address', sa.JSON(), nullable=True),
    sa.Column('shipping_address', sa.JSON(), nullable=True),
    sa.Column('expires_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('activated_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('obsoleted_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['connector_configuration_id'], ['payment_connector_configurations.id'], name=op.f('fk_token_versions_connector_configuration_id_payment_connector_configurations')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_token_versions_space_id_spaces')),
    sa.ForeignKeyConstraint(['token_id'], ['tokens.id'], name=op.f('fk_token_versions_token_id_tokens')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_token_versions'))
    )
    with op.batch_alter_table('token_versions', schema=None) as batch_op:
        batch_op.create_index('ix_token_versions_space_id_token_id', ['space_id', 'token_id'], unique=False)

    op.create_table('transactions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('group_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('time_zone', sa.String(length=100), nullable=True),
    sa.Column('customer_id', sa.String(length=100), nullable=True),
    sa.Column('customer_email_address', sa.String(length=254), nullable=True),
    sa.Column('merchant_reference', sa.String(length=100), nullable=True),
    sa.Column('invoice_merchant_reference', sa.String(length=100), nullable=True),
    sa.Column('shipping_method', sa.String(length=200), nullable=True),
    sa.Column('success_url', sa.String(length=2000), nullable=True),
    sa.Column('failed_url', sa.String(length=2000), nullable=True),
    sa.Column('tokenization_mode', sa.String(length=50), nullable=True),
    sa.Column('completion_behavior', sa.String(length=30), nullable=False),
    sa.Column('customers_presence', sa.String(length=30), nullable=False),
    sa.Column('environment', sa.String(length=20), nullable=True),
    sa.Column('environment_selection_strategy', sa.String(length=40), nullable=False),
    sa.Column('authorization_environment', sa.String(length=20), nullable=True),
    sa.Column('token_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('allowed_payment_method_brands', sa.JSON(), nullable=True),
    sa.Column('allowed_payment_method_configurations', sa.JSON(), nullable=True),
    sa.Column('billing_address', sa.JSON(), nullable=True),
    sa.Column('shipping_address', sa.JSON(), nullable=True),
    sa.Column('meta_data', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('charge_retry_enabled', sa.Boolean(), nullable=False),
    sa.Column('emails_disabled', sa.Boolean(), nullable=False),
    sa.Column('auto_confirmation_enabled', sa.Boolean(), nullable=False),
    sa.Column('device_session_identifier', sa.String(length=40), nullable=True),
    sa.Column('space_view_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('line_items', sa.JSON(), nullable=False),
    sa.Column('authorization_amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('completed_amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('refunded_amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('payment_connector_configuration_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('failure_reason_id', sa.Integer(), nullable=True),
    sa.Column('user_failure_message', sa.String(length=500), nullable=True),
    sa.Column('user_interface_type', sa.String(length=30), nullable=True),
    sa.Column('security_token', sa.String(length=64), nullable=False),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('confirmed_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('processing_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('authorized_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('voided_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivery_decision_made_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('authorization_timeout_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completion_timeout_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['transaction_groups.id'], name=op.f('fk_transactions_group_id_transaction_groups')),
    sa.ForeignKeyConstraint(['payment_connector_configuration_id'], ['payment_connector_configurations.id'], name=op.f('fk_transactions_payment_connector_configuration_id_payment_connector_configurations')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_transactions_space_id_spaces')),
    sa.ForeignKeyConstraint(['token_id'], ['tokens.id'], name=op.f('fk_transactions_token_id_tokens')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transactions'))
    )
    with op.batch_alter_table('transactions', schema=None) as batch_op:
        batch_op.create_index('ix_transactions_space_id_created_on', ['space_id', 'created_on'], unique=False)
        batch_op.create_index('ix_transactions_space_id_id', ['space_id', 'id'], unique=False)
        batch_op.create_index('ix_transactions_space_id_state', ['space_id', 'state'], unique=False)
    op.create_index('ix_transactions_space_id_lower_merchant_reference', 'transactions',
                    ['space_id', sa.text('lower(merchant_reference)')])

    op.create_table('charges',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('time_zone', sa.String(length=100), nullable=True),
    sa.Column('failure_reason_id', sa.Integer(), nullable=True),
    sa.Column('user_failure_message', sa.String(length=500), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('timeout_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_charges_space_id_spaces')),
    sa.ForeignKeyConstraint(['transaction_id'], ['transactions.id'], name=op.f('fk_charges_transaction_id_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charges'))
    )
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.create_index('ix_charges_space_id_transaction_id', ['space_id', 'transaction_id'], unique=False)

    op.create_table('transaction_completions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('tax_amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('line_items', sa.JSON(), nullable=False),
    sa.Column('last_completion', sa.Boolean(), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=True),
    sa.Column('invoice_merchant_reference', sa.String(length=100), nullable=True),
    sa.Column('statement_descriptor', sa.String(length=80), nullable=True),
    sa.Column('meta_data', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('processor_reference', sa.String(length=100), nullable=True),
    sa.Column('failure_reason_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('time_zone', sa.String(length=100), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('processing_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('succeeded_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('timeout_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_transaction_completions_space_id_spaces')),
    sa.ForeignKeyConstraint(['transaction_id'], ['transactions.id'], name=op.f('fk_transaction_completions_transaction_id_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transaction_completions'))
    )
    with op.batch_alter_table('transaction_completions', schema=None) as batch_op:
        batch_op.create_index('ix_transaction_completions_space_id_transaction_id', ['space_id', 'transaction_id'], unique=False)

    op.create_table('transaction_voids',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('processor_reference', sa.String(length=100), nullable=True),
    sa.Column('failure_reason_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('succeeded_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('timeout_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_transaction_voids_space_id_spaces')),
    sa.ForeignKeyConstraint(['transaction_id'], ['transactions.id'], name=op.f('fk_transaction_voids_transaction_id_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transaction_voids'))
    )
    with op.batch_alter_table('transaction_voids', schema=None) as batch_op:
        batch_op.create_index('ix_transaction_voids_space_id_transaction_id', ['space_id', 'transaction_id'], unique=False)

    op.create_table('charge_attempts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('charge_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('connector_configuration_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('environment', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('time_zone', sa.String(length=100), nullable=True),
    sa.Column('customers_presence', sa.String(length=30), nullable=True),
    sa.Column('completion_behavior', sa.String(length=30), nullable=True),
    sa.Column('redirection_url', sa.String(length=2000), nullable=True),
    sa.Column('initializing_token_version', sa.Boolean(), nullable=False),
    sa.Column('token_version_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('payment_method_brand_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('masked_card', sa.String(length=30), nullable=True),
    sa.Column('processor_token', sa.String(length=64), nullable=True),
    sa.Column('failure_reason_id', sa.Integer(), nullable=True),
    sa.Column('user_failure_message', sa.String(length=500), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('succeeded_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('timeout_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['charge_id'], ['charges.id'], name=op.f('fk_charge_attempts_charge_id_charges')),
    sa.ForeignKeyConstraint(['connector_configuration_id'], ['payment_connector_configurations.id'], name=op.f('fk_charge_attempts_connector_configuration_id_payment_connector_configurations')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_charge_attempts_space_id_spaces')),
    sa.ForeignKeyConstraint(['token_version_id'], ['token_versions.id'], name=op.f('fk_charge_attempts_token_version_id_token_versions')),
    sa.ForeignKeyConstraint(['transaction_id'], ['transactions.id'], name=op.f('fk_charge_attempts_transaction_id_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charge_attempts'))
    )
    with op.batch_alter_table('charge_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_charge_attempts_space_id_transaction_id', ['space_id', 'transaction_id'], unique=False)

    op.create_table('refunds',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('completion_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=False),
    sa.Column('merchant_reference', sa.String(length=100), nullable=True),
    sa.Column('reductions', sa.JSON(), nullable=True),
    sa.Column('line_items', sa.JSON(), nullable=True),
    sa.Column('reduced_line_items', sa.JSON(), nullable=True),
    sa.Column('meta_data', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('processor_reference', sa.String(length=100), nullable=True),
    sa.Column('failure_reason_id', sa.Integer(), nullable=True),
    sa.Column('environment', sa.String(length=20), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('time_zone', sa.String(length=100), nullable=True),
    sa.Column('create_body_hash', sa.String(length=64), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('processing_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('succeeded_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('timeout_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['completion_id'], ['transaction_completions.id'], name=op.f('fk_refunds_completion_id_transaction_completions')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_refunds_space_id_spaces')),
    sa.ForeignKeyConstraint(['transaction_id'], ['transactions.id'], name=op.f('fk_refunds_transaction_id_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refunds'))
    )
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index('ix_refunds_space_id_transaction_id', ['space_id', 'transaction_id'], unique=False)
        batch_op.create_index('uq_refunds_space_id_external_id', ['space_id', 'external_id'], unique=True)



def downgrade() -> None:
    op.drop_index('ix_transactions_space_id_lower_merchant_reference', table_name='transactions')
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_index('uq_refunds_space_id_external_id')
        batch_op.drop_index('ix_refunds_space_id_transaction_id')

    op.drop_table('refunds')
    with op.batch_alter_table('charge_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_charge_attempts_space_id_transaction_id')

    op.drop_table('charge_attempts')
    with op.batch_alter_table('transaction_voids', schema=None) as batch_op:
        batch_op.drop_index('ix_transaction_voids_space_id_transaction_id')

    op.drop_table('transaction_voids')
    with op.batch_alter_table('transaction_completions', schema=None) as batch_op:
        batch_op.drop_index('ix_transaction_completions_space_id_transaction_id')

    op.drop_table('transaction_completions')
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.drop_index('ix_charges_space_id_transaction_id')

    op.drop_table('charges')
    with op.batch_alter_table('transactions', schema=None) as batch_op:
        batch_op.drop_index('ix_transactions_space_id_state')
        batch_op.drop_index('ix_transactions_space_id_id')
        batch_op.drop_index('ix_transactions_space_id_created_on')

    op.drop_table('transactions')
    with op.batch_alter_table('token_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_token_versions_space_id_token_id')

    op.drop_table('token_versions')
    with op.batch_alter_table('payment_connector_configurations', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_connector_configurations_space_id_id')

    op.drop_table('payment_connector_configurations')
    with op.batch_alter_table('transaction_groups', schema=None) as batch_op:
        batch_op.drop_index('ix_transaction_groups_space_id_id')

    op.drop_table('transaction_groups')
    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.drop_index('uq_tokens_space_id_external_id')
        batch_op.drop_index('ix_tokens_space_id_id')

    op.drop_table('tokens')
    with op.batch_alter_table('simulator_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_simulator_cards_space_id'))

    op.drop_table('simulator_cards')
    with op.batch_alter_table('payment_processor_configurations', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_processor_configurations_space_id_id')

    op.drop_table('payment_processor_configurations')
    with op.batch_alter_table('payment_method_configurations', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_method_configurations_space_id_id')

    op.drop_table('payment_method_configurations')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_space_id_id')

    op.drop_table('events')
    op.drop_table('reference_sales_channels')
