"""webhooks: URLs, identities, listeners, signing keys, the delivery outbox and its attempts

Revision ID: 0008
Revises: 0007
"""

from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_WHEN = sa.DateTime(timezone=True)


def _space_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["space_id"], ["spaces.id"], name=op.f(f"fk_{table}_space_id_spaces"))


def upgrade() -> None:
    op.create_table(
        "webhook_urls",
        sa.Column("id", _ID, nullable=False),
        sa.Column("space_id", _ID, nullable=False),
        sa.Column("name", sa.String(50), nullable=True),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("application_managed", sa.Boolean(), nullable=False),
        sa.Column("planned_purge_date", _WHEN, nullable=True),
        sa.Column("created_on", _WHEN, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _space_fk("webhook_urls"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_urls")),
    )
    op.create_index("ix_webhook_urls_space_id_id", "webhook_urls", ["space_id", "id"])
    op.create_table(
        "webhook_identities",
        sa.Column("id", _ID, nullable=False),
        sa.Column("space_id", _ID, nullable=False),
        sa.Column("name", sa.String(50), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("planned_purge_date", _WHEN, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _space_fk("webhook_identities"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_identities")),
    )
    op.create_index("ix_webhook_identities_space_id_id", "webhook_identities", ["space_id", "id"])
    op.create_table(
        "webhook_listeners",
        sa.Column("id", _ID, nullable=False),
        sa.Column("space_id", _ID, nullable=False),
        sa.Column("name", sa.String(50), nullable=True),
        sa.Column("entity", sa.BigInteger(), nullable=False),
        sa.Column("entity_states", sa.JSON(), nullable=True),
        sa.Column("notify_every_change", sa.Boolean(), nullable=False),
        sa.Column("url_id", _ID, nullable=False),
        sa.Column("identity_id", _ID, nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("planned_purge_date", _WHEN, nullable=True),
        sa.Column("created_on", _WHEN, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _space_fk("webhook_listeners"),
        sa.ForeignKeyConstraint(["url_id"], ["webhook_urls.id"], name=op.f("fk_webhook_listeners_url_id_webhook_urls")),
        sa.ForeignKeyConstraint(["identity_id"], ["webhook_identities.id"],
                                name=op.f("fk_webhook_listeners_identity_id_webhook_identities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_listeners")),
    )
    op.create_index("ix_webhook_listeners_space_id_id", "webhook_listeners", ["space_id", "id"])
    op.create_index("ix_webhook_listeners_space_id_entity", "webhook_listeners", ["space_id", "entity"])
    op.create_table(
        "webhook_signing_keys",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("private_key_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_on", _WHEN, nullable=False),
        sa.Column("retired_on", _WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_signing_keys")),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", _ID, nullable=False),
        sa.Column("space_id", _ID, nullable=False),
        sa.Column("listener_id", _ID, nullable=False),
        sa.Column("event_id", _ID, nullable=False),
        sa.Column("entity", sa.BigInteger(), nullable=False),
        sa.Column("entity_id", _ID, nullable=False),
        sa.Column("entity_state", sa.String(30), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_on", _WHEN, nullable=False),
        sa.Column("claimed_until", _WHEN, nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("created_on", _WHEN, nullable=False),
        sa.Column("delivered_on", _WHEN, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _space_fk("webhook_deliveries"),
        sa.ForeignKeyConstraint(["listener_id"], ["webhook_listeners.id"],
                                name=op.f("fk_webhook_deliveries_listener_id_webhook_listeners")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_webhook_deliveries_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    op.create_index("ix_webhook_deliveries_state_next_attempt_on", "webhook_deliveries", ["state", "next_attempt_on"])
    op.create_index("ix_webhook_deliveries_listener_id_state_id", "webhook_deliveries", ["listener_id", "state", "id"])
    op.create_index("ix_webhook_deliveries_space_id_id", "webhook_deliveries", ["space_id", "id"])
    op.create_table(
        "webhook_attempts",
        sa.Column("id", _ID, nullable=False),
        sa.Column("delivery_id", _ID, nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("started_on", _WHEN, nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("response_excerpt", sa.String(1000), nullable=True),
        sa.ForeignKeyConstraint(["delivery_id"], ["webhook_deliveries.id"],
                                name=op.f("fk_webhook_attempts_delivery_id_webhook_deliveries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_attempts")),
    )
    op.create_index("ix_webhook_attempts_delivery_id", "webhook_attempts", ["delivery_id"])


def downgrade() -> None:
    for table in ("webhook_attempts", "webhook_deliveries", "webhook_signing_keys", "webhook_listeners",
                  "webhook_identities", "webhook_urls"):
        op.drop_table(table)
