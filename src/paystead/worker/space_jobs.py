"""Jobs whose rows fall due on their space's clock (transaction time-outs today; subscription
billing, suspensions and the like will be more of them).

A space job says when its next row falls due in some spaces (``next_due``) and does what is due
in them at a given instant (``run_due``). Two drivers run it:

- the worker, every ``interval``: spaces are grouped by clock (in most installations all of
  them are on the wall clock: one group), and each group's rows are worked on with that group's
  clock bound, so that "due" means due on the space's own clock and every timestamp the work
  stamps is on it too;
- advancing a space's clock (``paystead.domains.spaces.clock``): the jobs of that one space run
  at each instant something falls due between the old and the new time, in time order, before
  the advance answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from paystead import clock
from paystead.app_state import AppState
from paystead.auth.caller import Caller
from paystead.db.unit_of_work import unit_of_work
from paystead.db.models import Space
from paystead.domains.context import DomainContext, PublicUrls
from paystead.worker.tasks import periodic

# ``spaces`` is a SELECT of space ids: jobs filter their rows with ``Model.space_id.in_(spaces)``.
NextDue = Callable[[AsyncSession, Select], Awaitable[datetime | None]]
# Does what is due at ``now`` (the bound clock's time) in ``spaces``; returns how many rows it handled.
RunDue = Callable[[DomainContext, Select, datetime], Awaitable[int]]


@dataclass(frozen=True)
class SpaceJob:
    name: str
    next_due: NextDue
    run_due: RunDue


SPACE_JOBS: list[SpaceJob] = []


def space_job(name: str, interval_seconds: float | Callable[[Any], float], next_due: NextDue):
    """Registers ``run_due`` as a space job, and as the worker's periodic task of that name."""
    def register(run_due: RunDue) -> RunDue:
        job = SpaceJob(name, next_due, run_due)
        SPACE_JOBS.append(job)

        async def on_every_clock(state: AppState) -> None:
            await run_on_every_clock(state, job)

        periodic(name, interval_seconds)(on_every_clock)
        return run_due

    return register


def system_context(state: AppState, session: AsyncSession) -> DomainContext:
    """Background work is done by the system, in no one space (a job's rows are those of a group
    of spaces on one clock, which its driver binds), and builds buyer URLs on the configured
    public base URL (relative to the server's root without one: there is no request to go by)."""
    return DomainContext(session=session, caller=Caller.system(), state=state, urls=PublicUrls.configured(state.settings))


async def run_on_every_clock(state: AppState, job: SpaceJob) -> int:
    # First a read: only clocks with something due open a writing unit of work, which on SQLite
    # takes the database's write lock and would hold up the API's writers at every look.
    async with unit_of_work(state.sessions, writes=False) as session:
        offsets = (await session.scalars(select(Space.clock_offset_us).distinct())).all()
        due_offsets = []
        for offset in offsets:
            due = await job.next_due(session, select(Space.id).where(Space.clock_offset_us == offset))
            if due is not None and due <= clock.wall_now() + clock.offset_from_microseconds(offset):
                due_offsets.append(offset)
    handled = 0
    for offset in due_offsets:
        spaces = select(Space.id).where(Space.clock_offset_us == offset)
        with clock.space_clock(clock.offset_from_microseconds(offset)):
            async with unit_of_work(state.sessions, writes=True) as session:
                handled += await run_due_now(state, session, job, spaces)
    return handled


async def run_due_now(state: AppState, session: AsyncSession, job: SpaceJob, spaces: Select) -> int:
    """Runs ``job`` at the bound clock's now in ``session``'s unit of work; both drivers use it."""
    handled = await job.run_due(system_context(state, session), spaces, clock.now())
    # Rows first inserted by the job get their ids here, so that the state events waiting for
    # them are written before the commit (in the commit's own flush they would still count as
    # pending, and their events and webhooks would be lost).
    await session.flush()
    return handled
