"""Users of every kind (application, human, single sign-on) and application users' keys.

One table for all kinds because role grants, ``createdBy`` and JWT ``sub`` refer to a user
id whatever its kind, as wallee's ids do.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from paystead.db.base import Base, IdType, UtcDateTime, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    user_type: Mapped[str] = mapped_column(String(30), index=True)
    primary_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    scope_id: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(256))
    request_limit: Mapped[int | None] = mapped_column(Integer)
    firstname: Mapped[str | None] = mapped_column(String(100))
    lastname: Mapped[str | None] = mapped_column(String(100))
    email_address: Mapped[str | None] = mapped_column(String(128), index=True)
    email_address_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile_phone_number: Mapped[str | None] = mapped_column(String(30))
    mobile_phone_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(10))
    time_zone: Mapped[str | None] = mapped_column(String(100))
    two_factor_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    provider_id: Mapped[int | None] = mapped_column(IdType)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(IdType)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Optimistic locking: UPDATE ... WHERE version = :seen, so one of two concurrent writers loses.
    __mapper_args__ = {"version_id_col": version}


class ApplicationUserKey(Base):
    """An authentication (MAC) key, stored encrypted under the master key, never readable back."""

    __tablename__ = "application_user_keys"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    secret_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
