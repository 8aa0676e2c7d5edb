"""Customer search over 100,000 customers: the API beside the equivalent hand-written SQL.

Starts `paystead serve` on a fresh database, loads 100,000 customers into one space, then runs
each selective search two ways in the same run, one request at a time:

* through the API: `GET /api/v2.0/customers/search` with a wallee JWT (authentication,
  permission checks, query parsing and compiling, the query, JSON rendering, HTTP);
* as the SQL the engine compiles for that search (the same code path the API runs, executed
  directly on the database), to separate the query from the per-request work;
* as the SQL a developer would write by hand for the same answer, on the same database
  through the same driver.

Prints p50/p95 of each and the ratios to the hand-written SQL (goal: within 2x), checks that
all three return the same customers in the same order, and writes JSON to bench/results/.

    .venv/bin/python bench/customer_search.py [--backend postgresql|sqlite] [--customers 100000] [--runs 300]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import http.client
import json
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import jwt
from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from paystead.db.engine import create_engine  # noqa: E402
from paystead.db.models import Customer  # noqa: E402
from paystead.domains.customers.resource import customers  # noqa: E402
from bench_server import UNLIMITED, fresh_server, write_results  # noqa: E402
from tests.support.servers import Server  # noqa: E402

BATCH = 5000
SYLLABLES = ["ka", "ri", "mo", "len", "sto", "ber", "li", "na", "wen", "dor", "ha", "mi", "ter", "zu", "vol"]
CURRENCIES = ["CHF", "EUR", "USD", "GBP"]


def _names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize())
    return sorted(names)


def _progress(done: int, total: int, started: float) -> None:
    width = 30
    filled = int(width * done / total)
    rate = done / max(time.perf_counter() - started, 1e-9)
    print(f"\r  loading customers [{'#' * filled}{'.' * (width - filled)}] {done:>7}/{total} "
          f"({rate:,.0f}/s)", end="", flush=True)


async def load_customers(url: str, space_id: int, count: int, rng: random.Random) -> dict:
    families, givens = _names(rng, 400), _names(rng, 150)
    engine = create_engine(url)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    started = time.perf_counter()
    try:
        for first in range(0, count, BATCH):
            rows = [{
                "space_id": space_id,
                "customer_ref": f"CUST-{index:07d}",
                "email_address": f"user{index}@example{index % 97}.com",
                "family_name": rng.choice(families),
                "given_name": rng.choice(givens),
                "preferred_currency": rng.choice(CURRENCIES),
                "language": rng.choice(["en-US", "de-CH", "fr-CH"]),
                "meta_data": {"segment": rng.choice(["retail", "wholesale"])},
                "created_on": start + timedelta(seconds=index * 7),
                "version": 1,
            } for index in range(first, min(first + BATCH, count))]
            async with engine.begin() as connection:
                await connection.execute(insert(Customer.__table__), rows)
            _progress(min(first + BATCH, count), count, started)
        print()
        async with engine.begin() as connection:
            await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()
    picked = [rng.randrange(count) for _ in range(50)]
    return {"families": families, "emails": [f"USER{index}@example{index % 97}.com" for index in picked]}


def scenarios(space_id: int, data: dict, rng: random.Random) -> list[dict]:
    """Each scenario: API parameters and the hand-written SQL for the same page, per run."""
    family_runs = [rng.choice(data["families"]) for _ in range(100)]
    return [
        {
            "name": "familyName + currency, 2 sort keys, limit 20",
            "params": lambda i: {"query": f'familyName:"{family_runs[i % 100]}" AND preferredCurrency:CHF',
                                 "order": "givenName:ASC createdOn:DESC", "limit": "20"},
            "sql": ("SELECT * FROM customers WHERE space_id = :space AND lower(family_name) = lower(:family) "
                    "AND lower(preferred_currency) = 'chf' "
                    "ORDER BY given_name ASC NULLS LAST, created_on DESC NULLS FIRST, id LIMIT 21"),
            "binds": lambda i: {"space": space_id, "family": family_runs[i % 100]},
        },
        {
            "name": "emailAddress lookup, newest first, limit 10",
            "params": lambda i: {"query": f"emailAddress:{data['emails'][i % 50]}", "order": "createdOn:DESC",
                                 "limit": "10"},
            "sql": ("SELECT * FROM customers WHERE space_id = :space AND lower(email_address) = lower(:email) "
                    "ORDER BY created_on DESC NULLS FIRST, id LIMIT 11"),
            "binds": lambda i: {"space": space_id, "email": data["emails"][i % 50]},
        },
    ]


def _token(credentials, path: str) -> str:
    return jwt.encode({"sub": credentials.user_id, "iat": int(time.time()), "requestPath": path,
                       "requestMethod": "GET"}, base64.b64decode(credentials.key), algorithm="HS256",
                      headers={"typ": "JWT", "ver": 1})


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return {"p50_ms": pct(0.50), "p95_ms": pct(0.95), "runs": len(ordered)}


def measure_api(server: Server, credentials, scenario: dict, runs: int,
                search_path: str = "/api/v2.0/customers/search") -> tuple[dict, list[list[int]]]:
    # Tokens are made before the clock starts: they are the client's work, not the server's.
    requests = []
    for i in range(runs):
        params = scenario["params"](i)
        path = f"{search_path}?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
        requests.append((path, _token(credentials, path)))
    samples, answers = [], []
    # The standard library's client: the lightest keep-alive client at hand, so that the
    # figures are the server's, not the client's.
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Accept": "application/json", "Space": str(credentials.space_id)}
    try:
        def get(path: str, token: str):
            connection.request("GET", path, headers={**headers, "Authorization": f"Bearer {token}"})
            response = connection.getresponse()
            return response.status, response.read()

        for path, token in requests[:20]:  # warm-up
            get(path, token)
        for path, token in requests:
            started = time.perf_counter()
            status, body = get(path, token)
            samples.append(time.perf_counter() - started)
            if status != 200:
                raise SystemExit(f"search failed: {status} {body[:500]!r}")
            answers.append([item["id"] for item in json.loads(body)["data"]])
    finally:
        connection.close()
    return _percentiles(samples), answers


def engine_statement(space_id: int, params: dict):
    """The statement the customers search compiles for ``params`` (its space scope included)."""
    scoped = select(Customer).where(Customer.space_id == space_id)
    return customers.filtered(scoped, customers.resolver, params["query"], params["order"]).limit(
        int(params["limit"]) + 1)


async def measure_sql(url: str, statements, runs: int, limit: int) -> tuple[dict, list[list[int]]]:
    """``statements(i)`` -> (statement, binds) of run ``i``."""
    engine = create_engine(url, pool_size=1)
    samples, answers = [], []
    try:
        async with engine.connect() as connection:
            for i in range(20):  # warm-up
                (await connection.execute(*statements(i))).all()
            for i in range(runs):
                statement, binds = statements(i)
                started = time.perf_counter()
                rows = (await connection.execute(statement, binds)).all()
                samples.append(time.perf_counter() - started)
                answers.append([row.id for row in rows[:limit]])
    finally:
        await engine.dispose()
    return _percentiles(samples), answers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    results = []
    with fresh_server(args.backend, UNLIMITED) as server:
        url = server.database_url
        credentials = server.bootstrap()
        server.start()
        print(f"{args.backend}: {args.customers:,} customers in space {credentials.space_id}")
        data = asyncio.run(load_customers(url, credentials.space_id, args.customers, rng))
        for scenario in scenarios(credentials.space_id, data, rng):
            print(f"  measuring: {scenario['name']} ({args.runs} runs each way)...", flush=True)
            limit = int(scenario["params"](0)["limit"])
            api, api_answers = measure_api(server, credentials, scenario, args.runs)
            hand = text(scenario["sql"])
            sql, sql_answers = asyncio.run(measure_sql(
                url, lambda i: (hand, scenario["binds"](i)), args.runs, limit))
            compiled, compiled_answers = asyncio.run(measure_sql(
                url, lambda i: (engine_statement(credentials.space_id, scenario["params"](i)), {}), args.runs, limit))
            if not api_answers == sql_answers == compiled_answers:
                raise SystemExit(f"the API, the engine's SQL and the hand-written SQL disagree for {scenario['name']!r}")
            hits = sum(map(len, api_answers)) / len(api_answers)
            results.append({"scenario": scenario["name"], "api": api, "engine_sql": compiled, "hand_sql": sql,
                            "rows_per_page": hits,
                            "api_ratio_p50": api["p50_ms"] / sql["p50_ms"],
                            "api_ratio_p95": api["p95_ms"] / sql["p95_ms"],
                            "engine_ratio_p50": compiled["p50_ms"] / sql["p50_ms"],
                            "engine_ratio_p95": compiled["p95_ms"] / sql["p95_ms"]})

    print()
    print(f"{'':<46}{'p50 ms':>9}{'p95 ms':>9}{'x hand p50':>12}{'x hand p95':>12}")
    for row in results:
        print(row["scenario"])
        for label, key, ratio in (("  hand-written SQL", "hand_sql", None), ("  engine's SQL", "engine_sql", "engine"),
                                  ("  API request (HTTP, JWT, SQL, JSON)", "api", "api")):
            figures = row[key]
            ratios = (f"{row[ratio + '_ratio_p50']:>12.2f}{row[ratio + '_ratio_p95']:>12.2f}" if ratio
                      else f"{'1.00':>12}{'1.00':>12}")
            print(f"{label:<46}{figures['p50_ms']:>9.2f}{figures['p95_ms']:>9.2f}{ratios}")
    print("(goal: within 2x of the hand-written SQL)")
    write_results("customer_search", args.backend, {"customers": args.customers, "runs": args.runs,
                                                     "results": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
