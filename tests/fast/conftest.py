"""The fast tier: domain rules checked through the real app in this process (see
tests/support/inprocess.py), on SQLite and on PostgreSQL (skipped when PostgreSQL is not
reachable, failed when PAYSTEAD_TEST_REQUIRE_POSTGRES says it must be).

Isolation: the database is migrated once per session into a template; on SQLite each test gets
a copy of the file (a file copy is quick), on PostgreSQL each test module gets a copy
(``CREATE DATABASE ... TEMPLATE``, about two seconds here, too slow for every test). On both,
each test works as a tenant bootstrapped for it (its own account, space and administrator), so
a test sees the same on either backend: only what it made.

The fixture names are the end-to-end tier's (``admin``, ``http``, ``space_id``), so that a test
reads the same in both; ``server`` is refused here, so that no test of this tier starts a
subprocess by asking for it."""

from __future__ import annotations

import pytest

from tests.support.card_data import card_numbers_in
from tests.support.inprocess import InProcessApp, TemplateDatabase, app_settings, build_template
from tests.support.jwt_client import WalleeHttp
from tests.support.servers import Credentials, drop_postgres_database, require_postgres

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def template_databases(tmp_path_factory):
    """One migrated database per backend, made when a test first needs it."""
    made: dict[str, TemplateDatabase] = {}

    def template(backend: str) -> TemplateDatabase:
        if backend not in made:
            made[backend] = build_template(backend, tmp_path_factory.mktemp(f"template-{backend}"))
        return made[backend]

    yield template
    for database in made.values():
        database.drop()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql":
        require_postgres()
    return request.param


def _no_card_numbers(backend: str, data_dir, database_url: str) -> None:
    # As the end-to-end tier checks its server's database: no card number stored, ever.
    assert card_numbers_in(backend, data_dir, database_url) == [], "card numbers kept in the database"


@pytest.fixture(scope="module")
def module_database(backend, template_databases, tmp_path_factory):
    """PostgreSQL: the module's copy of the template (None on SQLite, where each test copies)."""
    if backend != "postgresql":
        yield None
        return
    database_url = template_databases(backend).copy(tmp_path_factory.mktemp("module"))
    try:
        yield database_url
        _no_card_numbers(backend, None, database_url)
    finally:
        drop_postgres_database(database_url)


@pytest.fixture()
def app_factory(backend, template_databases, module_database, tmp_path_factory):
    """``app_factory(**settings)``: an app with settings of the test's choosing (as a server
    started with PAYSTEAD_... variables), on a database of its own on SQLite, the module's on
    PostgreSQL, with a tenant of its own; closed after the test."""
    template = template_databases(backend)
    made: list[tuple[InProcessApp, object, str]] = []

    def make(**settings) -> InProcessApp:
        data_dir = tmp_path_factory.mktemp("app")
        database_url = module_database or template.copy(data_dir)
        app = InProcessApp(backend, app_settings(database_url, data_dir, template.master_key, **settings))
        made.append((app, data_dir, database_url))
        return app

    yield make
    for app, _, _ in made:
        app.close()
    if backend == "sqlite":
        for _, data_dir, database_url in made:
            _no_card_numbers(backend, data_dir, database_url)


@pytest.fixture()
def app(app_factory) -> InProcessApp:
    """The app as `paystead serve` builds it (default settings), with a tenant of the test's own."""
    return app_factory()


@pytest.fixture()
def run_jobs(app):
    """``run_jobs()`` runs the worker's periodic tasks once, now (``run_jobs(["name"])``: only
    those). On PostgreSQL they also see the module's earlier tests' work, in other tenants."""
    return app.run_jobs


@pytest.fixture()
def admin(app) -> Credentials:
    """The test's own administrator (holds every permission in its account)."""
    return app.credentials


@pytest.fixture()
def http(app) -> WalleeHttp:
    return app.http()


@pytest.fixture()
def space_id(admin) -> int:
    """The test's own space (with the simulator's payment setup and the default charge flow)."""
    return admin.space_id


@pytest.fixture()
def other_tenant(app) -> Credentials:
    """A second, unrelated tenant in the same database."""
    return app.bootstrap("Other")


@pytest.fixture()
def server():
    pytest.fail("the fast tier runs no server: use the `app` fixture (or move the test to the end-to-end tier)")
