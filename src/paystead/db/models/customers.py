"""Customers of a space, with their addresses, comments and the email addresses they used.

Every table carries ``space_id`` and leads its indexes with it: all access is per space.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from paystead.db.base import Base, IdType, UtcDateTime, utcnow


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        # The merchant's customer id identifies a customer within its space (idempotent creates).
        Index("uq_customers_space_id_customer_ref", "space_id", "customer_ref", unique=True),
        Index("ix_customers_space_id_id", "space_id", "id"),
        # Searches compare text case-insensitively, as lower(column) = 'value': these serve
        # the usual lookups (by email, by name, by the merchant's id) and date ranges.
        Index("ix_customers_space_id_lower_email_address", "space_id", func.lower(text("email_address"))),
        Index("ix_customers_space_id_lower_family_name", "space_id", func.lower(text("family_name"))),
        Index("ix_customers_space_id_lower_customer_ref", "space_id", func.lower(text("customer_ref"))),
        Index("ix_customers_space_id_created_on", "space_id", "created_on"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    customer_ref: Mapped[str | None] = mapped_column(String(100))  # wire: customerId
    email_address: Mapped[str | None] = mapped_column(String(254))
    family_name: Mapped[str | None] = mapped_column(String(100))
    given_name: Mapped[str | None] = mapped_column(String(100))
    preferred_currency: Mapped[str | None] = mapped_column(String(3))
    language: Mapped[str | None] = mapped_column(String(20))
    meta_data: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # SHA-256 of the canonical create body, to tell a repeated create from a conflicting one.
    create_body_hash: Mapped[str | None] = mapped_column(String(64))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class CustomerAddress(Base):
    __tablename__ = "customer_addresses"
    __table_args__ = (Index("ix_customer_addresses_space_id_customer_id", "space_id", "customer_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    address: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    address_type: Mapped[str | None] = mapped_column(String(20))
    default_address: Mapped[bool] = mapped_column(Boolean, default=False)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class CustomerComment(Base):
    __tablename__ = "customer_comments"
    __table_args__ = (Index("ix_customer_comments_space_id_customer_id", "space_id", "customer_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    content: Mapped[str | None] = mapped_column(Text)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(IdType)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    edited_by: Mapped[int | None] = mapped_column(IdType)
    edited_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class CustomerEmailAddress(Base):
    """Every email address a customer has had, for /customers/{id}/email-addresses."""

    __tablename__ = "customer_email_addresses"
    __table_args__ = (
        Index("uq_customer_email_addresses_space_id_customer_id_email", "space_id", "customer_id", "email_address",
              unique=True),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    email_address: Mapped[str] = mapped_column(String(254))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
