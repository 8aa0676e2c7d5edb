"""The two clocks Paystead reads: the wall clock, and the clock of the space being worked on.

Every space has a clock of its own: the wall clock plus an offset that the space row records
(``spaces.clock_offset_us``). It is zero unless a sandbox space was started in the past
(``paystead bootstrap --clock-start``) or moved forward (``paystead clock advance``, or
``POST /api/v2.0/paystead/clock/advance``): a test space can then hold history, and a test
can let months pass in one call.

Everything Paystead stamps or decides *in a space* reads that space's clock through ``now()``
(``paystead.db.base.utcnow`` and the model defaults are this function): createdOn, authorizedOn,
completedOn..., time-outs and the dates they fall due, the simulator's card-expiry "today",
payment links' validity. Rather than hand a clock to every function that stamps a row, the space's
clock is *bound* to the current task (a context variable, which SQLAlchemy's async session
carries into the flush that fills column defaults): the API request binds it when it resolves
the ``Space`` header, the buyer pages when they load the transaction's space, and the worker for
each group of spaces whose rows it works on. Outside a space (account-level operations, the CLI)
nothing is bound and ``now()`` is the wall clock.

What belongs to the wire and the machine rather than to a space's history reads ``wall_now()``:
JWT age, an error's ``date``, rate limits, transaction credentials' lifetime, and webhook
delivery (a real receiver waits in real time, whatever the space's clock says).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone

ZERO = timedelta(0)

_space_offset: ContextVar[timedelta] = ContextVar("paystead_space_clock_offset", default=ZERO)


def wall_now() -> datetime:
    """The machine's clock, in UTC: for what is about the wire, not about a space's history."""
    return datetime.now(timezone.utc)


def now() -> datetime:
    """Now on the clock of the space being worked on (the wall clock outside any space)."""
    return wall_now() + _space_offset.get()


class BoundClock:
    """The clock of the space being worked on, as an object a context hands to services
    (``ctx.clock.now()``): it reads the binding of the current task, so it follows the space's
    clock wherever the binding moves it (a job at each instant it falls due, an advance of the
    clock within the request)."""

    def now(self) -> datetime:
        return now()

    def wall_now(self) -> datetime:
        return wall_now()


SPACE_CLOCK = BoundClock()


def bound_offset() -> timedelta:
    return _space_offset.get()


def bind(offset: timedelta) -> None:
    """Binds a space's clock for the rest of the current unit of work. Call it inside
    ``binding_scope()`` (or in a task of its own, which starts from a copy of the context), so
    that the binding ends with the work."""
    _space_offset.set(offset)


@contextmanager
def binding_scope() -> Iterator[None]:
    """Whatever is bound inside is unbound on leaving (the clock bound before is restored)."""
    token = _space_offset.set(_space_offset.get())
    try:
        yield
    finally:
        _space_offset.reset(token)


@contextmanager
def space_clock(offset: timedelta) -> Iterator[None]:
    """Runs the block on the clock of a space whose offset is ``offset``."""
    with binding_scope():
        bind(offset)
        yield


@contextmanager
def clock_at(instant: datetime) -> Iterator[None]:
    """Runs the block on a clock that reads ``instant`` as it starts (and runs on from there):
    advancing a space's clock does the jobs that fall due at the moment they fall due."""
    with space_clock(instant - wall_now()):
        yield


def offset_from_microseconds(microseconds: int | None) -> timedelta:
    return timedelta(microseconds=microseconds or 0)


def microseconds_of(offset: timedelta) -> int:
    # timedelta keeps days, seconds and microseconds exactly; no float rounding.
    return (offset.days * 86_400 + offset.seconds) * 1_000_000 + offset.microseconds
