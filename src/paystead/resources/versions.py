"""Optimistic locking as wallee's clients observe it.

Every versioned object starts at version 1 and every write adds 1 (SQLAlchemy's
``version_id_col`` bumps it on each flush that changes the row, and refuses a flush whose row was
changed by a concurrent writer). An update names a version: wallee accepts the object's current
version *or the next one* (its own SDK suite PATCHes a fresh transaction, version 1, with
``version: 2`` and gets version 2 back; elsewhere it sends the object's own version), and answers
409 naming the current version for anything older (stale) or further ahead. Every update of
every resource, single or bulk, goes through ``require_update_version`` and
``settle_update_version`` (called by ``Resource.update_one``).
"""

from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError

from paystead.errors import Conflict
from paystead.domains.context import DomainContext


def require_update_version(current: int, sent: int | None) -> None:
    """409 unless ``sent`` is the object's ``current`` version or the next one."""
    named = {"version": f"current version is {current}"}
    if sent is None:
        raise Conflict(f"The update needs the object's version; the current version is {current}",
                       code="version_required", errors=named)
    if sent < current:
        raise Conflict(f"The object was changed meanwhile: version {sent} is stale, the current version is {current}",
                       code="version_conflict", errors=named)
    if sent > current + 1:
        raise Conflict(f"Version {sent} is ahead of the object: the current version is {current} "
                       f"(an update names the current version or the next one, {current + 1})",
                       code="version_conflict", errors=named)


async def settle_update_version(ctx: DomainContext, row, before: int) -> None:
    """Flushes an accepted update so that it is exactly one write: ``before`` + 1.

    An update that changes no stored value is still a write as wallee counts it (the answer to
    ``version: current`` or ``current + 1`` is always current + 1), and one that the service
    flushed in steps (a state change checked on its own, then the other fields) is still one.
    Setting the version explicitly makes SQLAlchemy write that value, still guarded by the
    version it read, so a concurrent writer that won remains a 409."""
    await flush_versioned(ctx, row)
    if row.version != before + 1:
        row.version = before + 1
        await flush_versioned(ctx, row)


async def flush_versioned(ctx: DomainContext, row) -> None:
    """Flush an optimistic-locked change: a concurrent writer that won makes this a 409."""
    try:
        await ctx.session.flush()
    except StaleDataError:
        raise Conflict("The object was changed by a concurrent request; fetch it and retry",
                       code="version_conflict") from None
