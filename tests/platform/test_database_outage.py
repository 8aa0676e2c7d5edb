"""When the database goes away the API answers 503 with an error id (logged), leaks no detail,
and recovers by itself when the database is back."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import running_server
from tests.support.jwt_client import WalleeHttp
from tests.support.servers import POSTGRES_ADMIN_URL


@pytest.fixture()
def pg_server(tmp_path_factory):
    with running_server("postgresql", tmp_path_factory) as server:
        yield server


def _set_connections_allowed(database: str, allowed: bool) -> None:
    flag = "true" if allowed else "false"
    subprocess.run(["psql", POSTGRES_ADMIN_URL, "-qc", f"ALTER DATABASE {database} ALLOW_CONNECTIONS {flag}"],
                   check=True, capture_output=True)
    if not allowed:
        subprocess.run(["psql", POSTGRES_ADMIN_URL, "-qc",
                        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'"],
                       check=True, capture_output=True)


def test_outage_is_a_503_with_a_logged_error_id_and_recovers(pg_server):
    creds = pg_server.credentials
    http = WalleeHttp(pg_server.base_url, creds.user_id, creds.key)
    assert http.get(f"/spaces/{creds.space_id}").status_code == 200
    database = pg_server.database_url.rsplit("/", 1)[1]
    _set_connections_allowed(database, False)
    try:
        try:
            responses = [http.get(f"/spaces/{creds.space_id}") for _ in range(3)]
        except Exception:
            print(pg_server.log_text())
            raise
        for response in responses:
            assert response.status_code == 503, response.text
            body = response.json()
            assert body["code"] == "service_unavailable" and body["id"]
            assert "asyncpg" not in response.text and "Traceback" not in response.text
            assert database not in response.text
            assert body["id"] in pg_server.log_text()
        assert pg_server.credentials.key not in pg_server.log_text()
    finally:
        _set_connections_allowed(database, True)
    assert http.get(f"/spaces/{creds.space_id}").status_code == 200
