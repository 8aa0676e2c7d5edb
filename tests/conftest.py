"""Every API test runs against a real Paystead server on SQLite and on PostgreSQL.

PostgreSQL is used whenever one is reachable at 127.0.0.1:5432 (CI always has one and sets
PAYSTEAD_TEST_REQUIRE_POSTGRES=1, so that a missing database fails instead of skipping).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from wallee.configuration import Configuration

from tests.support import sandboxes
from tests.support.card_data import card_numbers_found
from tests.support.jwt_client import WalleeHttp
from tests.support.servers import (
    Credentials,
    Server,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    require_postgres,
)

BACKENDS = ["sqlite", "postgresql"]


def start_server(backend: str, tmp_path_factory, *, migrated: bool = False, **extra_env) -> Server:
    """A server not started yet, on a new database: empty, as a new user's (the first start
    migrates it), or, when ``migrated``, a copy of the migrated template (tests/support/sandboxes.py)."""
    data_dir = tmp_path_factory.mktemp(f"paystead-{backend}")
    if backend == "postgresql":
        require_postgres()
    if migrated:
        database_url = sandboxes.migrated_database(backend, data_dir, _template_dir(backend, tmp_path_factory))
    elif backend == "postgresql":
        database_url = create_postgres_database()
    else:
        database_url = f"sqlite:///{data_dir / 'paystead.db'}"
    server = Server(backend=backend, database_url=database_url, data_dir=data_dir, port=free_port(),
                    extra_env={k: str(v) for k, v in extra_env.items()}, migrated=migrated)
    return server


def _template_dir(backend: str, tmp_path_factory):
    return tmp_path_factory.getbasetemp() / f"template-{backend}"


@pytest.fixture(scope="session", autouse=True)
def _drop_template_databases():
    yield
    sandboxes.drop_templates()


@contextmanager
def running_server(backend: str, tmp_path_factory, *, clock_start: str | None = None,
                   **extra_env) -> Iterator[Server]:
    """A started server of its own, on a copy of the migrated template, with an administrator
    (``server.credentials``, bootstrapped as `paystead bootstrap [--clock-start]` does); stopped,
    and its PostgreSQL database dropped, afterwards."""
    server = start_server(backend, tmp_path_factory, migrated=True, **extra_env)
    try:
        server.credentials = server.bootstrap(clock_start=clock_start)
        server.start()
        yield server
    finally:
        server.stop()
        if server.backend == "postgresql":
            drop_postgres_database(server.database_url)


# process-without-interaction and charge flows finish in the worker: without the default second's
# delay, and looked for often, the tests that wait for them stay fast.
FAST_PROCESSING = {"PAYSTEAD_PROCESSING__DELAY_SECONDS": "0", "PAYSTEAD_PROCESSING__POLL_SECONDS": "0.1"}


@pytest.fixture(scope="session", params=BACKENDS)
def server(request, tmp_path_factory):
    server = start_server(request.param, tmp_path_factory, migrated=True, **FAST_PROCESSING)
    server.credentials = server.bootstrap()
    # The demo shop sells into the administrator's space (the browser tests read it back).
    server.extra_env["PAYSTEAD_DEMO_SPACE_ID"] = str(server.credentials.space_id)
    server.start()
    yield server
    server.stop()
    try:
        # After every test that used this server: no card number in its database or its log.
        assert card_numbers_found(server) == [], "card numbers kept by the session's server"
    finally:
        if server.backend == "postgresql":
            drop_postgres_database(server.database_url)


@pytest.fixture(scope="session")
def admin(server) -> Credentials:
    """The sandbox administrator, bootstrapped as `paystead bootstrap` does (holds every permission)."""
    return server.credentials


@pytest.fixture(scope="session")
def other_tenant(server) -> Credentials:
    """A second, unrelated tenant on the same server."""
    return server.bootstrap()


def sdk_config(server: Server, credentials: Credentials, *, key: str | None = None) -> Configuration:
    return Configuration(host=server.api_url, user_id=credentials.user_id,
                         authentication_key=key or credentials.key)


@pytest.fixture()
def config(server, admin) -> Configuration:
    return sdk_config(server, admin)


@pytest.fixture()
def http(server, admin) -> WalleeHttp:
    return WalleeHttp(server.base_url, admin.user_id, admin.key)
