"""Alembic environment: one set of migrations for SQLite and PostgreSQL, run on the async engine."""

from __future__ import annotations

import asyncio
import warnings

from alembic import context
from sqlalchemy.exc import SAWarning

from paystead.db import models  # noqa: F401  (registers every table on the metadata)
from paystead.db.base import Base
from paystead.db.engine import create_engine

config = context.config

# A batch step on SQLite reflects the tables its foreign keys name; SQLAlchemy cannot reflect
# the expression indexes on transactions (lower(...)) and says so, although the batch step never
# touches them. Not something a user can act on, so not printed.
warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index",
                        category=SAWarning)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place: batch mode recreates tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(config.attributes["database_url"])
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `paystead migrate`")
asyncio.run(_run_async())
