"""/payment/transactions/invoices (mark-paid, derecognize, replace, the document) and
/payment/delivery-indications (mark-suitable, mark-not-suitable)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from paystead.db.models import DeliveryIndication, TransactionInvoice
from paystead.domains.invoices.service import decide_manually
from paystead.domains.transactions.line_items import build_line_items, plain, tax_total, total, wire_line_items
from paystead.domains.transactions.locks import lock_transaction
from paystead.domains.transactions.wire import address, amount_of
from paystead.errors import UnprocessableEntity
from paystead.payments import lifecycles
from paystead.payments.lifecycles import TransactionInvoiceState
from paystead.payments.states import insert_through, require_state, transition
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column, Computed
from paystead.resources.registry import Resource, registry
from paystead.resources.scopes import SpaceScope
from paystead.wire.validation import validate_model


invoices = registry.add(Resource(
    name="TransactionInvoice",
    model=TransactionInvoice,
    sdk_name="payment_transactions_invoices",
    permission="TRANSACTION_INVOICE",
    scope=SpaceScope(TransactionInvoice.space_id),
    operations=("list", "search", "read"),
    overrides={
        "amount": Column(TransactionInvoice.amount, format=amount_of()),
        "taxAmount": Column(TransactionInvoice.tax_amount, format=amount_of()),
        "outstandingAmount": Column(TransactionInvoice.outstanding_amount, format=amount_of()),
        "lineItems": Computed(lambda row, ctx: wire_line_items(row.line_items)),
        "billingAddress": Computed(lambda row, ctx: address(row.billing_address)),
    },
))

delivery_indications = registry.add(Resource(
    name="DeliveryIndication",
    model=DeliveryIndication,
    sdk_name="payment_delivery_indications",
    permission="DELIVERY_INDICATION",
    scope=SpaceScope(DeliveryIndication.space_id),
    operations=("list", "search", "read"),
    overrides={
        "automaticDecisionReason": Computed(lambda row, ctx: _decision_reason(row.automatic_decision_reason)),
    },
))

_DECISION_REASONS = {"SIMULATOR_APPROVED": {"id": 1, "name": {"en-US": "Approved by the simulator"},
                                            "description": {"en-US": "The simulated processor approved delivery."}}}


def _decision_reason(key: str | None) -> dict | None:
    return _DECISION_REASONS.get(key) if key else None


async def _locked_invoice(ctx: RequestContext, action: str) -> TransactionInvoice:
    return await invoices.get_for(ctx, ctx.param("id"), action, lock=True)


@invoices.action("post_payment_transactions_invoices_id_mark_paid")
async def mark_paid(ctx: RequestContext) -> dict:
    invoice = await _locked_invoice(ctx, "update")
    transition(ctx.session, invoice, lifecycles.TRANSACTION_INVOICE, "PAID")
    invoice.outstanding_amount = Decimal(0)
    return await invoices.render_one(ctx, invoice)


@invoices.action("post_payment_transactions_invoices_id_derecognize")
async def derecognize(ctx: RequestContext) -> dict:
    invoice = await _locked_invoice(ctx, "update")
    transition(ctx.session, invoice, lifecycles.TRANSACTION_INVOICE, "DERECOGNIZED")
    invoice.derecognized_by = ctx.caller.user_id
    return await invoices.render_one(ctx, invoice)


@invoices.action("get_payment_transactions_invoices_id_check_replacement_possible")
async def check_replacement_possible(ctx: RequestContext) -> bool:
    invoice = await invoices.get_for(ctx, ctx.param("id"), "read")
    return invoice.state in TransactionInvoiceState.REPLACEABLE


@invoices.action("post_payment_transactions_invoices_id_replace")
async def replace(ctx: RequestContext) -> dict:
    """A new open invoice in place of an open one (the old one is canceled); the new one may not
    ask for more than the old one did."""
    invoice = await _locked_invoice(ctx, "update")
    data = validate_model("TransactionInvoiceReplacement", ctx.body)
    require_state(invoice, TransactionInvoiceState.REPLACEABLE, "replaced")
    lines = build_line_items(data["lineItems"], invoice.currency)
    amount = total(lines)
    if amount > Decimal(invoice.amount):
        raise UnprocessableEntity(f"The replacement asks for {plain(amount)}, more than the invoice's "
                                  f"{plain(Decimal(invoice.amount))}", code="amount_exceeds_invoice",
                                  errors={"lineItems": f"at most {plain(Decimal(invoice.amount))} in total"})
    transition(ctx.session, invoice, lifecycles.TRANSACTION_INVOICE, "CANCELED")
    billing = data.get("billingAddress")
    replacement = TransactionInvoice(
        space_id=invoice.space_id, transaction_id=invoice.transaction_id, completion_id=invoice.completion_id,
        currency=invoice.currency, amount=amount, tax_amount=tax_total(lines), outstanding_amount=amount,
        line_items=lines, external_id=data["externalId"],
        billing_address={k: v.isoformat() if isinstance(v, date) else v for k, v in billing.items()}
        if billing else invoice.billing_address,
        merchant_reference=data.get("merchantReference") or invoice.merchant_reference,
        environment=invoice.environment, language=invoice.language, time_zone=invoice.time_zone,
        due_on=data.get("dueOn") or invoice.due_on)
    insert_through(ctx.session, replacement, lifecycles.TRANSACTION_INVOICE, ["CREATE", "OPEN"])
    return await invoices.render_one(ctx, replacement)


async def _decide(ctx: RequestContext, suitable: bool) -> dict:
    indication = await delivery_indications.get_for(ctx, ctx.param("id"), "update", lock=True)
    transaction = await lock_transaction(ctx.session, indication.transaction_id)
    decide_manually(ctx, indication, transaction, suitable)
    return await delivery_indications.render_one(ctx, indication)


@delivery_indications.action("post_payment_delivery_indications_id_mark_suitable")
async def mark_suitable(ctx: RequestContext) -> dict:
    return await _decide(ctx, True)


@delivery_indications.action("post_payment_delivery_indications_id_mark_not_suitable")
async def mark_not_suitable(ctx: RequestContext) -> dict:
    return await _decide(ctx, False)
