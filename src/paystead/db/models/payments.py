"""A space's payment configuration: processor configurations (a contract with a processor),
payment method configurations (what buyers choose) and connector configurations (which
processor serves which method, under which conditions, in which priority)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from paystead.db.base import Base, IdType, UtcDateTime, utcnow


class PaymentProcessorConfiguration(Base):
    __tablename__ = "payment_processor_configurations"
    __table_args__ = (Index("ix_payment_processor_configurations_space_id_id", "space_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    name: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20))
    processor_id: Mapped[int] = mapped_column(ForeignKey("reference_payment_processors.id"))
    application_managed: Mapped[bool] = mapped_column(Boolean, default=False)
    contract_id: Mapped[int | None] = mapped_column(IdType)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class PaymentMethodConfiguration(Base):
    __tablename__ = "payment_method_configurations"
    __table_args__ = (Index("ix_payment_method_configurations_space_id_id", "space_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    name: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20))
    payment_method_id: Mapped[int] = mapped_column(ForeignKey("reference_payment_methods.id"))
    data_collection_type: Mapped[str] = mapped_column(String(20))
    one_click_payment_mode: Mapped[str] = mapped_column(String(20), default="DISABLED")
    title: Mapped[dict | None] = mapped_column(JSON)
    description: Mapped[dict | None] = mapped_column(JSON)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    image_resource_path: Mapped[str | None] = mapped_column(String(500))
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class PaymentConnectorConfiguration(Base):
    __tablename__ = "payment_connector_configurations"
    __table_args__ = (Index("ix_payment_connector_configurations_space_id_id", "space_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    name: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20))
    connector_id: Mapped[int] = mapped_column(ForeignKey("reference_payment_connectors.id"))
    processor_configuration_id: Mapped[int] = mapped_column(ForeignKey("payment_processor_configurations.id"))
    payment_method_configuration_id: Mapped[int] = mapped_column(ForeignKey("payment_method_configurations.id"))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    condition_ids: Mapped[list | None] = mapped_column(JSON)
    enabled_sales_channel_ids: Mapped[list | None] = mapped_column(JSON)
    enabled_space_view_ids: Mapped[list | None] = mapped_column(JSON)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class SalesChannel(Base):
    """Reference data: where a payment happens (web shop, app, terminal, mail or phone order)."""

    __tablename__ = "reference_sales_channels"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=False)
    name: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON)
    sort_order: Mapped[int] = mapped_column(Integer)
