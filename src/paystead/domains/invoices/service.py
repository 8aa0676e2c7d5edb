"""What a completion leaves behind: an invoice (paid at once for payments the processor
captured, open with a due date for the invoice payment method) and a delivery indication
(suitable at once, unless the simulator asks for a manual review: see the review test cards).
The transaction is FULFILL once delivery is decided suitable, DECLINE when not."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from paystead.db.base import utcnow
from paystead.db.models import (
    DeliveryIndication,
    PaymentConnector,
    PaymentConnectorConfiguration,
    Transaction,
    TransactionCompletion,
    TransactionInvoice,
)
from paystead.domains.reference import catalog
from paystead.payments import lifecycles
from paystead.payments.states import insert_through, transition
from paystead.domains.context import DomainContext

INVOICE_PAYMENT_PERIOD = timedelta(days=30)
MANUAL_DECISION_PERIOD = timedelta(days=14)


async def _paid_by_invoice(ctx: DomainContext, transaction: Transaction) -> bool:
    if transaction.payment_connector_configuration_id is None:
        return False
    with ctx.session.no_autoflush:  # reference data: nothing pending changes it
        method = await ctx.session.scalar(
            select(PaymentConnector.payment_method_id).join(
                PaymentConnectorConfiguration, PaymentConnectorConfiguration.connector_id == PaymentConnector.id)
            .where(PaymentConnectorConfiguration.id == transaction.payment_connector_configuration_id))
    return method == catalog.INVOICE


async def issue_invoice(ctx: DomainContext, transaction: Transaction,
                        completion: TransactionCompletion) -> TransactionInvoice:
    by_invoice = await _paid_by_invoice(ctx, transaction)
    path = ["CREATE", "OPEN"] if by_invoice else ["CREATE", "PAID"]
    invoice = TransactionInvoice(
        space_id=transaction.space_id, transaction_id=transaction.id, completion_row=completion,
        currency=transaction.currency, amount=completion.amount, tax_amount=completion.tax_amount,
        outstanding_amount=completion.amount if by_invoice else Decimal(0), line_items=completion.line_items,
        billing_address=transaction.billing_address,
        merchant_reference=completion.invoice_merchant_reference or transaction.invoice_merchant_reference,
        environment="PREVIEW", language=transaction.language, time_zone=transaction.time_zone,
        due_on=utcnow() + INVOICE_PAYMENT_PERIOD if by_invoice else None)
    insert_through(ctx.session, invoice, lifecycles.TRANSACTION_INVOICE, path)
    return invoice


async def decide_delivery(ctx: DomainContext, transaction: Transaction,
                          completion: TransactionCompletion | None) -> DeliveryIndication:
    """A COMPLETED transaction's delivery decision: automatic unless a review is required."""
    review = transaction.delivery_review_required
    indication = DeliveryIndication(
        space_id=transaction.space_id, transaction_id=transaction.id,
        completion_row=completion,
        automatic_decision_reason=None if review else "SIMULATOR_APPROVED",
        automatically_decided_on=None if review else utcnow(),
        manual_decision_timeout_on=utcnow() + MANUAL_DECISION_PERIOD if review else None)
    insert_through(ctx.session, indication, lifecycles.DELIVERY_INDICATION,
                         ["PENDING", "MANUAL_CHECK_REQUIRED" if review else "SUITABLE"])
    if not review:
        transition(ctx.session, transaction, lifecycles.TRANSACTION, "FULFILL")
    return indication


def decide_manually(ctx: DomainContext, indication: DeliveryIndication, transaction: Transaction,
                    suitable: bool) -> None:
    transition(ctx.session, indication, lifecycles.DELIVERY_INDICATION, "SUITABLE" if suitable else "NOT_SUITABLE")
    indication.manually_decided_by = ctx.caller.user_id
    indication.manually_decided_on = utcnow()
    transition(ctx.session, transaction, lifecycles.TRANSACTION, "FULFILL" if suitable else "DECLINE")
