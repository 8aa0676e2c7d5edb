"""Completing (capturing) and voiding an authorized transaction.

A completion takes what is left of the authorized line items (all of it, or the lines and
amounts given for a partial completion). The last completion makes the transaction COMPLETED
and its delivery is decided (FULFILL at once unless a review is required, see invoices). A void releases what is left: the
transaction is VOIDED when nothing was completed, otherwise the completed part stands and it
ends COMPLETED, its delivery decided. The caller holds the transaction's row lock.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from sqlalchemy import select

from paystead.db.models import Transaction, TransactionCompletion, TransactionVoid
from paystead.domains.invoices.service import decide_delivery, issue_invoice
from paystead.domains.transactions.line_items import line_total, scaled_line_item, tax_total, total
from paystead.errors import UnprocessableEntity
from paystead.payments import lifecycles
from paystead.payments.money import checked_amount, to_decimal
from paystead.payments.states import insert_through, transition
from paystead.resources.context import RequestContext


def require_authorized(transaction: Transaction, action: str) -> None:
    if transaction.state != "AUTHORIZED":
        raise UnprocessableEntity(f"The transaction is {transaction.state}: only an authorized transaction can be "
                                  f"{action}", code="invalid_state_transition",
                                  errors={"state": f"{transaction.state} cannot be {action}"})


async def completed_lines(ctx: RequestContext, transaction: Transaction) -> dict[str, tuple[Decimal, Decimal]]:
    """uniqueId -> (quantity, amount) completed so far by successful completions."""
    done: dict[str, tuple[Decimal, Decimal]] = {}
    completed = (await ctx.session.scalars(select(TransactionCompletion.line_items).where(
        TransactionCompletion.transaction_id == transaction.id, TransactionCompletion.state == "SUCCESSFUL"))).all()
    for line_items in completed:
        for item in line_items:
            quantity, amount = done.get(item["uniqueId"], (Decimal(0), Decimal(0)))
            done[item["uniqueId"]] = (quantity + Decimal(item["quantity"]), amount + line_total(item))
    return done


async def remaining_lines(ctx: RequestContext, transaction: Transaction) -> list[dict]:
    done = await completed_lines(ctx, transaction)
    remaining = []
    for item in transaction.line_items:
        quantity, amount = done.get(item["uniqueId"], (Decimal(0), Decimal(0)))
        left_amount = line_total(item) - amount
        left_quantity = Decimal(item["quantity"]) - quantity
        if left_amount != 0 and left_quantity > 0:
            remaining.append(scaled_line_item(item, left_quantity, left_amount, transaction.currency))
    return remaining


async def complete_transaction(ctx: RequestContext, transaction: Transaction, *, mode: str,
                               details: dict | None = None) -> TransactionCompletion:
    """Completes the rest of the transaction, or with ``details`` (a TransactionCompletionDetails
    body) the given lines; ``lastCompletion`` (default true) ends the transaction's completions."""
    require_authorized(transaction, "completed")
    remaining = await remaining_lines(ctx, transaction)
    last = True
    if details is not None and details.get("lineItems"):
        lines = _partial_lines(transaction, remaining, details["lineItems"])
        last = bool(details.get("lastCompletion", False))
    else:
        lines = remaining
        if details is not None and details.get("lastCompletion") is not None:
            last = bool(details["lastCompletion"])
    amount = total(lines)
    completion = TransactionCompletion(
        space_id=transaction.space_id, transaction_id=transaction.id, state="CREATE", mode=mode, amount=amount,
        tax_amount=tax_total(lines), line_items=lines, last_completion=last,
        external_id=(details or {}).get("externalId"),
        invoice_merchant_reference=(details or {}).get("invoiceMerchantReference")
        or transaction.invoice_merchant_reference,
        statement_descriptor=(details or {}).get("statementDescriptor"),
        meta_data=(details or {}).get("metaData"),
        processor_reference=None if mode == "OFFLINE" else "sim_" + secrets.token_hex(8),
        language=transaction.language, time_zone=transaction.time_zone, created_by=ctx.caller.user_id)
    insert_through(ctx.session, completion, lifecycles.COMPLETION, lifecycles.SUCCEEDED_AT_ONCE)
    transaction.completed_amount = Decimal(transaction.completed_amount or 0) + amount
    await issue_invoice(ctx, transaction, completion)
    if last:
        transition(ctx.session, transaction, lifecycles.TRANSACTION, "COMPLETED")
        await decide_delivery(ctx, transaction, completion)
    return completion


def _partial_lines(transaction: Transaction, remaining: list[dict], requested: list[dict]) -> list[dict]:
    by_id = {item["uniqueId"]: item for item in remaining}
    lines, seen = [], set()
    for index, request in enumerate(requested):
        where = f"lineItems[{index}]"
        unique_id = request["uniqueId"]
        item = by_id.get(unique_id)
        if item is None or unique_id in seen:
            problem = "named twice" if unique_id in seen else "no remaining line item has this uniqueId"
            raise UnprocessableEntity(f"{where}.uniqueId: {problem}", code="invalid_line_item",
                                      errors={f"{where}.uniqueId": problem})
        seen.add(unique_id)
        quantity = to_decimal(request["quantity"])
        amount = checked_amount(request["amount"], transaction.currency, f"{where}.amount")
        if not quantity.is_finite() or quantity <= 0 or quantity > Decimal(item["quantity"]):
            raise UnprocessableEntity(f"{where}.quantity: more than remains or not positive", code="invalid_line_item",
                                      errors={f"{where}.quantity": f"between 0 and {item['quantity']}"})
        if abs(amount) > abs(line_total(item)) or (amount < 0) != (line_total(item) < 0):
            raise UnprocessableEntity(f"{where}.amount: more than remains of the line item ({item['amountIncludingTax']})",
                                      code="amount_exceeds_remaining",
                                      errors={f"{where}.amount": f"at most {item['amountIncludingTax']}"})
        lines.append(scaled_line_item(item, quantity, amount, transaction.currency))
    return lines


async def void_transaction(ctx: RequestContext, transaction: Transaction, *, mode: str) -> TransactionVoid:
    require_authorized(transaction, "voided")
    void = TransactionVoid(space_id=transaction.space_id, transaction_id=transaction.id, mode=mode,
                           processor_reference=None if mode == "OFFLINE" else "sim_" + secrets.token_hex(8),
                           language=transaction.language, created_by=ctx.caller.user_id)
    insert_through(ctx.session, void, lifecycles.VOID, lifecycles.SUCCEEDED_AT_ONCE)
    if Decimal(transaction.completed_amount or 0) > 0:
        # The completed part stands: the transaction ends completed, then its delivery is decided.
        transition(ctx.session, transaction, lifecycles.TRANSACTION, "COMPLETED")
        await decide_delivery(ctx, transaction, None)
    else:
        transition(ctx.session, transaction, lifecycles.TRANSACTION, "VOIDED")
    return void
