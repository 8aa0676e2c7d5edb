"""The `paystead` command as a new user meets it: serve on an empty database prints working
credentials once; bootstrap --json prints one JSON object; migrate is repeatable."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import httpx
import pytest
from wallee.configuration import Configuration
from wallee.service.spaces_service import SpacesService

from tests.conftest import BACKENDS, start_server


@pytest.fixture(params=BACKENDS)
def fresh(request, tmp_path_factory):
    from tests.support.servers import drop_postgres_database

    server = start_server(request.param, tmp_path_factory)
    yield server
    server.stop()
    if server.backend == "postgresql":
        drop_postgres_database(server.database_url)


def _serve_and_read_banner(server) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "paystead", "serve", "--port", str(server.port)],
                               env=server.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    server.process = process
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{server.base_url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    else:
        pytest.fail("server did not start")
    # The banner is printed before the server starts listening; read what is there.
    import os
    import select

    os.set_blocking(process.stdout.fileno(), False)
    while select.select([process.stdout], [], [], 0.5)[0]:
        chunk = process.stdout.read()
        if not chunk:
            break
        lines.append(chunk)
    return process, "".join(lines)


def test_serve_on_empty_database_prints_working_credentials(fresh):
    _, output = _serve_and_read_banner(fresh)
    account = int(re.search(r"account id\s+(\d+)", output).group(1))
    space = int(re.search(r"space id\s+(\d+)", output).group(1))
    user = int(re.search(r"application user id\s+(\d+)", output).group(1))
    key = re.search(r"authentication key\s+([A-Za-z0-9+/=]{40,})", output).group(1)
    assert "Configuration(host=" in output and "/api/v2.0/docs" in output
    config = Configuration(host=fresh.api_url, user_id=user, authentication_key=key)
    found = SpacesService(config).get_spaces_id(space)
    assert found.id == space and found.account.id == account
    fresh.stop()

    # A second start finds the database set up: no new credentials, and the key is not shown again.
    _, again = _serve_and_read_banner(fresh)
    assert key not in again and "authentication key" not in again
    assert SpacesService(config).get_spaces_id(space).id == space


def test_bootstrap_json_prints_one_object_and_each_run_is_a_new_account(fresh):
    first = fresh.cli("bootstrap", "--json")
    second = fresh.cli("bootstrap", "--json")
    one, two = json.loads(first.stdout), json.loads(second.stdout)
    assert set(one) == {"accountId", "spaceId", "applicationUserId", "authenticationKey"}
    assert one["accountId"] != two["accountId"] and one["authenticationKey"] != two["authenticationKey"]
    assert first.stdout.strip().count("\n") == 0


def test_migrate_is_repeatable_and_bootstrap_text_mode(fresh):
    assert "up to date" in fresh.cli("migrate").stdout
    assert "up to date" in fresh.cli("migrate").stdout
    text = fresh.cli("bootstrap").stdout
    assert "authentication key" in text and "SpacesService" in text


def test_database_url_flag_and_bad_url(tmp_path):
    db = tmp_path / "flag.db"
    result = subprocess.run([sys.executable, "-m", "paystead", "bootstrap", "--json", "--database-url",
                             f"sqlite:///{db}", "--data-dir", str(tmp_path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert db.exists() and json.loads(result.stdout)["accountId"] >= 1
    bad = subprocess.run([sys.executable, "-m", "paystead", "migrate", "--database-url", "mysql://x@y/z",
                          "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "unsupported database" in (bad.stderr + bad.stdout)


def test_worker_runs_alone_and_stops_on_sigterm(tmp_path):
    import os
    import signal

    env = {**os.environ, "PAYSTEAD_DATA_DIR": str(tmp_path), "PAYSTEAD_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    process = subprocess.Popen([sys.executable, "-m", "paystead", "worker"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        first_line = process.stdout.readline()
        assert "worker running" in first_line
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:  # a failed assertion must not leave a worker running
            process.kill()
            process.wait()
        process.stdout.close()
