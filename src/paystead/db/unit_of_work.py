"""Paystead's sessions and its unit of work.

``session_factory`` gives each engine a session class of its own and installs the session
hooks on that class only (the column limits, and whatever the caller lists: the state events
and the webhook outbox, see ``paystead.modules``), so that no other session in the process,
and no second factory, runs them.

``unit_of_work`` is the one way to open a session for a request or a job: it says whether the
work may write (on SQLite a writing unit of work takes the write lock when it begins, see
``paystead.db.engine``), opens the session and its transaction, and commits when the block
ends without an error.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from paystead.db.engine import sqlite_may_write
from paystead.db.limits import COLUMN_LIMIT_HOOKS

# (SQLAlchemy session event name, listener), e.g. ("after_flush", write_deliveries).
SessionHook = tuple[str, Callable]


def session_factory(engine: AsyncEngine, hooks: Iterable[SessionHook]) -> async_sessionmaker:
    """Sessions on ``engine`` that run the column limits and ``hooks``, in that order."""

    class PaysteadSession(Session):
        """The synchronous session under this factory's async sessions: its own class, so that
        the hooks reach this factory's sessions and no others."""

    for name, listener in (*COLUMN_LIMIT_HOOKS, *hooks):
        event.listen(PaysteadSession, name, listener)
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=PaysteadSession)


@asynccontextmanager
async def unit_of_work(sessions: async_sessionmaker, *, writes: bool) -> AsyncIterator[AsyncSession]:
    """A session in a transaction that commits when the block ends (rolls back on an error).

    ``writes`` is the intent: read-only work on SQLite starts deferred, so that readers never
    queue behind writers. The intent holds for what runs inside the block.
    """
    intent = sqlite_may_write.set(writes)
    try:
        async with sessions() as session, session.begin():
            yield session
    finally:
        sqlite_may_write.reset(intent)
