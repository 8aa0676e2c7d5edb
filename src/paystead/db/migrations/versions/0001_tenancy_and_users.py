"""accounts, spaces, users, keys, roles and permissions

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 20:24:45.990031
"""

from alembic import op
import sqlalchemy as sa



revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('accounts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('parent_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('scope_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=1000), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('subaccount_limit', sa.Integer(), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('deleted_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['accounts.id'], name=op.f('fk_accounts_parent_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts'))
    )
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accounts_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_accounts_path'), ['path'], unique=False)
        batch_op.create_index(batch_op.f('ix_accounts_state'), ['state'], unique=False)

    op.create_table('permissions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('parent_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('machine_name', sa.String(length=100), nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('path_to_root', sa.JSON(), nullable=False),
    sa.Column('is_group', sa.Boolean(), nullable=False),
    sa.Column('leaf', sa.Boolean(), nullable=False),
    sa.Column('two_factor_required', sa.Boolean(), nullable=False),
    sa.Column('web_app_enabled', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_permissions')),
    sa.UniqueConstraint('machine_name', name=op.f('uq_permissions_machine_name'))
    )
    with op.batch_alter_table('permissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_permissions_parent_id'), ['parent_id'], unique=False)

    op.create_table('roles',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('two_factor_required', sa.Boolean(), nullable=False),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_roles_account_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles'))
    )
    with op.batch_alter_table('roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roles_account_id'), ['account_id'], unique=False)

    op.create_table('spaces',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('time_zone', sa.String(length=100), nullable=True),
    sa.Column('primary_currency', sa.String(length=3), nullable=True),
    sa.Column('request_limit', sa.Integer(), nullable=True),
    sa.Column('technical_contact_addresses', sa.JSON(), nullable=True),
    sa.Column('postal_address', sa.JSON(), nullable=True),
    sa.Column('database_id', sa.Integer(), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('deleted_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_spaces_account_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spaces'))
    )
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spaces_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spaces_state'), ['state'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_type', sa.String(length=30), nullable=False),
    sa.Column('primary_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('scope_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=256), nullable=True),
    sa.Column('request_limit', sa.Integer(), nullable=True),
    sa.Column('firstname', sa.String(length=100), nullable=True),
    sa.Column('lastname', sa.String(length=100), nullable=True),
    sa.Column('email_address', sa.String(length=128), nullable=True),
    sa.Column('email_address_verified', sa.Boolean(), nullable=False),
    sa.Column('mobile_phone_number', sa.String(length=30), nullable=True),
    sa.Column('mobile_phone_verified', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('time_zone', sa.String(length=100), nullable=True),
    sa.Column('two_factor_enabled', sa.Boolean(), nullable=False),
    sa.Column('provider_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('planned_purge_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['primary_account_id'], ['accounts.id'], name=op.f('fk_users_primary_account_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_email_address'), ['email_address'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_primary_account_id'), ['primary_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_user_type'), ['user_type'], unique=False)

    op.create_table('application_user_keys',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('secret_ciphertext', sa.LargeBinary(), nullable=False),
    sa.Column('created_on', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_on', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_application_user_keys_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_user_keys'))
    )
    with op.batch_alter_table('application_user_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_user_keys_user_id'), ['user_id'], unique=False)

    op.create_table('role_permissions',
    sa.Column('role_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('permission_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['permission_id'], ['permissions.id'], name=op.f('fk_role_permissions_permission_id_permissions')),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_role_permissions_role_id_roles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('role_id', 'permission_id', name=op.f('pk_role_permissions'))
    )
    op.create_table('user_account_roles',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('role_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('applies_on_sub_account', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_user_account_roles_account_id_accounts')),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_user_account_roles_role_id_roles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_account_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account_roles')),
    sa.UniqueConstraint('user_id', 'account_id', 'role_id', name=op.f('uq_user_account_roles_user_id'))
    )
    with op.batch_alter_table('user_account_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_roles_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_account_roles_role_id'), ['role_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_account_roles_user_id'), ['user_id'], unique=False)

    op.create_table('user_space_roles',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('space_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('role_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_user_space_roles_role_id_roles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_user_space_roles_space_id_spaces')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_space_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_space_roles')),
    sa.UniqueConstraint('user_id', 'space_id', 'role_id', name=op.f('uq_user_space_roles_user_id'))
    )
    with op.batch_alter_table('user_space_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_space_roles_role_id'), ['role_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_space_roles_space_id'), ['space_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_space_roles_user_id'), ['user_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('user_space_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_space_roles_user_id'))
        batch_op.drop_index(batch_op.f('ix_user_space_roles_space_id'))
        batch_op.drop_index(batch_op.f('ix_user_space_roles_role_id'))

    op.drop_table('user_space_roles')
    with op.batch_alter_table('user_account_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_roles_user_id'))
        batch_op.drop_index(batch_op.f('ix_user_account_roles_role_id'))
        batch_op.drop_index(batch_op.f('ix_user_account_roles_account_id'))

    op.drop_table('user_account_roles')
    op.drop_table('role_permissions')
    with op.batch_alter_table('application_user_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_user_keys_user_id'))

    op.drop_table('application_user_keys')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_user_type'))
        batch_op.drop_index(batch_op.f('ix_users_primary_account_id'))
        batch_op.drop_index(batch_op.f('ix_users_email_address'))

    op.drop_table('users')
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spaces_state'))
        batch_op.drop_index(batch_op.f('ix_spaces_account_id'))

    op.drop_table('spaces')
    with op.batch_alter_table('roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roles_account_id'))

    op.drop_table('roles')
    with op.batch_alter_table('permissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_permissions_parent_id'))

    op.drop_table('permissions')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accounts_state'))
        batch_op.drop_index(batch_op.f('ix_accounts_parent_id'))

    op.drop_table('accounts')

