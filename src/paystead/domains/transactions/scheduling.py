"""Processing left for the worker: a request writes a ``ProcessingJob`` row in its own unit of
work (``schedule``), and ``deferred`` runs it when it falls due."""

from __future__ import annotations

from datetime import datetime, timedelta

from paystead.db.models import ChargeAttempt, ChargeFlowLevel, ProcessingJob, Transaction
from paystead.domains.context import DomainContext

DECIDE_ATTEMPT = "CHARGE_ATTEMPT"
RUN_LEVEL = "CHARGE_FLOW_LEVEL"


def processing_due(ctx: DomainContext) -> datetime:
    return ctx.clock.now() + timedelta(seconds=ctx.settings.processing.delay_seconds)


async def schedule(ctx: DomainContext, transaction: Transaction, kind: str, *, attempt: ChargeAttempt | None = None,
                   level: ChargeFlowLevel | None = None, due_on: datetime | None = None) -> ProcessingJob:
    """Writes the job in the caller's unit of work: it commits (or rolls back) with the change."""
    if (attempt is not None and attempt.id is None) or (level is not None and level.id is None):
        await ctx.session.flush()  # the job names them by id
    job = ProcessingJob(space_id=transaction.space_id, transaction_id=transaction.id, kind=kind, state="PENDING",
                        due_on=due_on or processing_due(ctx), failures=0,
                        charge_attempt_id=attempt.id if attempt is not None else None,
                        charge_flow_level_id=level.id if level is not None else None)
    ctx.session.add(job)
    return job
