"""What a transaction's rows become when they cross the processor port: plain requests with
Decimal amounts and line items (paystead.payments.processors.base), never the rows themselves."""

from __future__ import annotations

from decimal import Decimal

from paystead.db.models import PaymentConnector, Transaction
from paystead.domains.transactions.line_items import total
from paystead.payments.money import wire_amount
from paystead.payments.processors.base import LineItem, Payment


def money(amount: Decimal, currency: str) -> Decimal:
    """An amount in exactly the currency's minor units (30 CHF -> 30.00), as processors expect."""
    return wire_amount(Decimal(amount), currency)


def line_items_of(items: list[dict] | None, currency: str) -> tuple[LineItem, ...]:
    return tuple(LineItem(unique_id=item["uniqueId"], name=item["name"], type=item["type"],
                          quantity=Decimal(str(item["quantity"])),
                          amount_including_tax=money(Decimal(str(item["amountIncludingTax"])), currency))
                 for item in items or [])


def payment_of(transaction: Transaction, connector: PaymentConnector | None = None) -> Payment:
    """The transaction as a processor sees it, with the connector chosen for it if known."""
    currency = transaction.currency
    return Payment(space_id=transaction.space_id, transaction_id=transaction.id,
                   amount=money(total(transaction.line_items or []), currency), currency=currency,
                   line_items=line_items_of(transaction.line_items, currency),
                   merchant_reference=transaction.merchant_reference,
                   connector_id=connector.id if connector is not None else None,
                   payment_method_id=connector.payment_method_id if connector is not None else None)
