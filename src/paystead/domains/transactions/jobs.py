"""Time-outs the worker enforces: a transaction not authorized in time fails (with its open
charge attempts), an authorized one not completed in time is voided. Rows are claimed with
SKIP LOCKED, so several workers can run this at once, and a request holding a transaction's lock
wins over the job."""

from __future__ import annotations

import logging

from sqlalchemy import select

from paystead.app_state import AppState
from paystead.auth.caller import Caller
from paystead.db.base import utcnow
from paystead.db.engine import sqlite_may_write
from paystead.db.models import Transaction
from paystead.domains.transactions.completion import void_transaction
from paystead.domains.transactions.processing import fail_unauthorized
from paystead.resources.context import RequestContext
from paystead.worker.runner import periodic

log = logging.getLogger("paystead.worker")
BATCH = 100
UNAUTHORIZED_STATES = ("PENDING", "CONFIRMED", "PROCESSING")


@periodic("transaction-timeouts", lambda settings: settings.payments.timeout_check_seconds)
async def enforce_transaction_timeouts(state: AppState) -> None:
    sqlite_may_write.set(True)
    async with state.sessions() as session, session.begin():
        ctx = RequestContext(request=None, session=session, caller=Caller.system(), state=state, operation={})
        now = utcnow()
        expired = (await session.scalars(
            select(Transaction).where(Transaction.state.in_(UNAUTHORIZED_STATES),
                                      Transaction.authorization_timeout_on < now)
            .order_by(Transaction.id).limit(BATCH).with_for_update(skip_locked=True))).all()
        for transaction in expired:
            await fail_unauthorized(ctx, transaction, "TRANSACTION_TIMEOUT")
        overdue = (await session.scalars(
            select(Transaction).where(Transaction.state == "AUTHORIZED", Transaction.completion_timeout_on < now)
            .order_by(Transaction.id).limit(BATCH).with_for_update(skip_locked=True))).all()
        for transaction in overdue:
            await void_transaction(ctx, transaction, mode="ONLINE")
        # A void is a new row: its events (and the transaction's VOIDED) wait for its id, which
        # they must get before the commit (see deferred._run_one).
        await session.flush()
        if expired or overdue:
            log.info("time-outs: %d transactions failed, %d voided", len(expired), len(overdue))
