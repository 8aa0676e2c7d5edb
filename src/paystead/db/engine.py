"""Database URLs as users write them, mapped to SQLAlchemy's async drivers."""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}
_SYNC_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


def async_url(plain_url: str) -> str:
    """``postgresql://u@h/db`` -> ``postgresql+asyncpg://u@h/db``; explicit drivers are kept."""
    url = make_url(plain_url)
    backend = url.get_backend_name()
    if "+" in url.drivername:
        return url.render_as_string(hide_password=False)
    if backend not in _ASYNC_DRIVERS:
        raise ValueError(f"unsupported database {plain_url!r}: use sqlite:///file.db or postgresql://user@host:port/db")
    return url.set(drivername=_ASYNC_DRIVERS[backend]).render_as_string(hide_password=False)


def is_sqlite(plain_url: str) -> bool:
    return make_url(plain_url).get_backend_name() == "sqlite"


def ensure_sqlite_directory(plain_url: str) -> None:
    url = make_url(plain_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


# Whether the current unit of work may write (set by the request boundary; True when unknown).
sqlite_may_write: ContextVar[bool] = ContextVar("sqlite_may_write", default=True)


def _begin(connection) -> None:
    # A unit of work that may write takes the write lock when it starts: a deferred transaction
    # that reads and then writes can fail at once with "database is locked" when another writer
    # got there first, whereas BEGIN IMMEDIATE waits for the busy timeout. Read-only units of
    # work start deferred, so that readers never queue behind writers (WAL).
    connection.exec_driver_sql("BEGIN IMMEDIATE" if sqlite_may_write.get() else "BEGIN")


def _tune_sqlite(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN instead of the driver's implicit one.
    dbapi_connection.isolation_level = None
    # WAL lets readers proceed while one writer commits; a busy timeout makes concurrent
    # writers wait for the lock instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_engine(plain_url: str, *, pool_size: int = 10, connect_timeout: float | None = None) -> AsyncEngine:
    ensure_sqlite_directory(plain_url)
    url = async_url(plain_url)
    if is_sqlite(plain_url):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
        event.listen(engine.sync_engine, "begin", _begin)
        return engine
    # pre_ping: after a database restart, pooled connections are dead; test before use.
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
                               connect_args={} if connect_timeout is None else {"timeout": connect_timeout})
