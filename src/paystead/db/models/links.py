"""Payment links: a shareable URL that starts transactions from stored line items."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from paystead.db.base import Base, IdType, UtcDateTime, utcnow


class PaymentLink(Base):
    __tablename__ = "payment_links"
    __table_args__ = (
        Index("ix_payment_links_space_id_id", "space_id", "id"),
        Index("uq_payment_links_space_id_external_id", "space_id", "external_id", unique=True),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    external_id: Mapped[str] = mapped_column(String(100))
    create_body_hash: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20))
    protection_mode: Mapped[str] = mapped_column(String(20))
    # Part of the link's URL when protected by an access key; never shown on its own.
    access_key: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str | None] = mapped_column(String(3))
    language: Mapped[str | None] = mapped_column(String(20))
    line_items: Mapped[list | None] = mapped_column(JSON)
    available_from: Mapped[datetime | None] = mapped_column(UtcDateTime)
    available_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    maximal_number_of_transactions: Mapped[int | None] = mapped_column(Integer)
    # Transactions started through the link, counted with a conditional UPDATE so that
    # concurrent buyers can never exceed the maximum.
    transactions_started: Mapped[int] = mapped_column(Integer, default=0)
    allowed_payment_method_configuration_ids: Mapped[list | None] = mapped_column(JSON)
    allowed_redirection_domains: Mapped[list | None] = mapped_column(JSON)
    applied_space_view: Mapped[int | None] = mapped_column(IdType)
    billing_address_handling_mode: Mapped[str | None] = mapped_column(String(30))
    shipping_address_handling_mode: Mapped[str | None] = mapped_column(String(30))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
