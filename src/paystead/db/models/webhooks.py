"""Webhooks: where to send (URLs), what to send (listeners), who signs (identities and the
server's signing keys), and the outbox of deliveries with every attempt to send them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from paystead.clock import wall_now
from paystead.db.base import Base, IdType, UtcDateTime, utcnow
from paystead.db.models.transactions import Event


class WebhookUrl(Base):
    __tablename__ = "webhook_urls"
    __table_args__ = (Index("ix_webhook_urls_space_id_id", "space_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    name: Mapped[str | None] = mapped_column(String(50))
    url: Mapped[str] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(20))
    application_managed: Mapped[bool] = mapped_column(Boolean, default=False)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class WebhookIdentity(Base):
    """Who signs a listener's messages. Every identity signs with the server's current key."""

    __tablename__ = "webhook_identities"
    __table_args__ = (Index("ix_webhook_identities_space_id_id", "space_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    name: Mapped[str | None] = mapped_column(String(50))
    state: Mapped[str] = mapped_column(String(20))
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class WebhookListener(Base):
    __tablename__ = "webhook_listeners"
    __table_args__ = (
        Index("ix_webhook_listeners_space_id_id", "space_id", "id"),
        Index("ix_webhook_listeners_space_id_entity", "space_id", "entity"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    name: Mapped[str | None] = mapped_column(String(50))
    entity: Mapped[int] = mapped_column(BigInteger)  # a listener entity id, e.g. 1472041829003
    entity_states: Mapped[list | None] = mapped_column(JSON)
    notify_every_change: Mapped[bool] = mapped_column(Boolean, default=False)
    url_id: Mapped[int] = mapped_column(ForeignKey("webhook_urls.id"))
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_identities.id"))
    state: Mapped[str] = mapped_column(String(20))
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class WebhookSigningKey(Base):
    """An ECDSA P-256 key pair. The newest active key signs; retired keys stay readable so
    that messages signed before a rotation still verify."""

    __tablename__ = "webhook_signing_keys"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # the keyId of X-Signature
    public_key: Mapped[str] = mapped_column(Text)  # base64 of the DER SubjectPublicKeyInfo
    private_key_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=wall_now)
    retired_on: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WebhookDelivery(Base):
    """One message for one listener, written in the same database transaction as the change
    that causes it (the outbox). The worker sends a listener's deliveries in id order."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_state_next_attempt_on", "state", "next_attempt_on"),
        Index("ix_webhook_deliveries_listener_id_state_id", "listener_id", "state", "id"),
        Index("ix_webhook_deliveries_space_id_id", "space_id", "id"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    listener_id: Mapped[int] = mapped_column(ForeignKey("webhook_listeners.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    event: Mapped[Event] = relationship(lazy="raise")
    entity: Mapped[int] = mapped_column(BigInteger)
    entity_id: Mapped[int] = mapped_column(IdType)
    entity_state: Mapped[str | None] = mapped_column(String(30))
    # PENDING (to send or to retry), DELIVERED, or FAILED (gave up after the last retry).
    state: Mapped[str] = mapped_column(String(20), default="PENDING")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Delivery is about a real receiver waiting in real time: the wall clock, not the space's.
    next_attempt_on: Mapped[datetime] = mapped_column(UtcDateTime, default=wall_now)
    # While a worker sends it: other workers leave it alone until then.
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=wall_now)
    delivered_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class WebhookAttempt(Base):
    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_delivery_id", "delivery_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id"))
    url: Mapped[str] = mapped_column(String(500))
    started_on: Mapped[datetime] = mapped_column(UtcDateTime, default=wall_now)
    duration_ms: Mapped[int] = mapped_column(Integer)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    response_excerpt: Mapped[str | None] = mapped_column(String(1000))
