"""What `paystead bootstrap` and the first `paystead serve` do to a database, done in the test
process for the end-to-end tier's servers, where the command itself is not what is tested
(tests/platform/test_cli.py and the space clock's CLI test run the commands themselves).

A `paystead bootstrap` subprocess costs about four seconds of CPU (importing the app, then
migrating); a suite starts dozens of servers and bootstraps dozens of tenants. Here the schema
and reference data are made once per backend and test process in a template database, each
server's database is a copy of it, and a tenant is the same ``create_sandbox`` the command runs.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from tests.support.servers import Credentials, create_postgres_database, drop_postgres_database

_templates: dict[str, str] = {}


def _in_own_thread(work):
    """``work()`` in a thread of its own: it runs event loops (``asyncio.run``, the migrations),
    and the calling thread may be running one already (Playwright's synchronous API does)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


@contextmanager
def _environment(env: dict):
    # Settings read the environment, as in the server's process; nothing else reads it meanwhile.
    with mock.patch.dict(os.environ, env, clear=True):
        yield


def _settings(env: dict):
    from paystead.settings import load_settings

    with _environment(env):
        return load_settings()


def migrate(env: dict) -> None:
    """What `paystead migrate` does to the database ``env`` names: the schema, then the
    reference data (permissions, countries, currencies)."""
    from paystead.bootstrap import prepare_reference_data
    from paystead.db.migrate import upgrade
    from paystead.modules import create_state

    settings = _settings(env)

    async def prepare():
        state = create_state(settings)
        try:
            await prepare_reference_data(state.sessions)
        finally:
            await state.close()  # PostgreSQL copies only a template nobody is connected to

    def work():
        upgrade(settings.resolved_database_url())
        asyncio.run(prepare())

    _in_own_thread(work)


def _template_url(backend: str, template_dir: Path) -> str:
    """A database as `paystead migrate` leaves it, made once per backend and test process."""
    if backend not in _templates:
        template_dir.mkdir(parents=True, exist_ok=True)
        if backend == "sqlite":
            database_url = f"sqlite:///{template_dir / 'template.db'}"
        else:
            database_url = create_postgres_database(prefix="paystead_template")
        migrate({"PAYSTEAD_DATABASE_URL": database_url, "PAYSTEAD_DATA_DIR": str(template_dir)})
        if backend == "sqlite":
            _checkpoint(template_dir / "template.db")
        _templates[backend] = database_url
    return _templates[backend]


def _checkpoint(path: Path) -> None:
    """Folds the WAL into the main file, so that copying the one file copies everything."""
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def migrated_database(backend: str, data_dir: Path, template_dir: Path) -> str:
    """The URL of a new database already migrated (a copy of this process's template)."""
    template = _template_url(backend, template_dir)
    if backend == "sqlite":
        target = data_dir / "paystead.db"
        shutil.copyfile(template.removeprefix("sqlite:///"), target)
        return f"sqlite:///{target}"
    return create_postgres_database(template=template.rsplit("/", 1)[1])


def drop_templates() -> None:
    for backend, database_url in list(_templates.items()):
        if backend == "postgresql":
            drop_postgres_database(database_url)
        del _templates[backend]


def bootstrap(env: dict, *, clock_start: str | None = None) -> Credentials:
    """A new tenant in the database ``env`` names, as `paystead bootstrap --json
    [--clock-start ...]` makes it (the database must be migrated: a server started on it, or
    ``migrated_database``)."""
    from paystead.bootstrap import create_sandbox
    from paystead.domains.spaces.clock import parse_start
    from paystead.modules import create_state

    settings = _settings(env)
    start = parse_start(settings, clock_start) if clock_start is not None else None

    async def create():
        state = create_state(settings)
        try:
            return await create_sandbox(state.sessions, state.vault, clock_start=start)
        finally:
            await state.close()

    sandbox = _in_own_thread(lambda: asyncio.run(create()))
    return Credentials(sandbox.account_id, sandbox.space_id, sandbox.application_user_id, sandbox.authentication_key)
