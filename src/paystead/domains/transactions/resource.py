"""/payment/transactions and what belongs to them: charge attempts, completions and voids
(read-only collections), transaction groups and charges (expandable)."""

from __future__ import annotations

from paystead.db.models import (
    Charge,
    ChargeAttempt,
    Transaction,
    TransactionCompletion,
    TransactionGroup,
    TransactionVoid,
)
from paystead.domains.transactions.line_items import plain, wire_line_items
from paystead.domains.transactions.service import TransactionService
from paystead.domains.transactions.wire import address, amount_of, failure_reason
from paystead.resources.fields import Column, Computed
from paystead.resources.registry import READ_ONLY, Resource, registry
from paystead.resources.scopes import SpaceScope



transactions = registry.add(Resource(
    name="Transaction",
    model=Transaction,
    sdk_name="payment_transactions",
    permission="TRANSACTION",
    scope=SpaceScope(Transaction.space_id),
    operations=("list", "search", "read", "create", "update"),
    service=TransactionService(),
    overrides={
        "allowedPaymentMethodBrands": Computed(lambda row, ctx: row.allowed_payment_method_brands),
        "allowedPaymentMethodConfigurations": Computed(lambda row, ctx: row.allowed_payment_method_configurations),
        "billingAddress": Computed(lambda row, ctx: address(row.billing_address)),
        "shippingAddress": Computed(lambda row, ctx: address(row.shipping_address)),
        "lineItems": Computed(lambda row, ctx: wire_line_items(row.line_items)),
        "authorizationAmount": Column(Transaction.authorization_amount, format=amount_of()),
        "completedAmount": Column(Transaction.completed_amount, format=amount_of()),
        "refundedAmount": Column(Transaction.refunded_amount, format=amount_of()),
        "failureReason": Computed(lambda row, ctx: failure_reason(row.failure_reason_id)),
    },
))

groups = registry.add(Resource(
    name="TransactionGroup",
    model=TransactionGroup,
    sdk_name="payment_transaction_groups",
    permission="TRANSACTION",
    scope=SpaceScope(TransactionGroup.space_id),
    operations=(),
))

charges = registry.add(Resource(
    name="Charge",
    model=Charge,
    sdk_name="payment_charges",
    permission="TRANSACTION",
    scope=SpaceScope(Charge.space_id),
    operations=(),
    overrides={"failureReason": Computed(lambda row, ctx: failure_reason(row.failure_reason_id))},
))

charge_attempts = registry.add(Resource(
    name="ChargeAttempt",
    model=ChargeAttempt,
    sdk_name="payment_charge_attempts",
    permission="TRANSACTION",
    scope=SpaceScope(ChargeAttempt.space_id),
    operations=READ_ONLY,
    overrides={"failureReason": Computed(lambda row, ctx: failure_reason(row.failure_reason_id))},
))


completions = registry.add(Resource(
    name="TransactionCompletion",
    model=TransactionCompletion,
    sdk_name="payment_transactions_completions",
    permission="TRANSACTION",
    scope=SpaceScope(TransactionCompletion.space_id),
    operations=READ_ONLY,
    overrides={
        "amount": Column(TransactionCompletion.amount, format=lambda value, row: plain(value)),
        "taxAmount": Column(TransactionCompletion.tax_amount, format=lambda value, row: plain(value)),
        "lineItems": Computed(lambda row, ctx: wire_line_items(row.line_items)),
        "failureReason": Computed(lambda row, ctx: failure_reason(row.failure_reason_id)),
    },
))

voids = registry.add(Resource(
    name="TransactionVoid",
    model=TransactionVoid,
    sdk_name="payment_transactions_voids",
    permission="TRANSACTION",
    scope=SpaceScope(TransactionVoid.space_id),
    operations=READ_ONLY,
    overrides={"failureReason": Computed(lambda row, ctx: failure_reason(row.failure_reason_id))},
))
