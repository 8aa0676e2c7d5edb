"""Time-outs the worker enforces: a transaction not authorized in time fails (with its open
charge attempts), an authorized one not completed in time is voided. Rows are claimed with
SKIP LOCKED, so several workers can run this at once, and a request holding a transaction's lock
wins over the job.

"In time" is on the transaction's space's clock (paystead.clock): the worker runs this for each
group of spaces on one clock, and advancing a space's clock runs it at each time-out passed.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from paystead.db.models import Transaction
from paystead.domains.transactions.completion import void_transaction
from paystead.domains.transactions.processing import fail_unauthorized
from paystead.payments.lifecycles import TransactionState
from paystead.domains.context import DomainContext
from paystead.worker.space_jobs import space_job

log = logging.getLogger("paystead.worker")
BATCH = 100


async def next_transaction_timeout(session: AsyncSession, spaces: Select) -> datetime | None:
    """The earliest time-out still to enforce in these spaces."""
    unauthorized = select(func.min(Transaction.authorization_timeout_on).label("due")).where(
        Transaction.space_id.in_(spaces), Transaction.state.in_(TransactionState.AWAITING_AUTHORIZATION))
    uncompleted = select(func.min(Transaction.completion_timeout_on).label("due")).where(
        Transaction.space_id.in_(spaces), Transaction.state == "AUTHORIZED")
    both = union_all(unauthorized, uncompleted).subquery()
    return await session.scalar(select(func.min(both.c.due)))


@space_job("transaction-timeouts", lambda settings: settings.payments.timeout_check_seconds,
           next_due=next_transaction_timeout)
async def enforce_transaction_timeouts(ctx: DomainContext, spaces: Select, now: datetime) -> int:
    # A time-out falls due at its instant (<=): advancing a clock to that instant enforces it.
    expired = (await ctx.session.scalars(
        select(Transaction).where(Transaction.space_id.in_(spaces), Transaction.state.in_(TransactionState.AWAITING_AUTHORIZATION),
                                  Transaction.authorization_timeout_on <= now)
        .order_by(Transaction.id).limit(BATCH).with_for_update(skip_locked=True))).all()
    for transaction in expired:
        await fail_unauthorized(ctx, transaction, "TRANSACTION_TIMEOUT")
    overdue = (await ctx.session.scalars(
        select(Transaction).where(Transaction.space_id.in_(spaces), Transaction.state == "AUTHORIZED",
                                  Transaction.completion_timeout_on <= now)
        .order_by(Transaction.id).limit(BATCH).with_for_update(skip_locked=True))).all()
    for transaction in overdue:
        await void_transaction(ctx, transaction, mode="ONLINE")
    if expired or overdue:
        log.info("time-outs: %d transactions failed, %d voided", len(expired), len(overdue))
    return len(expired) + len(overdue)
