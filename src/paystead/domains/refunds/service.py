"""Refunding completed money: by amount or by line-item reductions, never more than what was
completed and not yet refunded, in total, per line item and per completion the refund names, also
when many refunds arrive at once (they queue on the transaction's row lock, and each one counts
what the others committed). The transaction's ledger (payments/ledger.py) prices reductions at
what was captured and spreads a refund by amount over the line items.

Outcomes by type: merchant-initiated online refunds go to the transaction's processor (through
the processor port; the simulator's always succeed) and succeed or fail as it answers;
offline and customer-initiated automatic refunds are recorded as successful; customer-initiated
manual refunds wait in MANUAL_CHECK for ``mark-succeeded`` or ``mark-failed``.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from paystead.db.models import Refund, Transaction, TransactionCompletion
from paystead.domains.transactions.ledger import refund_ledgers
from paystead.domains.transactions.line_items import scaled_line_item
from paystead.domains.transactions.locks import lock_transaction
from paystead.domains.transactions.processor_requests import line_items_of, money, payment_of
from paystead.errors import UnprocessableEntity
from paystead.payments import lifecycles
from paystead.payments.failure_reasons import FAILURE_REASONS
from paystead.payments.ledger import check_refund, check_refund_settles, plan_amount_refund, plan_reduction_refund
from paystead.payments.lifecycles import TransactionState
from paystead.payments.money import checked_amount
from paystead.payments.processors.base import OperationStatus, ProcessorError, RefundRequest
from paystead.payments.processors.registry import processor_for
from paystead.payments.states import plan_path, record_path, require_state, transition
from paystead.domains.context import DomainContext
from paystead.resources.registry import ResourceService

def _fail(field: str, problem: str, code: str) -> UnprocessableEntity:
    return UnprocessableEntity(f"{field}: {problem}", code=code, errors={field: problem})


class RefundService(ResourceService):
    async def create(self, ctx: DomainContext, data: dict) -> Refund:
        transaction_id = data.get("transaction")
        completion_id = data.get("completion")
        completion = None
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
        # The lock serialises refunds of one transaction: the ledger below sees every earlier one.
        transaction = await lock_transaction(ctx.session, transaction_id, space_id=ctx.space.id)
        if transaction is None:
            raise _fail("transaction", f"no transaction {transaction_id} in this space", "unknown_reference")
        require_state(transaction, TransactionState.COMPLETED_OR_LATER, "refunded", field="transaction")
        # A refund naming a completion is also held to what is left of that completion.
        scopes = await refund_ledgers(ctx, transaction, completion)
        planned = None
        if data.get("reductions"):
            planned = plan_reduction_refund(scopes[0], data["reductions"])
            amount = sum((part.amount for part in planned), Decimal(0))
            if data.get("amount") is not None and checked_amount(data["amount"], transaction.currency,
                                                                 "amount") != amount:
                raise _fail("amount", f"differs from the reductions' total {amount}", "amount_mismatch")
        elif data.get("amount") is not None:
            amount = checked_amount(data["amount"], transaction.currency, "amount")
        else:
            raise _fail("amount", "an amount or line item reductions are required", "missing_amount")
        for scope in scopes:  # the totals first: the clearest answer when the refund is too large
            check_refund(scope, amount, [])
        if planned is None:
            planned = plan_amount_refund(scopes[0], amount)
        for scope in scopes:
            check_refund(scope, amount, planned)
        lines = [scaled_line_item(scopes[0].lines[part.unique_id].item, part.item_quantity, part.amount,
                                  transaction.currency) for part in planned]
        reductions = None if not data.get("reductions") else [
            {"lineItemUniqueId": part.unique_id, "quantityReduction": str(part.removed),
             "unitPriceReduction": str(part.price_cut)} for part in planned]
        refund = Refund(
            space_id=ctx.space.id, transaction_id=transaction.id, completion_id=completion_id,
            type=data["type"], amount=amount, external_id=data["externalId"],
            merchant_reference=data.get("merchantReference"), reductions=reductions, line_items=lines,
            meta_data=data.get("metaData"), environment="PREVIEW", language=transaction.language,
            time_zone=transaction.time_zone, created_by=ctx.caller.user_id)
        path = _path(refund.type)
        if refund.type == "MERCHANT_INITIATED_ONLINE":
            path = await _ask_processor(ctx, transaction, refund, lines)
        plan_path(refund, lifecycles.REFUND, path)
        if refund.state == "SUCCESSFUL":
            add_refunded(transaction, amount)
        ctx.session.add(refund)
        return refund

    async def after_create(self, ctx: DomainContext, row: Refund) -> None:
        record_path(ctx.session, row, lifecycles.REFUND, ["CREATE", "PENDING", row.state])


def _path(refund_type: str) -> list[str]:
    last = "MANUAL_CHECK" if refund_type == "CUSTOMER_INITIATED_MANUAL" else "SUCCESSFUL"
    return ["CREATE", "PENDING", last]


async def _ask_processor(ctx: DomainContext, transaction: Transaction, refund: Refund, lines: list[dict]) -> list[str]:
    """An online refund as the transaction's processor decides it: the path it walks."""
    processor = await processor_for(ctx, transaction.payment_connector_configuration_id)
    result = await processor.refund(RefundRequest(
        payment_of(transaction), money(refund.amount, transaction.currency), line_items_of(lines, transaction.currency),
        external_id=refund.external_id))
    if result.status is OperationStatus.PENDING:
        raise ProcessorError("the processor answered a synchronous refund PENDING")
    refund.processor_reference = result.reference
    if result.succeeded:
        return ["CREATE", "PENDING", "SUCCESSFUL"]
    refund.failure_reason_id = FAILURE_REASONS[result.failure if result.failure in FAILURE_REASONS else "DECLINED"].id
    return ["CREATE", "PENDING", "FAILED"]


def add_refunded(transaction: Transaction, amount: Decimal) -> None:
    transaction.refunded_amount = Decimal(transaction.refunded_amount or 0) + Decimal(amount)


def succeed(ctx: DomainContext, refund: Refund, transaction: Transaction) -> None:
    """A refund waiting for a manual check turned out successful (the caller holds the
    transaction's row lock)."""
    transition(ctx.session, refund, lifecycles.REFUND, "SUCCESSFUL")
    check_refund_settles(transaction.currency, transaction.completed_amount, transaction.refunded_amount,
                         refund.amount)
    add_refunded(transaction, refund.amount)
