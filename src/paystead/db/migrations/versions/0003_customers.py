"""customers, their addresses, comments and email addresses

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", _ID, nullable=False),
        sa.Column("space_id", _ID, nullable=False),
        sa.Column("customer_ref", sa.String(length=100), nullable=True),
        sa.Column("email_address", sa.String(length=254), nullable=True),
        sa.Column("family_name", sa.String(length=100), nullable=True),
        sa.Column("given_name", sa.String(length=100), nullable=True),
        sa.Column("preferred_currency", sa.String(length=3), nullable=True),
        sa.Column("language", sa.String(length=20), nullable=True),
        sa.Column("meta_data", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("create_body_hash", sa.String(length=64), nullable=True),
        sa.Column("created_on", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["space_id"], ["spaces.id"], name="fk_customers_space_id_spaces"),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
    )
    op.create_index("uq_customers_space_id_customer_ref", "customers", ["space_id", "customer_ref"], unique=True)
    op.create_index("ix_customers_space_id_email_address", "customers", ["space_id", "email_address"])
    op.create_index("ix_customers_space_id_id", "customers", ["space_id", "id"])

    op.create_table(
        "customer_addresses",
        sa.Column("id", _ID, nullable=False),
        sa.Column("space_id", _ID, nullable=False),
        sa.Column("customer_id", _ID, nullable=False),
        sa.Column("address", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("address_type", sa.String(length=20), nullable=True),
        sa.Column("default_address", sa.Boolean(), nullable=False),
        sa.Column("created_on", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["space_id"], ["spaces.id"], name="fk_customer_addresses_space_id_spaces"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE",
                                name="fk_customer_addresses_customer_id_customers"),
        sa.PrimaryKeyConstraint("id", name="pk_customer_addresses"),
    )
    op.create_index("ix_customer_addresses_space_id_customer_id", "customer_addresses", ["space_id", "customer_id"])

    op.create_table(
        "customer_comments",
        sa.Column("id", _ID, nullable=False),
        sa.Column("space_id", _ID, nullable=False),
        sa.Column("customer_id", _ID, nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("created_by", _ID, nullable=True),
        sa.Column("created_on", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_by", _ID, nullable=True),
        sa.Column("edited_on", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["space_id"], ["spaces.id"], name="fk_customer_comments_space_id_spaces"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE",
                                name="fk_customer_comments_customer_id_customers"),
        sa.PrimaryKeyConstraint("id", name="pk_customer_comments"),
    )
    op.create_index("ix_customer_comments_space_id_customer_id", "customer_comments", ["space_id", "customer_id"])

    op.create_table(
        "customer_email_addresses",
        sa.Column("id", _ID, nullable=False),
        sa.Column("space_id", _ID, nullable=False),
        sa.Column("customer_id", _ID, nullable=False),
        sa.Column("email_address", sa.String(length=254), nullable=False),
        sa.Column("created_on", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["space_id"], ["spaces.id"], name="fk_customer_email_addresses_space_id_spaces"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE",
                                name="fk_customer_email_addresses_customer_id_customers"),
        sa.PrimaryKeyConstraint("id", name="pk_customer_email_addresses"),
    )
    op.create_index("uq_customer_email_addresses_space_id_customer_id_email", "customer_email_addresses",
                    ["space_id", "customer_id", "email_address"], unique=True)


def downgrade() -> None:
    op.drop_table("customer_email_addresses")
    op.drop_table("customer_comments")
    op.drop_table("customer_addresses")
    op.drop_table("customers")
