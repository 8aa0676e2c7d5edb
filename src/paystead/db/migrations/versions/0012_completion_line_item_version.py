"""transaction completions: the line item version each one was made against

wallee's TransactionCompletion links its ``lineItemVersion``; integrations search a
transaction's invoices through it (``completion.lineItemVersion.transaction.id``). Existing
completions get the latest line item version of their transaction made before them.

Revision ID: 0012
Revises: 0011
"""

from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_FK = "fk_transaction_completions_line_item_version"  # the conventional name is too long


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a referencing column in place (a batch copy would drop the table that
        # invoices and delivery indications reference).
        op.execute("ALTER TABLE transaction_completions ADD COLUMN line_item_version_id INTEGER "
                   "REFERENCES transaction_line_item_versions (id)")
    else:
        op.add_column("transaction_completions", sa.Column("line_item_version_id", _ID, nullable=True))
        op.create_foreign_key(_FK, "transaction_completions", "transaction_line_item_versions",
                              ["line_item_version_id"], ["id"])
    op.execute(
        "UPDATE transaction_completions SET line_item_version_id = ("
        " SELECT max(v.id) FROM transaction_line_item_versions v"
        " WHERE v.transaction_id = transaction_completions.transaction_id AND v.state = 'SUCCESSFUL'"
        " AND v.created_on <= transaction_completions.created_on)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(_FK, "transaction_completions", type_="foreignkey")
    op.drop_column("transaction_completions", "line_item_version_id")
