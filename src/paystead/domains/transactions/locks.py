"""The transaction's row lock, the one lock that serialises what moves a transaction's money.

Completions, voids, refunds, line item versions, manual decisions, challenge answers and the
worker's deferred steps take it before they read the ledger (``ledger.py``) or change a state,
so that each sees what the others committed. On PostgreSQL it is ``SELECT ... FOR UPDATE``; on
SQLite the writing unit of work already holds the database's write lock (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from paystead.db.models import Transaction


async def lock_transaction(session: AsyncSession, transaction_id: int, *,
                           space_id: int | None = None) -> Transaction | None:
    """The transaction, locked until the unit of work ends; None if there is none (in ``space_id``
    when given: a reference from a request body must name a transaction of the caller's space)."""
    statement = select(Transaction).where(Transaction.id == transaction_id)
    if space_id is not None:
        statement = statement.where(Transaction.space_id == space_id)
    return await session.scalar(statement.with_for_update())
