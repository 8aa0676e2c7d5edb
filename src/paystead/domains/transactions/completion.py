"""Completing (capturing) and voiding an authorized transaction.

A completion takes what is left of the authorized line items (all of it, or the lines and
amounts given for a partial completion), as the transaction's ledger plans and checks it
(payments/ledger.py: never more than authorized, never negative, each line within what is left
of it). The last completion makes the transaction COMPLETED and its delivery is decided (FULFILL
at once unless a review is required, see invoices). A void releases what is left: the
transaction is VOIDED when nothing was completed, otherwise the completed part stands and it
ends COMPLETED, its delivery decided. The caller holds the transaction's row lock.

A completion requested through the API of a transaction whose completion is already made (or
under way) answers that completion instead (``complete_once``): wallee's own clients complete
transactions its connector already completed at authorization and expect the completion back.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from paystead.db.models import Transaction, TransactionCompletion, TransactionLineItemVersion, TransactionVoid
from paystead.domains.invoices.service import decide_delivery, issue_invoice
from paystead.domains.transactions.ledger import transaction_ledger
from paystead.domains.transactions.line_items import scaled_line_item, tax_total, total
from paystead.domains.transactions.processor_requests import line_items_of, money, payment_of
from paystead.payments import lifecycles
from paystead.payments.failure_reasons import FAILURE_REASONS
from paystead.payments.ledger import Capture, plan_completion
from paystead.payments.lifecycles import TransactionCompletionState, TransactionState
from paystead.payments.processors.base import (CompletionRequest, OperationResult, OperationStatus, ProcessorError,
                                               VoidRequest)
from paystead.payments.processors.registry import processor_for
from paystead.payments.states import insert_through, require_state, transition
from paystead.domains.context import DomainContext


def require_authorized(transaction: Transaction, action: str) -> None:
    require_state(transaction, TransactionState.AUTHORIZED, action)


async def existing_completion(ctx: DomainContext, transaction: Transaction) -> TransactionCompletion | None:
    """The completion a new completion request of ``transaction`` answers instead of making one:
    one still under way (completing again could capture twice what its ledger does not count yet),
    else, once the transaction is completed, its last successful one. None when the request is a
    new completion (or an error for the state checks and the ledger to give)."""
    base = select(TransactionCompletion).where(TransactionCompletion.space_id == transaction.space_id,
                                               TransactionCompletion.transaction_id == transaction.id) \
        .order_by(TransactionCompletion.id.desc()).limit(1)
    open_completion = await ctx.session.scalar(
        base.where(TransactionCompletion.state.in_(TransactionCompletionState.OPEN)))
    if open_completion is not None or transaction.state not in TransactionState.COMPLETED_OR_LATER:
        return open_completion
    return await ctx.session.scalar(base.where(TransactionCompletion.state == "SUCCESSFUL"))


async def complete_once(ctx: DomainContext, transaction: Transaction, *, mode: str,
                        details: dict | None = None) -> TransactionCompletion:
    """An API completion request (online, offline, partial): the completion already made, as it
    is (no new row, no money moved, no event), or else a new one. Decided under the transaction's
    row lock, before the ledger's checks, so two requests at once make one completion."""
    existing = await existing_completion(ctx, transaction)
    if existing is not None:
        return existing
    return await complete_transaction(ctx, transaction, mode=mode, details=details)


def _captured_lines(transaction: Transaction, captures: list[Capture]) -> list[dict]:
    by_id = {item["uniqueId"]: item for item in transaction.line_items}
    return [scaled_line_item(by_id[capture.unique_id], capture.quantity, capture.amount, transaction.currency)
            for capture in captures]


async def _latest_line_item_version_id(ctx: DomainContext, transaction: Transaction) -> int | None:
    """The version the completion is made against: the line items as they stand now."""
    return await ctx.session.scalar(select(TransactionLineItemVersion.id).where(
        TransactionLineItemVersion.transaction_id == transaction.id, TransactionLineItemVersion.state == "SUCCESSFUL")
        .order_by(TransactionLineItemVersion.id.desc()).limit(1))


async def complete_transaction(ctx: DomainContext, transaction: Transaction, *, mode: str,
                               details: dict | None = None) -> TransactionCompletion:
    """Completes the rest of the transaction, or with ``details`` (a TransactionCompletionDetails
    body) the given lines; ``lastCompletion`` (default true) ends the transaction's completions."""
    require_authorized(transaction, "completed")
    ledger = await transaction_ledger(ctx, transaction)
    last = True
    if details is not None and details.get("lineItems"):
        captures = plan_completion(ledger, details["lineItems"])
        last = bool(details.get("lastCompletion", False))
    else:
        captures = plan_completion(ledger)
        if details is not None and details.get("lastCompletion") is not None:
            last = bool(details["lastCompletion"])
    lines = _captured_lines(transaction, captures)
    amount = total(lines)
    completion = TransactionCompletion(
        space_id=transaction.space_id, transaction_id=transaction.id,
        line_item_version_id=await _latest_line_item_version_id(ctx, transaction), state="CREATE", mode=mode,
        amount=amount,
        tax_amount=tax_total(lines), line_items=lines, last_completion=last,
        external_id=(details or {}).get("externalId"),
        invoice_merchant_reference=(details or {}).get("invoiceMerchantReference")
        or transaction.invoice_merchant_reference,
        statement_descriptor=(details or {}).get("statementDescriptor"),
        meta_data=(details or {}).get("metaData"),
        language=transaction.language, time_zone=transaction.time_zone, created_by=ctx.caller.user_id)
    if mode != "OFFLINE":  # an offline completion happened outside, without the processor
        processor = await processor_for(ctx, transaction.payment_connector_configuration_id)
        result = await processor.complete(CompletionRequest(
            payment_of(transaction), money(amount, transaction.currency), line_items_of(lines, transaction.currency),
            last_completion=last))
        if not _record_outcome(ctx, completion, lifecycles.COMPLETION, result):
            return completion  # the transaction stays authorized, as it was
    else:
        insert_through(ctx.session, completion, lifecycles.COMPLETION, lifecycles.SUCCEEDED_AT_ONCE)
    transaction.completed_amount = Decimal(transaction.completed_amount or 0) + amount
    await issue_invoice(ctx, transaction, completion)
    if last:
        transition(ctx.session, transaction, lifecycles.TRANSACTION, "COMPLETED")
        await decide_delivery(ctx, transaction, completion)
    return completion


async def void_transaction(ctx: DomainContext, transaction: Transaction, *, mode: str) -> TransactionVoid:
    require_authorized(transaction, "voided")
    void = TransactionVoid(space_id=transaction.space_id, transaction_id=transaction.id, mode=mode,
                           language=transaction.language, created_by=ctx.caller.user_id)
    if mode != "OFFLINE":
        processor = await processor_for(ctx, transaction.payment_connector_configuration_id)
        if not _record_outcome(ctx, void, lifecycles.VOID, await processor.void(VoidRequest(payment_of(transaction)))):
            return void  # the transaction stays authorized, as it was
    else:
        insert_through(ctx.session, void, lifecycles.VOID, lifecycles.SUCCEEDED_AT_ONCE)
    if (await transaction_ledger(ctx, transaction)).completed > 0:
        # The completed part stands: the transaction ends completed, then its delivery is decided.
        transition(ctx.session, transaction, lifecycles.TRANSACTION, "COMPLETED")
        await decide_delivery(ctx, transaction, None)
    else:
        transition(ctx.session, transaction, lifecycles.TRANSACTION, "VOIDED")
    return void


def _record_outcome(ctx: DomainContext, row, machine, result: OperationResult) -> bool:
    """Inserts a completion or void as the processor decided it (synchronous calls answer
    SUCCESSFUL or FAILED); True when it succeeded."""
    if result.status is OperationStatus.PENDING:
        raise ProcessorError(f"the processor answered a synchronous {machine.entity} PENDING")
    row.processor_reference = result.reference
    if result.succeeded:
        insert_through(ctx.session, row, machine, lifecycles.SUCCEEDED_AT_ONCE)
        return True
    reason = FAILURE_REASONS[result.failure if result.failure in FAILURE_REASONS else "DECLINED"]
    row.failure_reason_id = reason.id
    insert_through(ctx.session, row, machine, ["CREATE", "PENDING", "FAILED"])
    return False
