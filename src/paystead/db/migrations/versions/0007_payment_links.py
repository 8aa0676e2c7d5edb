"""payment links; charge attempts remember whether they were made on the hosted payment page

Revision ID: 0007
Revises: 0006
"""

from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "payment_links",
        sa.Column("id", _ID, nullable=False),
        sa.Column("space_id", _ID, nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("create_body_hash", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("protection_mode", sa.String(length=20), nullable=False),
        sa.Column("access_key", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("language", sa.String(length=20), nullable=True),
        sa.Column("line_items", sa.JSON(), nullable=True),
        sa.Column("available_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("available_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("maximal_number_of_transactions", sa.Integer(), nullable=True),
        sa.Column("transactions_started", sa.Integer(), nullable=False),
        sa.Column("allowed_payment_method_configuration_ids", sa.JSON(), nullable=True),
        sa.Column("allowed_redirection_domains", sa.JSON(), nullable=True),
        sa.Column("applied_space_view", _ID, nullable=True),
        sa.Column("billing_address_handling_mode", sa.String(length=30), nullable=True),
        sa.Column("shipping_address_handling_mode", sa.String(length=30), nullable=True),
        sa.Column("created_on", sa.DateTime(timezone=True), nullable=False),
        sa.Column("planned_purge_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["space_id"], ["spaces.id"], name=op.f("fk_payment_links_space_id_spaces")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_links")),
    )
    op.create_index("ix_payment_links_space_id_id", "payment_links", ["space_id", "id"])
    op.create_index("uq_payment_links_space_id_external_id", "payment_links", ["space_id", "external_id"],
                    unique=True)
    op.add_column("charge_attempts", sa.Column("hosted", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("charge_attempts") as batch_op:
        batch_op.drop_column("hosted")
    op.drop_index("uq_payment_links_space_id_external_id", table_name="payment_links")
    op.drop_index("ix_payment_links_space_id_id", table_name="payment_links")
    op.drop_table("payment_links")
