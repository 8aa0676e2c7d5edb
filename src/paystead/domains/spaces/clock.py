"""A space's clock (see paystead.clock): read it, and move it forward in a sandbox.

Moving a clock is how a test space gets history and lets months pass: the jobs that fall due on
the way (transaction time-outs today, subscription billing later) run at the instant each falls
due, in time order, before the advance answers, so that what a client reads afterwards is what
the worker would have done had the time really passed. The clock only moves forward (a space's
history cannot be undone), and only in sandbox mode: a production space runs on the wall clock.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from paystead import clock
from paystead.app_state import AppState
from paystead.db.models import Space
from paystead.errors import Forbidden, NotFound, UnprocessableEntity
from paystead.payments.lifecycles import CreationEntityState
from paystead.resources.fields import format_datetime
from paystead.settings import Mode
from paystead.worker.space_jobs import SPACE_JOBS, run_due_now

# Far enough for any test, and well inside what datetime and both databases hold.
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)

_ISO_DURATION = re.compile(r"P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
                           r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?")
# The CLI's shorthand: 90s, 15m, 12h, 30d, 2w, 3mo (calendar months), 1y (calendar years).
_SHORTHAND = re.compile(r"(\d+)(s|m|h|d|w|mo|y)")
_SHORT_UNITS = {"s": timedelta(seconds=1), "m": timedelta(minutes=1), "h": timedelta(hours=1),
                "d": timedelta(days=1), "w": timedelta(weeks=1)}


@dataclass(frozen=True)
class Step:
    """How far to move a clock: calendar months (a month from 31 January is the last day of
    February), then an exact length of time."""

    months: int = 0
    length: timedelta = timedelta(0)

    def after(self, instant: datetime) -> datetime:
        return add_months(instant, self.months) + self.length


def add_months(instant: datetime, months: int) -> datetime:
    if not months:
        return instant
    index = instant.month - 1 + months
    year, month = instant.year + index // 12, index % 12 + 1
    if year > LATEST.year:
        raise _too_far()
    return instant.replace(year=year, month=month, day=min(instant.day, calendar.monthrange(year, month)[1]))


def parse_step(value) -> Step:
    """``by``: seconds (a JSON number, or digits), an ISO-8601 duration (``P30D``, ``P1M``,
    ``PT12H``, ``P1Y2M3DT4H5M6.5S``) or the CLI's shorthand (``30d``, ``3mo``...)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _bad_by()
    text = str(value).strip()
    if text.startswith("-"):
        raise _backward()
    try:
        seconds = Decimal(text)
    except InvalidOperation:
        seconds = None
    if seconds is not None:
        if not seconds.is_finite():
            raise _bad_by()
        return Step(length=_length(seconds=seconds))
    iso = _ISO_DURATION.fullmatch(text.upper())
    if iso:
        years, months, weeks, days, hours, minutes, secs = iso.groups()
        return Step(months=_int(years) * 12 + _int(months),
                    length=_length(weeks=_int(weeks), days=_int(days), hours=_int(hours), minutes=_int(minutes),
                                   seconds=Decimal(secs or 0)))
    short = _SHORTHAND.fullmatch(text.lower())
    if short:
        amount, unit = int(short.group(1)), short.group(2)
        if unit in ("mo", "y"):
            return Step(months=amount * (12 if unit == "y" else 1))
        return Step(length=_length(seconds=Decimal(amount) * Decimal(_SHORT_UNITS[unit].total_seconds())))
    raise _bad_by()


def parse_instant(value, field: str = "to") -> datetime | None:
    """``to``: an ISO-8601 date-time with its offset (``2027-06-01T00:00:00Z``), a date (its
    midnight UTC), or ``now`` (None: the wall clock's now)."""
    if not isinstance(value, str) or not value.strip():
        raise _bad_to(field)
    text = value.strip()
    if text.lower() == "now":
        return None
    try:
        instant = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise _bad_to(field) from None
    if "T" not in text.upper() and len(text) == 10:
        return instant.replace(tzinfo=timezone.utc)
    if instant.tzinfo is None:
        raise UnprocessableEntity(f"'{field}' needs its UTC offset, e.g. 2027-06-01T00:00:00Z",
                                  code="invalid_instant", errors={field: "no UTC offset"})
    return instant.astimezone(timezone.utc)


def parse_start(settings, value: str) -> datetime | None:
    """``paystead bootstrap --clock-start``: where a new sandbox space's clock starts."""
    if settings.mode is not Mode.SANDBOX:
        raise Forbidden("A space's clock can only be set in sandbox mode", code="sandbox_only")
    start = parse_instant(value, "clock start")
    if start is not None and not EARLIEST <= start <= LATEST:
        raise _too_far()
    return start


def reading(space_id: int, offset: timedelta, **extra) -> dict:
    return {"spaceId": space_id, "now": format_datetime(clock.wall_now() + offset),
            "offsetSeconds": offset.total_seconds(), **extra}


async def read_clock(session: AsyncSession, space_id: int) -> dict:
    offset_us = await session.scalar(select(Space.clock_offset_us).where(Space.id == space_id,
                                                                         Space.state.in_(CreationEntityState.LIVE)))
    if offset_us is None:
        raise NotFound(f"No space {space_id}", errors={"space": str(space_id)})
    return reading(space_id, clock.offset_from_microseconds(offset_us))


def require_sandbox(state: AppState) -> None:
    if state.settings.mode is not Mode.SANDBOX:
        # 403: no caller, whatever it holds, may move a production space's clock; a 422 would
        # suggest that another request body could.
        raise Forbidden("A space's clock can only be moved in sandbox mode", code="sandbox_only")


async def advance_clock(state: AppState, session: AsyncSession, space_id: int, *, by=None, to=None) -> dict:
    """Moves the space's clock forward ``by`` a step or ``to`` an instant (``"now"``: the wall
    clock), running every job that falls due on the way; answers the new reading."""
    require_sandbox(state)
    if (by is None) == (to is None):
        raise UnprocessableEntity("Give either 'by' (a duration) or 'to' (an instant)", code="invalid_advance",
                                  errors={"by": "one of by and to", "to": "one of by and to"})
    step = parse_step(by) if by is not None else None
    instant = parse_instant(to) if to is not None else None
    # Locked: two advances of one space add up, one after the other.
    offset_us = await session.scalar(select(Space.clock_offset_us).where(
        Space.id == space_id, Space.state.in_(CreationEntityState.LIVE)).with_for_update())
    if offset_us is None:
        raise NotFound(f"No space {space_id}", errors={"space": str(space_id)})
    wall = clock.wall_now()
    before = wall + clock.offset_from_microseconds(offset_us)
    try:
        target = step.after(before) if step is not None else (instant or wall)
    except OverflowError:
        raise _too_far() from None
    if target < before:
        raise _backward(before)
    if target > LATEST or target < EARLIEST:
        raise _too_far()
    jobs = await run_due_jobs(state, session, space_id, before, target)
    offset = target - wall
    await session.execute(update(Space).where(Space.id == space_id)
                          .values(clock_offset_us=clock.microseconds_of(offset))
                          .execution_options(synchronize_session=False))
    # The rest of the request (and its answer) is on the new time.
    clock.bind(offset)
    return reading(space_id, offset, previous=format_datetime(before), jobs=jobs)


async def run_due_jobs(state: AppState, session: AsyncSession, space_id: int, start: datetime,
                       target: datetime) -> dict[str, int]:
    """Every job of the space that falls due up to ``target``, at the instant it falls due (or at
    ``start``, for what was already due), earliest first. Answers how many rows each job handled."""
    spaces = select(Space.id).where(Space.id == space_id)
    handled: dict[str, int] = defaultdict(int)
    moment = start
    while True:
        dues = [due for job in SPACE_JOBS if (due := await job.next_due(session, spaces)) is not None]
        due = min(dues, default=None)
        if due is None or due > target:
            break
        moment = max(moment, due)
        done = 0
        with clock.clock_at(moment):
            for job in SPACE_JOBS:
                count = await run_due_now(state, session, job, spaces)
                handled[job.name] += count
                done += count
        if not done:
            break  # what is due is locked by another unit of work (SKIP LOCKED): the worker finishes it
    return {job.name: handled[job.name] for job in SPACE_JOBS}


def _int(text: str | None) -> int:
    return int(text) if text else 0


def _length(*, weeks: int = 0, days: int = 0, hours: int = 0, minutes: int = 0, seconds: Decimal = Decimal(0)):
    try:
        return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=float(seconds))
    except OverflowError:
        raise _too_far() from None


def _bad_by() -> UnprocessableEntity:
    return UnprocessableEntity("'by' must be seconds or an ISO-8601 duration such as P30D, P1M or PT12H",
                               code="invalid_duration", errors={"by": "not a duration"})


def _bad_to(field: str) -> UnprocessableEntity:
    return UnprocessableEntity(f"'{field}' must be an ISO-8601 date-time such as 2027-06-01T00:00:00Z, or now",
                               code="invalid_instant", errors={field: "not an instant"})


def _backward(now: datetime | None = None) -> UnprocessableEntity:
    told = f" (it reads {format_datetime(now)})" if now else ""
    return UnprocessableEntity(f"A space's clock only moves forward{told}", code="clock_backward",
                               errors={"clock": "backward"})


def _too_far() -> UnprocessableEntity:
    return UnprocessableEntity(f"A space's clock stays between {EARLIEST.year} and {LATEST.year}",
                               code="clock_out_of_range", errors={"clock": "out of range"})
