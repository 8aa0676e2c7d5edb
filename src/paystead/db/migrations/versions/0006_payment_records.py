"""payment records: comments, invoices, delivery indications, line item versions, client
platforms, charge flows and their levels; transactions learn whether delivery needs a review

Revision ID: 0006
Revises: 0005
"""

from alembic import op
import sqlalchemy as sa



revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('charge_flows',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('condition_ids', sa.JSON(), nullable=True),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_charge_flows_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charge_flows'))
    )
    with op.batch_alter_table('charge_flows', schema=None) as batch_op:
        batch_op.create_index('ix_charge_flows_space_id_id', ['space_id', 'id'], unique=False)

    op.create_table('payment_comments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('subject', sa.String(length=30), nullable=False),
    sa.Column('subject_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('content', sa.Text(), nullable=True),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('edited_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_payment_comments_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_comments'))
    )
    with op.batch_alter_table('payment_comments', schema=None) as batch_op:
        batch_op.create_index('ix_payment_comments_space_id_subject_subject_id', ['space_id', 'subject', 'subject_id'], unique=False)

    op.create_table('charge_flow_levels',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('charge_flow_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('timeout_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['charge_flow_id'], ['charge_flows.id'], name=op.f('fk_charge_flow_levels_charge_flow_id_charge_flows')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_charge_flow_levels_space_id_spaces')),
    sa.ForeignKeyConstraint(['transaction_id'], ['transactions.id'], name=op.f('fk_charge_flow_levels_transaction_id_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charge_flow_levels'))
    )
    with op.batch_alter_table('charge_flow_levels', schema=None) as batch_op:
        batch_op.create_index('ix_charge_flow_levels_space_id_transaction_id', ['space_id', 'transaction_id'], unique=False)

    op.create_table('transaction_client_platforms',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('platform_type', sa.String(length=50), nullable=True),
    sa.Column('os_version', sa.String(length=50), nullable=True),
    sa.Column('sdk_version', sa.String(length=50), nullable=True),
    sa.Column('integration_type', sa.String(length=50), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_transaction_client_platforms_space_id_spaces')),
    sa.ForeignKeyConstraint(['transaction_id'], ['transactions.id'], name=op.f('fk_transaction_client_platforms_transaction_id_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transaction_client_platforms'))
    )
    with op.batch_alter_table('transaction_client_platforms', schema=None) as batch_op:
        batch_op.create_index('ix_transaction_client_platforms_space_id_id', ['space_id', 'id'], unique=False)

    op.create_table('transaction_line_item_versions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('tax_amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('line_items', sa.JSON(), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=False),
    sa.Column('create_body_hash', sa.String(length=64), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('processing_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('succeeded_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_transaction_line_item_versions_space_id_spaces')),
    sa.ForeignKeyConstraint(['transaction_id'], ['transactions.id'], name=op.f('fk_transaction_line_item_versions_transaction_id_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transaction_line_item_versions'))
    )
    with op.batch_alter_table('transaction_line_item_versions', schema=None) as batch_op:
        batch_op.create_index('ix_transaction_line_item_versions_space_id_transaction_id', ['space_id', 'transaction_id'], unique=False)
        batch_op.create_index('uq_transaction_line_item_versions_space_id_external_id', ['space_id', 'external_id'], unique=True)

    op.create_table('delivery_indications',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('completion_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('automatic_decision_reason', sa.String(length=40), nullable=True),
    sa.Column('automatically_decided_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('manually_decided_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('manually_decided_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('timeout_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('manual_decision_timeout_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['completion_id'], ['transaction_completions.id'], name=op.f('fk_delivery_indications_completion_id_transaction_completions')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_delivery_indications_space_id_spaces')),
    sa.ForeignKeyConstraint(['transaction_id'], ['transactions.id'], name=op.f('fk_delivery_indications_transaction_id_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_indications'))
    )
    with op.batch_alter_table('delivery_indications', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_indications_space_id_transaction_id', ['space_id', 'transaction_id'], unique=False)

    op.create_table('transaction_invoices',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('transaction_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('completion_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('tax_amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('outstanding_amount', sa.Numeric(precision=28, scale=10), nullable=False),
    sa.Column('line_items', sa.JSON(), nullable=False),
    sa.Column('billing_address', sa.JSON(), nullable=True),
    sa.Column('merchant_reference', sa.String(length=100), nullable=True),
    sa.Column('external_id', sa.String(length=100), nullable=True),
    sa.Column('environment', sa.String(length=20), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('time_zone', sa.String(length=100), nullable=True),
    sa.Column('due_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paid_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('derecognized_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('derecognized_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['completion_id'], ['transaction_completions.id'], name=op.f('fk_transaction_invoices_completion_id_transaction_completions')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_transaction_invoices_space_id_spaces')),
    sa.ForeignKeyConstraint(['transaction_id'], ['transactions.id'], name=op.f('fk_transaction_invoices_transaction_id_transactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transaction_invoices'))
    )
    with op.batch_alter_table('transaction_invoices', schema=None) as batch_op:
        batch_op.create_index('ix_transaction_invoices_space_id_transaction_id', ['space_id', 'transaction_id'], unique=False)

    # A plain ALTER TABLE (no batch rebuild): a rebuild on SQLite would lose the expression index.
    op.add_column('transactions', sa.Column('delivery_review_required', sa.Boolean(), nullable=False,
                                            server_default=sa.false()))


def downgrade() -> None:
    # SQLite rebuilds the table to drop a column and cannot carry an expression index over.
    op.drop_index('ix_transactions_space_id_lower_merchant_reference', table_name='transactions')
    with op.batch_alter_table('transactions', schema=None) as batch_op:
        batch_op.drop_column('delivery_review_required')
    op.create_index('ix_transactions_space_id_lower_merchant_reference', 'transactions',
                    ['space_id', sa.text('lower(merchant_reference)')])

    with op.batch_alter_table('transaction_invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_transaction_invoices_space_id_transaction_id')

    op.drop_table('transaction_invoices')
    with op.batch_alter_table('delivery_indications', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_indications_space_id_transaction_id')

    op.drop_table('delivery_indications')
    with op.batch_alter_table('transaction_line_item_versions', schema=None) as batch_op:
        batch_op.drop_index('uq_transaction_line_item_versions_space_id_external_id')
        batch_op.drop_index('ix_transaction_line_item_versions_space_id_transaction_id')

    op.drop_table('transaction_line_item_versions')
    with op.batch_alter_table('transaction_client_platforms', schema=None) as batch_op:
        batch_op.drop_index('ix_transaction_client_platforms_space_id_id')

    op.drop_table('transaction_client_platforms')
    with op.batch_alter_table('charge_flow_levels', schema=None) as batch_op:
        batch_op.drop_index('ix_charge_flow_levels_space_id_transaction_id')

    op.drop_table('charge_flow_levels')
    with op.batch_alter_table('payment_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_comments_space_id_subject_subject_id')

    op.drop_table('payment_comments')
    with op.batch_alter_table('charge_flows', schema=None) as batch_op:
        batch_op.drop_index('ix_charge_flows_space_id_id')

    op.drop_table('charge_flows')
