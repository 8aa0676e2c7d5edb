"""Transactions and what happens to them: charge attempts, charges, completions, voids,
refunds; tokens and their versions; and the event row every state change leaves.

Amounts are NUMERIC and read as Decimal (major units); they are rounded to the currency's
minor units before they are stored. Line items are kept as JSON with amounts as text.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, Numeric, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from paystead.db.base import Base, IdType, UtcDateTime, utcnow

Money = Numeric(28, 10)


class TransactionGroup(Base):
    __tablename__ = "transaction_groups"
    __table_args__ = (Index("ix_transaction_groups_space_id_id", "space_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    customer_id: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20), default="PENDING")
    begin_date: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    end_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Transaction(Base):
    __tablename__ = "transactions"
    __table_args__ = (
        Index("ix_transactions_space_id_id", "space_id", "id"),
        Index("ix_transactions_space_id_state", "space_id", "state"),
        Index("ix_transactions_space_id_lower_merchant_reference", "space_id", func.lower(text("merchant_reference"))),
        Index("ix_transactions_space_id_lower_customer_email_address", "space_id",
              func.lower(text("customer_email_address"))),
        Index("ix_transactions_space_id_created_on", "space_id", "created_on"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("transaction_groups.id"))
    # Set instead of group_id on a new transaction, so that one flush inserts both (never read).
    group_row: Mapped[TransactionGroup] = relationship(lazy="raise")
    state: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    language: Mapped[str | None] = mapped_column(String(20))
    time_zone: Mapped[str | None] = mapped_column(String(100))
    customer_id: Mapped[str | None] = mapped_column(String(100))
    customer_email_address: Mapped[str | None] = mapped_column(String(254))
    merchant_reference: Mapped[str | None] = mapped_column(String(100))
    invoice_merchant_reference: Mapped[str | None] = mapped_column(String(100))
    shipping_method: Mapped[str | None] = mapped_column(String(200))
    success_url: Mapped[str | None] = mapped_column(String(2000))
    failed_url: Mapped[str | None] = mapped_column(String(2000))
    tokenization_mode: Mapped[str | None] = mapped_column(String(50))
    completion_behavior: Mapped[str] = mapped_column(String(30))
    customers_presence: Mapped[str] = mapped_column(String(30))
    environment: Mapped[str | None] = mapped_column(String(20))
    environment_selection_strategy: Mapped[str] = mapped_column(String(40))
    authorization_environment: Mapped[str | None] = mapped_column(String(20))
    token_id: Mapped[int | None] = mapped_column(ForeignKey("tokens.id"))
    allowed_payment_method_brands: Mapped[list | None] = mapped_column(JSON)
    allowed_payment_method_configurations: Mapped[list | None] = mapped_column(JSON)
    billing_address: Mapped[dict | None] = mapped_column(JSON)
    shipping_address: Mapped[dict | None] = mapped_column(JSON)
    meta_data: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    charge_retry_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    emails_disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    auto_confirmation_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    device_session_identifier: Mapped[str | None] = mapped_column(String(40))
    space_view_id: Mapped[int | None] = mapped_column(IdType)
    line_items: Mapped[list] = mapped_column(JSON)
    authorization_amount: Mapped[Decimal] = mapped_column(Money)
    completed_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    refunded_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    payment_connector_configuration_id: Mapped[int | None] = mapped_column(
        ForeignKey("payment_connector_configurations.id"))
    failure_reason_id: Mapped[int | None] = mapped_column(Integer)
    user_failure_message: Mapped[str | None] = mapped_column(String(500))
    user_interface_type: Mapped[str | None] = mapped_column(String(30))
    # The simulator asks for a manual delivery decision (a review card was used).
    delivery_review_required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Proves a buyer-facing URL was handed out for this transaction (payment page, iframe...).
    security_token: Mapped[str] = mapped_column(String(64))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(IdType)
    confirmed_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    confirmed_by: Mapped[int | None] = mapped_column(IdType)
    processing_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    authorized_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failed_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    voided_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    delivery_decision_made_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    authorization_timeout_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completion_timeout_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Charge(Base):
    __tablename__ = "charges"
    __table_args__ = (Index("ix_charges_space_id_transaction_id", "space_id", "transaction_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    type: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(20))
    time_zone: Mapped[str | None] = mapped_column(String(100))
    failure_reason_id: Mapped[int | None] = mapped_column(Integer)
    user_failure_message: Mapped[str | None] = mapped_column(String(500))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    timeout_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ChargeAttempt(Base):
    __tablename__ = "charge_attempts"
    __table_args__ = (Index("ix_charge_attempts_space_id_transaction_id", "space_id", "transaction_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    charge_id: Mapped[int | None] = mapped_column(ForeignKey("charges.id"))
    # Set instead of charge_id on a new attempt, so that one flush inserts the charge and then the
    # attempt (never read: lazy="raise").
    charge_row: Mapped[Charge | None] = relationship(lazy="raise")
    state: Mapped[str] = mapped_column(String(20))
    connector_configuration_id: Mapped[int] = mapped_column(ForeignKey("payment_connector_configurations.id"))
    environment: Mapped[str] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(20))
    time_zone: Mapped[str | None] = mapped_column(String(100))
    customers_presence: Mapped[str | None] = mapped_column(String(30))
    completion_behavior: Mapped[str | None] = mapped_column(String(30))
    redirection_url: Mapped[str | None] = mapped_column(String(2000))
    initializing_token_version: Mapped[bool] = mapped_column(Boolean, default=False)
    token_version_id: Mapped[int | None] = mapped_column(ForeignKey("token_versions.id"))
    # What the buyer used, as far as it may be kept: brand, BIN and last four digits.
    payment_method_brand_id: Mapped[int | None] = mapped_column(IdType)
    masked_card: Mapped[str | None] = mapped_column(String(30))
    # The simulator's reference of the card while a 3-D Secure challenge is open.
    processor_token: Mapped[str | None] = mapped_column(String(64))
    # Made on Paystead's payment page: a decline leaves the transaction open for another try.
    hosted: Mapped[bool] = mapped_column(Boolean, default=False)
    failure_reason_id: Mapped[int | None] = mapped_column(Integer)
    user_failure_message: Mapped[str | None] = mapped_column(String(500))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    succeeded_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failed_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    timeout_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TransactionCompletion(Base):
    __tablename__ = "transaction_completions"
    __table_args__ = (Index("ix_transaction_completions_space_id_transaction_id", "space_id", "transaction_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    # The transaction's line items as they stood when it was completed (its latest version).
    line_item_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("transaction_line_item_versions.id", name="fk_transaction_completions_line_item_version"))
    state: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money)
    tax_amount: Mapped[Decimal] = mapped_column(Money)
    line_items: Mapped[list] = mapped_column(JSON)
    last_completion: Mapped[bool] = mapped_column(Boolean)
    external_id: Mapped[str | None] = mapped_column(String(100))
    invoice_merchant_reference: Mapped[str | None] = mapped_column(String(100))
    statement_descriptor: Mapped[str | None] = mapped_column(String(80))
    meta_data: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    processor_reference: Mapped[str | None] = mapped_column(String(100))
    failure_reason_id: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(20))
    time_zone: Mapped[str | None] = mapped_column(String(100))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(IdType)
    processing_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    succeeded_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failed_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    timeout_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TransactionVoid(Base):
    __tablename__ = "transaction_voids"
    __table_args__ = (Index("ix_transaction_voids_space_id_transaction_id", "space_id", "transaction_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    state: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20))
    processor_reference: Mapped[str | None] = mapped_column(String(100))
    failure_reason_id: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(20))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(IdType)
    succeeded_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failed_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    timeout_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Refund(Base):
    __tablename__ = "refunds"
    __table_args__ = (
        Index("ix_refunds_space_id_transaction_id", "space_id", "transaction_id"),
        # The merchant's externalId makes a refund's create idempotent within its space.
        Index("uq_refunds_space_id_external_id", "space_id", "external_id", unique=True),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    completion_id: Mapped[int | None] = mapped_column(ForeignKey("transaction_completions.id"))
    state: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column(Money)
    external_id: Mapped[str] = mapped_column(String(100))
    merchant_reference: Mapped[str | None] = mapped_column(String(100))
    reductions: Mapped[list | None] = mapped_column(JSON)
    line_items: Mapped[list | None] = mapped_column(JSON)
    reduced_line_items: Mapped[list | None] = mapped_column(JSON)
    meta_data: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    processor_reference: Mapped[str | None] = mapped_column(String(100))
    failure_reason_id: Mapped[int | None] = mapped_column(Integer)
    environment: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(20))
    time_zone: Mapped[str | None] = mapped_column(String(100))
    create_body_hash: Mapped[str | None] = mapped_column(String(64))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(IdType)
    processing_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    succeeded_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failed_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    timeout_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Token(Base):
    __tablename__ = "tokens"
    __table_args__ = (
        Index("ix_tokens_space_id_id", "space_id", "id"),
        Index("uq_tokens_space_id_external_id", "space_id", "external_id", unique=True),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    external_id: Mapped[str] = mapped_column(String(100))
    token_reference: Mapped[str | None] = mapped_column(String(100))
    customer_id: Mapped[str | None] = mapped_column(String(100))
    customer_email_address: Mapped[str | None] = mapped_column(String(254))
    enabled_for_one_click_payment: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(20))
    time_zone: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20))
    create_body_hash: Mapped[str | None] = mapped_column(String(64))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TokenVersion(Base):
    __tablename__ = "token_versions"
    __table_args__ = (Index("ix_token_versions_space_id_token_id", "space_id", "token_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    token_id: Mapped[int] = mapped_column(ForeignKey("tokens.id"))
    state: Mapped[str] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(100))  # the masked card: BIN and last four
    payment_method_id: Mapped[int | None] = mapped_column(IdType)
    payment_method_brand_id: Mapped[int | None] = mapped_column(IdType)
    connector_configuration_id: Mapped[int | None] = mapped_column(ForeignKey("payment_connector_configurations.id"))
    processor_token: Mapped[str | None] = mapped_column(String(64))
    environment: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(20))
    billing_address: Mapped[dict | None] = mapped_column(JSON)
    shipping_address: Mapped[dict | None] = mapped_column(JSON)
    expires_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    activated_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    obsoleted_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class SimulatorCard(Base):
    """The simulated processor's card vault: what a real processor keeps so that a token can
    be charged later. The card number is encrypted with the master key; the CVC is never kept."""

    __tablename__ = "simulator_cards"

    processor_token: Mapped[str] = mapped_column(String(64), primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"), index=True)
    pan_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    expiry_year: Mapped[int] = mapped_column(Integer)
    expiry_month: Mapped[int] = mapped_column(Integer)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Event(Base):
    """One row per state change of any entity: the source webhooks are delivered from."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_space_id_id", "space_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    entity: Mapped[str] = mapped_column(String(60))  # wire model name, e.g. "Transaction"
    entity_id: Mapped[int] = mapped_column(IdType)
    state: Mapped[str] = mapped_column(String(30))
    previous_state: Mapped[str | None] = mapped_column(String(30))
    detail: Mapped[str | None] = mapped_column(Text)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PaymentComment(Base):
    """Comments on transactions, refunds and invoices: one table, told apart by ``subject``."""

    __tablename__ = "payment_comments"
    __table_args__ = (Index("ix_payment_comments_space_id_subject_subject_id", "space_id", "subject", "subject_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    subject: Mapped[str] = mapped_column(String(30))  # the commented object's wire model
    subject_id: Mapped[int] = mapped_column(IdType)
    content: Mapped[str | None] = mapped_column(Text)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(IdType)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    edited_by: Mapped[int | None] = mapped_column(IdType)
    edited_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TransactionInvoice(Base):
    __tablename__ = "transaction_invoices"
    __table_args__ = (Index("ix_transaction_invoices_space_id_transaction_id", "space_id", "transaction_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    completion_id: Mapped[int | None] = mapped_column(ForeignKey("transaction_completions.id"))
    # Set instead of completion_id on a new row, so that one flush inserts both (never read).
    completion_row: Mapped[TransactionCompletion | None] = relationship(lazy="raise")
    state: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[Decimal] = mapped_column(Money)
    tax_amount: Mapped[Decimal] = mapped_column(Money)
    outstanding_amount: Mapped[Decimal] = mapped_column(Money)
    line_items: Mapped[list] = mapped_column(JSON)
    billing_address: Mapped[dict | None] = mapped_column(JSON)
    merchant_reference: Mapped[str | None] = mapped_column(String(100))
    external_id: Mapped[str | None] = mapped_column(String(100))
    environment: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(20))
    time_zone: Mapped[str | None] = mapped_column(String(100))
    due_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    paid_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    derecognized_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    derecognized_by: Mapped[int | None] = mapped_column(IdType)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class DeliveryIndication(Base):
    __tablename__ = "delivery_indications"
    __table_args__ = (Index("ix_delivery_indications_space_id_transaction_id", "space_id", "transaction_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    completion_id: Mapped[int | None] = mapped_column(ForeignKey("transaction_completions.id"))
    # Set instead of completion_id on a new row, so that one flush inserts both (never read).
    completion_row: Mapped[TransactionCompletion | None] = relationship(lazy="raise")
    state: Mapped[str] = mapped_column(String(30))
    automatic_decision_reason: Mapped[str | None] = mapped_column(String(40))
    automatically_decided_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    manually_decided_by: Mapped[int | None] = mapped_column(IdType)
    manually_decided_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    timeout_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    manual_decision_timeout_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TransactionLineItemVersion(Base):
    __tablename__ = "transaction_line_item_versions"
    __table_args__ = (
        Index("ix_transaction_line_item_versions_space_id_transaction_id", "space_id", "transaction_id"),
        Index("uq_transaction_line_item_versions_space_id_external_id", "space_id", "external_id", unique=True),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    state: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money)
    tax_amount: Mapped[Decimal] = mapped_column(Money)
    line_items: Mapped[list] = mapped_column(JSON)
    external_id: Mapped[str] = mapped_column(String(100))
    create_body_hash: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(20))
    created_by: Mapped[int | None] = mapped_column(IdType)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    processing_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    succeeded_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failed_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TransactionClientPlatform(Base):
    """What the mobile SDK reports about the device a buyer paid on."""

    __tablename__ = "transaction_client_platforms"
    __table_args__ = (Index("ix_transaction_client_platforms_space_id_id", "space_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    platform_type: Mapped[str | None] = mapped_column(String(50))
    os_version: Mapped[str | None] = mapped_column(String(50))
    sdk_version: Mapped[str | None] = mapped_column(String(50))
    integration_type: Mapped[str | None] = mapped_column(String(50))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ChargeFlow(Base):
    """A space's charge flows (retry plans through several channels); defined by the merchant
    outside the API, so the API only reads them."""

    __tablename__ = "charge_flows"
    __table_args__ = (Index("ix_charge_flows_space_id_id", "space_id", "id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    name: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    condition_ids: Mapped[list | None] = mapped_column(JSON)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ChargeFlowLevelConfiguration(Base):
    """One step of a charge flow: charge the customer's token, or send the buyer a payment link
    (by the channel its ``type_id`` names) and wait ``period`` (an ISO 8601 duration) for payment."""

    __tablename__ = "charge_flow_level_configurations"
    __table_args__ = (Index("ix_charge_flow_level_configurations_space_id_flow_id", "space_id", "flow_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    flow_id: Mapped[int] = mapped_column(ForeignKey("charge_flows.id"))
    name: Mapped[str] = mapped_column(String(100))
    type_id: Mapped[int] = mapped_column(IdType)
    period: Mapped[str] = mapped_column(String(40))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20))
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ChargeFlowLevel(Base):
    """A charge flow applied to a transaction: one level (channel) after the other."""

    __tablename__ = "charge_flow_levels"
    __table_args__ = (Index("ix_charge_flow_levels_space_id_transaction_id", "space_id", "transaction_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    charge_flow_id: Mapped[int] = mapped_column(ForeignKey("charge_flows.id"))
    configuration_id: Mapped[int | None] = mapped_column(ForeignKey("charge_flow_level_configurations.id"))
    token_charge_id: Mapped[int | None] = mapped_column(ForeignKey("charges.id"))
    # Where the level's payment link goes (update-recipient); the buyer's email address unless set.
    recipient_type_id: Mapped[int | None] = mapped_column(IdType)
    recipient: Mapped[str | None] = mapped_column(String(254))
    state: Mapped[str] = mapped_column(String(20))
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    timeout_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
    planned_purge_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ProcessingJob(Base):
    """Work the worker finishes after the request answered PROCESSING (wallee processes
    ``process-without-interaction`` and charge flows asynchronously): a row written with the
    change that starts it, due at ``due_on``, claimed with SKIP LOCKED and done once."""

    __tablename__ = "processing_jobs"
    __table_args__ = (
        Index("ix_processing_jobs_state_due_on", "state", "due_on"),
        Index("ix_processing_jobs_space_id_transaction_id", "space_id", "transaction_id"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id"))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("transactions.id"))
    # CHARGE_ATTEMPT: decide an open attempt; CHARGE_FLOW_LEVEL: run or time out a level.
    kind: Mapped[str] = mapped_column(String(30))
    charge_attempt_id: Mapped[int | None] = mapped_column(ForeignKey("charge_attempts.id"))
    charge_flow_level_id: Mapped[int | None] = mapped_column(ForeignKey("charge_flow_levels.id"))
    state: Mapped[str] = mapped_column(String(20), default="PENDING")  # PENDING, DONE
    due_on: Mapped[datetime] = mapped_column(UtcDateTime)
    # Runs that raised (a bug or an outage): retried later, with backoff.
    failures: Mapped[int] = mapped_column(Integer, default=0)
    created_on: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    done_on: Mapped[datetime | None] = mapped_column(UtcDateTime)
