"""A transaction's money ledger (``payments/ledger.py``) read from its rows: the current line
items, the successful completions, and the refunds that count against what can be refunded
(successful ones and those still outstanding). Read under the transaction's row lock, which
every caller holds, so no other operation moves the transaction's money until it commits."""

from __future__ import annotations

from sqlalchemy import select

from paystead.db.models import Refund, Transaction, TransactionCompletion
from paystead.payments.ledger import Ledger, build_ledger
from paystead.payments.lifecycles import RefundState
from paystead.domains.context import DomainContext


async def _completions(ctx: DomainContext, transaction: Transaction) -> list[TransactionCompletion]:
    return list((await ctx.session.scalars(select(TransactionCompletion).where(
        TransactionCompletion.transaction_id == transaction.id, TransactionCompletion.state == "SUCCESSFUL")
        .order_by(TransactionCompletion.id))).all())


async def _refunds(ctx: DomainContext, transaction: Transaction) -> list[Refund]:
    return list((await ctx.session.scalars(select(Refund).where(
        Refund.transaction_id == transaction.id, Refund.state.in_(RefundState.OUTSTANDING))
        .order_by(Refund.id))).all())


def _refund_parts(refunds: list[Refund]) -> list[tuple]:
    return [(refund.amount, refund.line_items, refund.reductions) for refund in refunds]


def _transaction_ledger(transaction: Transaction, completions: list[TransactionCompletion],
                        refunds: list[Refund]) -> Ledger:
    return build_ledger(transaction.currency, transaction.authorization_amount, transaction.line_items,
                        [(completion.amount, completion.line_items) for completion in completions],
                        _refund_parts(refunds))


async def transaction_ledger(ctx: DomainContext, transaction: Transaction) -> Ledger:
    return _transaction_ledger(transaction, await _completions(ctx, transaction), await _refunds(ctx, transaction))


async def refund_ledgers(ctx: DomainContext, transaction: Transaction,
                         completion: TransactionCompletion | None) -> list[Ledger]:
    """The ledgers a refund is held to: the transaction's, and first, when the refund names a
    completion, that completion's (what it captured, nothing unless it succeeded, and the refunds
    that name it). The refund rows are read once for both."""
    refunds = await _refunds(ctx, transaction)
    ledger = _transaction_ledger(transaction, await _completions(ctx, transaction), refunds)
    if completion is None:
        return [ledger]
    captured = [(completion.amount, completion.line_items)] if completion.state == "SUCCESSFUL" else []
    naming = [refund for refund in refunds if refund.completion_id == completion.id]
    return [build_ledger(transaction.currency, completion.amount, completion.line_items, captured,
                         _refund_parts(naming), scope=f"completion {completion.id}"), ledger]
