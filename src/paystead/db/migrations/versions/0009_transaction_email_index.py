"""transactions: an index for searches by the buyer's email address

Searches compare text as ``lower(column) = 'value'``; without this index a search for a
buyer's transactions read every transaction of the space (400 ms over a million).

Revision ID: 0009
Revises: 0008
"""

from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_transactions_space_id_lower_customer_email_address", "transactions",
                    ["space_id", sa.text("lower(customer_email_address)")])


def downgrade() -> None:
    op.drop_index("ix_transactions_space_id_lower_customer_email_address", table_name="transactions")
