"""Accounts (a tree: accounts own sub-accounts) and the spaces inside them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from paystead.db.base import Base, IdType, UtcDateTime, utcnow


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    # Materialised path of ids from the root, "/1/5/9/": descendants are a prefix match.
    path: Mapped[str] = mapped_column(String(1000), index=True, default="")
    scope_id: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), index=True)
    subaccount_limit: Mapped[int | None] = mapped_column(Integer)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(IdType)
    deleted_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deleted_by: Mapped[int | None] = mapped_column(IdType)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Optimistic locking: UPDATE ... WHERE version = :seen, so one of two concurrent writers loses.
    __mapper_args__ = {"version_id_col": version}


class Space(Base):
    __tablename__ = "spaces"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), index=True)
    time_zone: Mapped[str | None] = mapped_column(String(100))
    primary_currency: Mapped[str | None] = mapped_column(String(3))
    request_limit: Mapped[int | None] = mapped_column(Integer)
    technical_contact_addresses: Mapped[list | None] = mapped_column(JSON)
    postal_address: Mapped[dict | None] = mapped_column(JSON)
    database_id: Mapped[int | None] = mapped_column(Integer)
    # The space's clock: microseconds from the wall clock (paystead.clock). Not part of wallee's
    # Space: changing it (``paystead clock advance``) leaves the space's version alone.
    clock_offset_us: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(IdType)
    deleted_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deleted_by: Mapped[int | None] = mapped_column(IdType)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Optimistic locking: UPDATE ... WHERE version = :seen, so one of two concurrent writers loses.
    __mapper_args__ = {"version_id_col": version}
