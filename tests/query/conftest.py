"""The ``db`` fixture: the query test table on SQLite, then on PostgreSQL when reachable."""

from __future__ import annotations

import pytest
from query_test_db import POSTGRES_URL, Database, PostgresDatabase, SqliteDatabase


def _postgres_or_skip() -> PostgresDatabase:
    try:
        PostgresDatabase.ping()
    except Exception as error:  # refused, no such host, auth: whatever asyncpg raises
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {error!r}")
    return PostgresDatabase()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request):
    backend = SqliteDatabase() if request.param == "sqlite" else _postgres_or_skip()
    yield Database(backend)
    backend.close()
