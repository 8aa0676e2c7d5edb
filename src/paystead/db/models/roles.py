"""Permissions (reference data), roles that bundle them, and grants of roles to users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from paystead.db.base import Base, IdType, UtcDateTime, utcnow


class Permission(Base):
    __tablename__ = "permissions"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    parent_id: Mapped[int | None] = mapped_column(IdType, index=True)
    machine_name: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    path_to_root: Mapped[list] = mapped_column(JSON)
    is_group: Mapped[bool] = mapped_column(Boolean)
    leaf: Mapped[bool] = mapped_column(Boolean)
    two_factor_required: Mapped[bool] = mapped_column(Boolean, default=False)
    web_app_enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class Role(Base):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(20))
    two_factor_required: Mapped[bool] = mapped_column(Boolean, default=False)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Optimistic locking: UPDATE ... WHERE version = :seen, so one of two concurrent writers loses.
    __mapper_args__ = {"version_id_col": version}


class RolePermission(Base):
    __tablename__ = "role_permissions"

    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    permission_id: Mapped[int] = mapped_column(ForeignKey("permissions.id"), primary_key=True)


class UserAccountRole(Base):
    __tablename__ = "user_account_roles"
    __table_args__ = (UniqueConstraint("user_id", "account_id", "role_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), index=True)
    applies_on_sub_account: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Optimistic locking: UPDATE ... WHERE version = :seen, so one of two concurrent writers loses.
    __mapper_args__ = {"version_id_col": version}


class UserSpaceRole(Base):
    __tablename__ = "user_space_roles"
    __table_args__ = (UniqueConstraint("user_id", "space_id", "role_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Optimistic locking: UPDATE ... WHERE version = :seen, so one of two concurrent writers loses.
    __mapper_args__ = {"version_id_col": version}
