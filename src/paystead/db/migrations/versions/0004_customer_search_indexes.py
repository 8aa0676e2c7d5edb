"""customer search indexes: case-insensitive text lookups and date ranges

Searches compare text as ``lower(column) = 'value'``; the plain email index could not serve
that, so it is replaced by one on ``lower(email_address)``.

Revision ID: 0004
Revises: 0003
"""

from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_LOWER_INDEXES = {
    "ix_customers_space_id_lower_email_address": "email_address",
    "ix_customers_space_id_lower_family_name": "family_name",
    "ix_customers_space_id_lower_customer_ref": "customer_ref",
}


def upgrade() -> None:
    op.drop_index("ix_customers_space_id_email_address", table_name="customers")
    for name, column in _LOWER_INDEXES.items():
        op.create_index(name, "customers", ["space_id", sa.text(f"lower({column})")])
    op.create_index("ix_customers_space_id_created_on", "customers", ["space_id", "created_on"])


def downgrade() -> None:
    op.drop_index("ix_customers_space_id_created_on", table_name="customers")
    for name in _LOWER_INDEXES:
        op.drop_index(name, table_name="customers")
    op.create_index("ix_customers_space_id_email_address", "customers", ["space_id", "email_address"])
