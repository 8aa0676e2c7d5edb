"""Processing the worker finishes after the request answered PROCESSING.

wallee answers ``process-without-interaction`` and ``charge-flow/apply`` with the transaction
PROCESSING and decides it in the background; integrations wait for the webhook. Here the request
writes a ``ProcessingJob`` row (``scheduling.schedule``) in its own database transaction (so the
work survives a restart), due ``PAYSTEAD_PROCESSING__DELAY_SECONDS`` later. The worker claims due
jobs one at a time (SKIP LOCKED on PostgreSQL; SQLite serializes writers), locks the transaction,
and does the work in the unit of work that marks the job DONE, so it happens once however many
workers run. Due times are on the space's clock (a space job, see paystead.worker.space_jobs).

A job re-checks what it is for under the transaction's lock: work that a request finished or
ended first (a charge flow canceled, the buyer paid on the page) is left as it is, and the job is
done. That is what makes a cancel win over pending work, and running a job twice harmless.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from paystead.db.base import utcnow
from paystead.db.models import ChargeAttempt, ChargeFlowLevel, ProcessingJob, Transaction
from paystead.domains.transactions import charge_flow_steps, processing
from paystead.domains.transactions.locks import lock_transaction
from paystead.domains.transactions.scheduling import DECIDE_ATTEMPT, RUN_LEVEL
from paystead.domains.context import DomainContext
from paystead.worker.space_jobs import space_job

log = logging.getLogger("paystead.worker")
# Jobs run per look; the rest wait for the next one.
BATCH = 100
MAX_RETRY_SECONDS = 300

async def next_processing_due(session: AsyncSession, spaces: Select) -> datetime | None:
    return await session.scalar(select(func.min(ProcessingJob.due_on)).where(
        ProcessingJob.state == "PENDING", ProcessingJob.space_id.in_(spaces)))


# A space job: "due" is on the space's clock, like the time the request wrote, so a space whose
# clock was moved forward has its work done, and advancing a clock finishes what falls due.
@space_job("processing", lambda settings: settings.processing.poll_seconds, next_due=next_processing_due)
async def run_due_processing(ctx: DomainContext, spaces: Select, now: datetime) -> int:
    handled = 0
    for _ in range(BATCH):
        job = await ctx.session.scalar(
            select(ProcessingJob).where(ProcessingJob.state == "PENDING", ProcessingJob.space_id.in_(spaces),
                                        ProcessingJob.due_on <= now)
            .order_by(ProcessingJob.due_on, ProcessingJob.id).limit(1).with_for_update(skip_locked=True))
        if job is None:
            break
        handled += 1
        try:
            # A savepoint per job: one failing job is retried later and never undoes the others.
            async with ctx.session.begin_nested():
                transaction = await lock_transaction(ctx.session, job.transaction_id)
                again_on = await _run(ctx, job, transaction)
                await ctx.session.flush()  # new rows get their ids, and their waiting events are written
        except Exception:  # noqa: BLE001 - retried later with a growing pause
            log.exception("processing job %s failed", job.id)
            job.failures += 1
            job.due_on = utcnow() + timedelta(seconds=min(2 ** job.failures, MAX_RETRY_SECONDS))
            continue
        if again_on is None:
            job.state, job.done_on = "DONE", utcnow()
        else:
            job.due_on = again_on
    return handled


async def _run(ctx: DomainContext, job: ProcessingJob, transaction: Transaction) -> datetime | None:
    """Does the job's work if it is still to be done; returns when to look again, if ever."""
    if job.kind == DECIDE_ATTEMPT:
        attempt = await ctx.session.get(ChargeAttempt, job.charge_attempt_id)
        if attempt is not None and attempt.state == "PROCESSING" and transaction.state == "PROCESSING":
            return await processing.decide_open_attempt(ctx, transaction, attempt)
        return None
    if job.kind == RUN_LEVEL:
        level = await ctx.session.get(ChargeFlowLevel, job.charge_flow_level_id)
        if level is None or level.state != "PENDING" or transaction.state != "PROCESSING":
            return None
        return await charge_flow_steps.run_level(ctx, transaction, level)
    log.error("processing job %s has an unknown kind %r", job.id, job.kind)
    return None
