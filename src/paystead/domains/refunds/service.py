"""Refunding completed money: by amount or by line-item reductions, never more than what was
completed and not yet refunded, also when many refunds arrive at once (they queue on the
transaction's row lock, and each one counts what the others committed).

Outcomes by type: merchant-initiated online refunds go through the simulator and succeed;
offline and customer-initiated automatic refunds are recorded as successful; customer-initiated
manual refunds wait in MANUAL_CHECK for ``mark-succeeded`` or ``mark-failed``.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from sqlalchemy import select

from paystead.db.models import Refund, Transaction, TransactionCompletion
from paystead.domains.customers.service import require_in_space
from paystead.domains.transactions.completion import completed_lines
from paystead.domains.transactions.line_items import scaled_line_item, total
from paystead.errors import UnprocessableEntity
from paystead.payments import lifecycles
from paystead.payments.money import checked_amount, round_amount, to_decimal
from paystead.payments.states import plan_path, record_path, transition
from paystead.resources.context import RequestContext
from paystead.resources.registry import ResourceService

REFUNDABLE_STATES = ("COMPLETED", "FULFILL", "DECLINE")
OUTSTANDING_STATES = ("CREATE", "SCHEDULED", "PENDING", "MANUAL_CHECK", "SUCCESSFUL")


def _fail(field: str, problem: str, code: str) -> UnprocessableEntity:
    return UnprocessableEntity(f"{field}: {problem}", code=code, errors={field: problem})


class RefundService(ResourceService):
    async def create(self, ctx: RequestContext, data: dict) -> Refund:
        require_in_space(ctx, "REFUND_CREATE")
        transaction_id = data.get("transaction")
        completion_id = data.get("completion")
        if completion_id is not None:
            completion = await ctx.session.scalar(select(TransactionCompletion).where(
                TransactionCompletion.id == completion_id, TransactionCompletion.space_id == ctx.space.id))
            if completion is None:
                raise _fail("completion", f"no completion {completion_id} in this space", "unknown_reference")
            if transaction_id is not None and transaction_id != completion.transaction_id:
                raise _fail("completion", "belongs to another transaction", "unknown_reference")
            transaction_id = completion.transaction_id
        if transaction_id is None:
            raise _fail("transaction", "the transaction (or completion) to refund is required", "missing_reference")
        # The lock serialises refunds of one transaction: the sum below sees every earlier one.
        transaction = await ctx.session.scalar(select(Transaction).where(
            Transaction.id == transaction_id, Transaction.space_id == ctx.space.id).with_for_update())
        if transaction is None:
            raise _fail("transaction", f"no transaction {transaction_id} in this space", "unknown_reference")
        if transaction.state not in REFUNDABLE_STATES:
            raise UnprocessableEntity(f"The transaction is {transaction.state}: only completed money can be refunded",
                                      code="invalid_state_transition",
                                      errors={"transaction": f"{transaction.state} cannot be refunded"})
        lines, reductions = await _refunded_lines(ctx, transaction, data.get("reductions"))
        if lines is not None:
            amount = total(lines)
            if data.get("amount") is not None and checked_amount(data["amount"], transaction.currency,
                                                                 "amount") != amount:
                raise _fail("amount", f"differs from the reductions' total {amount}", "amount_mismatch")
        elif data.get("amount") is not None:
            amount = checked_amount(data["amount"], transaction.currency, "amount")
        else:
            raise _fail("amount", "an amount or line item reductions are required", "missing_amount")
        if amount <= 0:
            raise _fail("amount", "must be greater than zero", "invalid_amount")
        outstanding = sum((Decimal(value) for value in (await ctx.session.scalars(select(Refund.amount).where(
            Refund.transaction_id == transaction.id, Refund.state.in_(OUTSTANDING_STATES)))).all()), Decimal(0))
        refundable = Decimal(transaction.completed_amount or 0) - outstanding
        if amount > refundable:
            raise UnprocessableEntity(
                f"The refund of {amount} {transaction.currency} exceeds what can still be refunded "
                f"({round_amount(refundable, transaction.currency)} {transaction.currency})",
                code="refund_exceeds_refundable_amount",
                errors={"amount": f"at most {round_amount(refundable, transaction.currency)}"})
        refund = Refund(
            space_id=ctx.space.id, transaction_id=transaction.id, completion_id=completion_id,
            type=data["type"], amount=amount, external_id=data["externalId"],
            merchant_reference=data.get("merchantReference"), reductions=reductions, line_items=lines,
            meta_data=data.get("metaData"), environment="PREVIEW", language=transaction.language,
            time_zone=transaction.time_zone, created_by=ctx.caller.user_id)
        plan_path(refund, lifecycles.REFUND, _path(refund.type))
        if refund.type == "MERCHANT_INITIATED_ONLINE":
            refund.processor_reference = "sim_" + secrets.token_hex(8)
        if refund.state == "SUCCESSFUL":
            add_refunded(transaction, amount)
        ctx.session.add(refund)
        return refund

    async def after_create(self, ctx: RequestContext, row: Refund) -> None:
        record_path(ctx.session, row, lifecycles.REFUND, _path(row.type))


def _path(refund_type: str) -> list[str]:
    last = "MANUAL_CHECK" if refund_type == "CUSTOMER_INITIATED_MANUAL" else "SUCCESSFUL"
    return ["CREATE", "PENDING", last]


def add_refunded(transaction: Transaction, amount: Decimal) -> None:
    transaction.refunded_amount = Decimal(transaction.refunded_amount or 0) + Decimal(amount)


def succeed(ctx: RequestContext, refund: Refund, transaction: Transaction) -> None:
    """A refund waiting for a manual check turned out successful."""
    transition(ctx.session, refund, lifecycles.REFUND, "SUCCESSFUL")
    add_refunded(transaction, refund.amount)


async def _refunded_lines(ctx: RequestContext, transaction: Transaction,
                          reductions: list[dict] | None) -> tuple[list[dict] | None, list[dict] | None]:
    """Line item reductions -> the refunded lines (quantity removed at the unit price, plus the
    unit price reduction on the quantity that stays)."""
    if not reductions:
        return None, None
    completed = await completed_lines(ctx, transaction)
    by_id = {item["uniqueId"]: item for item in transaction.line_items}
    lines, stored = [], []
    for index, reduction in enumerate(reductions):
        where = f"reductions[{index}]"
        unique_id = reduction["lineItemUniqueId"]
        item = by_id.get(unique_id)
        if item is None or unique_id not in completed:
            raise _fail(f"{where}.lineItemUniqueId", "no completed line item has this uniqueId", "invalid_line_item")
        quantity, _ = completed[unique_id]
        removed = to_decimal(reduction["quantityReduction"])
        price_cut = checked_amount(reduction["unitPriceReduction"], transaction.currency, f"{where}.unitPriceReduction")
        if not removed.is_finite() or removed < 0 or removed > quantity:
            raise _fail(f"{where}.quantityReduction", f"between 0 and {quantity}", "invalid_line_item")
        unit_price = Decimal(item["unitPriceIncludingTax"])
        if price_cut < 0 or price_cut > unit_price:
            raise _fail(f"{where}.unitPriceReduction", f"between 0 and {unit_price}", "invalid_line_item")
        amount = round_amount(removed * unit_price + (quantity - removed) * price_cut, transaction.currency)
        if amount == 0:
            continue
        lines.append(scaled_line_item(item, removed if removed > 0 else quantity, amount, transaction.currency))
        stored.append({"lineItemUniqueId": unique_id, "quantityReduction": str(removed),
                       "unitPriceReduction": str(price_cut)})
    if not lines:
        raise _fail("reductions", "the reductions refund nothing", "missing_amount")
    return lines, stored
