"""spaces: each space's clock, as its offset from the wall clock in microseconds

Zero for every existing space (its clock is the wall clock). A sandbox space started in the
past, or moved forward, records how far its clock is from the wall clock (see paystead.clock).

Revision ID: 0011
Revises: 0010
"""

from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("spaces") as batch:
        batch.add_column(sa.Column("clock_offset_us", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("spaces") as batch:
        batch.drop_column("clock_offset_us")
