"""A Paystead server on a fresh database for one benchmark run, and the run's JSON results."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.servers import (  # noqa: E402
    Server,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    postgres_reachable,
)

RESULTS = Path(__file__).parent / "results"
# Rate limiting stays on, sized so that it never refuses a benchmark's traffic.
UNLIMITED = {"PAYSTEAD_RATE_LIMIT__REQUESTS_PER_SECOND": "1000000", "PAYSTEAD_RATE_LIMIT__BURST": "1000000"}


@contextmanager
def fresh_server(backend: str, extra_env: dict | None = None, serve_args: tuple[str, ...] = ()) -> Iterator[Server]:
    """A server (not started yet: bootstrap first) on a new database; stopped, and its PostgreSQL
    database dropped, afterwards. Exits with status 2 when PostgreSQL is asked for but absent."""
    if backend == "postgresql" and not postgres_reachable():
        print("PostgreSQL is not reachable at 127.0.0.1:5432; use --backend sqlite", file=sys.stderr)
        raise SystemExit(2)
    data_dir = Path(tempfile.mkdtemp(prefix="paystead-bench-"))
    url = create_postgres_database() if backend == "postgresql" else f"sqlite:///{data_dir / 'bench.db'}"
    server = Server(backend=backend, database_url=url, data_dir=data_dir, port=free_port(),
                    extra_env={"PAYSTEAD_LOG_LEVEL": "warning", **(extra_env or {})}, serve_args=serve_args)
    try:
        yield server
    finally:
        server.stop()
        if backend == "postgresql":
            drop_postgres_database(url)


def write_results(name: str, backend: str, figures: dict) -> Path:
    """bench/results/<name>_<backend>.json with the figures and the time of measuring; prints where."""
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{name}_{backend}.json"
    out.write_text(json.dumps({"backend": backend, **figures,
                               "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, indent=2))
    print(f"results written to {out}")
    return out
