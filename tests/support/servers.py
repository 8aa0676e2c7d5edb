"""Real Paystead servers for the tests: one per database backend, started as a subprocess
with the `paystead` command, on a fresh database, exactly as a user would run it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

POSTGRES_ADMIN_URL = os.environ.get("PAYSTEAD_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@dataclass
class Credentials:
    account_id: int
    space_id: int
    user_id: int
    key: str


@dataclass
class Server:
    backend: str
    database_url: str
    data_dir: Path
    port: int
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    extra_env: dict = field(default_factory=dict)
    # More `paystead serve` options, e.g. ("--workers", "2").
    serve_args: tuple[str, ...] = ()
    # The database holds the schema and reference data (a server started on it, or a copy of the
    # migrated template): a tenant can be bootstrapped in it without migrating first.
    migrated: bool = False

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v2.0"

    def env(self) -> dict:
        env = {**os.environ, "PAYSTEAD_DATABASE_URL": self.database_url, "PAYSTEAD_DATA_DIR": str(self.data_dir),
               **self.extra_env}
        if "PAYSTEAD_REDIS_URL" not in self.extra_env:
            env.pop("PAYSTEAD_REDIS_URL", None)  # the default is the in-memory limiter
        if env.get("PAYSTEAD_MODE") == "production" and "PAYSTEAD_PUBLIC_BASE_URL" not in self.extra_env:
            env["PAYSTEAD_PUBLIC_BASE_URL"] = self.base_url  # production mode needs one to start
        return env

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "paystead", *args], env=self.env(), capture_output=True,
                              text=True, timeout=120, check=check)

    def bootstrap(self, *, clock_start: str | None = None) -> Credentials:
        """A new tenant, as `paystead bootstrap --json [--clock-start ...]` makes it, made in this
        process (tests/support/sandboxes.py); ``cli_bootstrap`` runs the command itself."""
        from tests.support import sandboxes

        if not self.migrated:
            sandboxes.migrate(self.env())
            self.migrated = True
        return sandboxes.bootstrap(self.env(), clock_start=clock_start)

    def cli_bootstrap(self, *args: str) -> Credentials:
        result = self.cli("bootstrap", "--json", *args)
        self.migrated = True
        data = json.loads(result.stdout)
        return Credentials(data["accountId"], data["spaceId"], data["applicationUserId"], data["authenticationKey"])

    def start(self) -> None:
        self.log_path = self.data_dir / "server.log"
        # The child writes to its own copy of the descriptor; the test process closes its one at once.
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "paystead", "serve", "--port", str(self.port), *self.serve_args],
                env=self.env(), stdout=log, stderr=subprocess.STDOUT)
        # Generous: a loaded 2-core machine can take a minute to import and migrate; a server that
        # fails exits, which is noticed at once below. PAYSTEAD_TEST_SERVER_START_SECONDS overrides.
        deadline = time.monotonic() + float(os.environ.get("PAYSTEAD_TEST_SERVER_START_SECONDS", "180"))
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.base_url}/health", timeout=1).status_code == 200:
                    self.migrated = True  # serve migrates before it listens
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()  # not left running: the fixture that failed here will not stop it
        raise RuntimeError(f"server did not become healthy:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stdout:
            self.process.stdout.close()  # a test that read the output through a pipe (its banner)

    def log_text(self) -> str:
        return self.log_path.read_text() if self.log_path and self.log_path.exists() else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def postgres_reachable() -> bool:
    return port_open(5432)


def require_postgres() -> None:
    """Skips the test when no PostgreSQL is reachable, or fails it when the run requires one
    (PAYSTEAD_TEST_REQUIRE_POSTGRES, set in CI)."""
    import pytest

    if postgres_reachable():
        return
    if os.environ.get("PAYSTEAD_TEST_REQUIRE_POSTGRES"):
        pytest.fail("PostgreSQL is required (PAYSTEAD_TEST_REQUIRE_POSTGRES) but not reachable")
    pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")


def create_postgres_database(*, prefix: str = "paystead_test", template: str = "template0") -> str:
    """A fresh, uniquely named database (a copy of ``template``); returns its plain URL.

    Text sorts by code point (collation C) whatever the machine's default locale, so that
    tests comparing the server's order with their own evaluation agree on every machine.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    create = f"CREATE DATABASE {name} TEMPLATE {template} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
    subprocess.run(["psql", POSTGRES_ADMIN_URL, "-v", "ON_ERROR_STOP=1", "-qc", create],
                   check=True, capture_output=True)
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    subprocess.run(["psql", POSTGRES_ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                   capture_output=True)
