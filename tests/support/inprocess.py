"""The fast tier: the real ASGI app (``paystead.app.create_app``, the factory `paystead serve`
runs) in the test process, reached through httpx's ASGI transport, on a copy of a database that
was migrated once per test session, each test working as a tenant bootstrapped for it.

What differs from the end-to-end tier, on purpose: no process, no socket, no uvicorn, and no
embedded worker. Background work runs when a test says so (``InProcessApp.run_jobs``), so a
test that needs a job to have run is deterministic instead of polling.
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import threading
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx

from paystead import modules
from paystead.app import create_app
from paystead.bootstrap import create_sandbox, prepare_reference_data
from paystead.db.migrate import upgrade
from paystead.settings import Settings
from tests.support.jwt_client import WalleeHttp
from tests.support.servers import (
    Credentials,
    create_postgres_database,
    drop_postgres_database,
)

T = TypeVar("T")

# What the end-to-end tier's session server gets too (tests/conftest.py FAST_PROCESSING): the
# charge flows and process-without-interaction are decided at the first run of the worker's job.
FAST_PROCESSING = {"delay_seconds": 0}

# The host the app sees; in sandbox mode buyer-facing URLs are built on it.
BASE_URL = "http://paystead.test"


class EventLoopThread:
    """One asyncio loop in a thread of its own, for the whole life of one app.

    The app's engine and connection pool belong to the loop that created them, so every call
    into the app, the requests and the jobs alike, runs on this one loop; tests stay plain
    synchronous functions."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="paystead-fast-tier", daemon=True)
        self._thread.start()

    def run(self, awaitable: Awaitable[T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(_awaited(awaitable), self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


async def _awaited(awaitable: Awaitable[T]) -> T:
    return await awaitable


class SyncAsgiClient:
    """The subset of ``httpx.Client`` that ``WalleeHttp`` uses, answered by an
    ``httpx.AsyncClient`` on the app's loop."""

    def __init__(self, loop: EventLoopThread, client: httpx.AsyncClient) -> None:
        self._loop = loop
        self._client = client

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        return self._loop.run(self._client.request(method, url, **kwargs))


@dataclass
class TemplateDatabase:
    """A database migrated, with its reference data, once per session: tests work on copies."""

    backend: str
    database_url: str
    master_key: str

    def copy(self, data_dir: Path) -> str:
        """A fresh copy (a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL);
        returns its URL."""
        if self.backend == "sqlite":
            source = Path(self.database_url.removeprefix("sqlite:///"))
            target = data_dir / "paystead.db"
            shutil.copyfile(source, target)
            return f"sqlite:///{target}"
        return create_postgres_database(template=self.database_url.rsplit("/", 1)[1])

    def drop(self) -> None:
        if self.backend == "postgresql":
            drop_postgres_database(self.database_url)


def app_settings(database_url: str, data_dir: Path, master_key: str, **overrides: Any) -> Settings:
    """The settings model `paystead serve` reads (the environment as for a server, then these):
    no embedded worker, the in-memory rate limiter, processing without its delay."""
    processing = {**FAST_PROCESSING, **overrides.pop("processing", {})}
    return Settings(_env_file=None, database_url=database_url, data_dir=data_dir, master_key=master_key,
                    embedded_worker=False, redis_url=None, processing=processing, **overrides)


def build_template(backend: str, data_dir: Path) -> TemplateDatabase:
    """Migrates a new database (SQLite file or PostgreSQL database) and loads its reference data
    (permissions, countries, currencies), as `paystead migrate` does."""
    if backend == "sqlite":
        database_url = f"sqlite:///{data_dir / 'template.db'}"
    else:
        database_url = create_postgres_database(prefix="paystead_template")
    master_key = base64.b64encode(os.urandom(32)).decode()
    upgrade(database_url)

    async def prepare():
        state = modules.create_state(app_settings(database_url, data_dir, master_key))
        try:
            await prepare_reference_data(state.sessions)
        finally:
            await state.close()  # no connection left open: PostgreSQL copies only an unused template

    asyncio.run(prepare())
    if backend == "sqlite":
        _checkpoint(data_dir / "template.db")
    return TemplateDatabase(backend, database_url, master_key)


def _checkpoint(path: Path) -> None:
    """Folds the WAL into the main file, so that copying the one file copies everything."""
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


class InProcessApp:
    """One test's app: ``create_app(settings)`` with its lifespan entered, and a tenant of the
    test's own (``credentials``, bootstrapped as the app starts)."""

    def __init__(self, backend: str, settings: Settings) -> None:
        self.backend = backend
        self.settings = settings
        self.data_dir = settings.data_dir
        self.database_url = settings.resolved_database_url()
        self._loop = EventLoopThread()
        self._stack = AsyncExitStack()
        self.app = create_app(settings)
        try:
            self._loop.run(self._stack.enter_async_context(self.app.router.lifespan_context(self.app)))
            transport = httpx.ASGITransport(app=self.app)
            client = httpx.AsyncClient(transport=transport, base_url=BASE_URL, timeout=30)
            self._stack.push_async_callback(client.aclose)
            self.client = SyncAsgiClient(self._loop, client)
            self.credentials = self.bootstrap()
        except BaseException:
            self.close()
            raise

    def bootstrap(self, name: str = "Sandbox") -> Credentials:
        """A new tenant, as `paystead bootstrap` makes it: an account, its space with the simulator's
        setup and charge flow, and an administrator holding every permission there."""
        sandbox = self._loop.run(create_sandbox(self.state.sessions, self.state.vault, name=name))
        return Credentials(sandbox.account_id, sandbox.space_id, sandbox.application_user_id,
                           sandbox.authentication_key)

    @property
    def state(self):
        """The ``AppState`` the lifespan made (engine, sessions, key vault)."""
        return self.app.state.paystead

    def http(self, credentials: Credentials | None = None, *, user_id=None, key: str | None = None) -> WalleeHttp:
        """A JWT client signing as ``credentials`` (by default the test's own administrator)."""
        credentials = credentials or self.credentials
        return WalleeHttp(BASE_URL, user_id or credentials.user_id, key or credentials.key, client=self.client)

    def run(self, work: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Runs ``await work(*args)`` on the app's loop (e.g. a look at the database)."""
        return self._loop.run(work(*args))

    def run_jobs(self, names: Iterable[str] | None = None) -> list[str]:
        """Runs every periodic task of the worker once, now, in its declared order (or only
        those named), exactly as the worker's loop would on its next tick; returns their names."""
        wanted = None if names is None else set(names)
        tasks = [task for task in modules.PERIODIC_TASKS if wanted is None or task.name in wanted]
        if wanted is not None:
            unknown = wanted - {task.name for task in tasks}
            assert not unknown, f"no periodic task named {sorted(unknown)}"

        async def run_all():
            for task in tasks:
                await task.run(self.state)

        self._loop.run(run_all())
        return [task.name for task in tasks]

    def close(self) -> None:
        try:
            self._loop.run(self._stack.aclose())
        finally:
            self._loop.close()

