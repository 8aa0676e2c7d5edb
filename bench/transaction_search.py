"""Transaction search over 1,000,000 transactions: the API beside the equivalent SQL.

Starts `paystead serve` on a fresh database, makes one transaction through the API and loads a
million more like it (varied state, currency, merchant reference, email, amount and date) into
one space, then times selective searches three ways in the same run, one request at a time:
the API request (`GET /payment/transactions/search` with a wallee JWT), the SQL the engine
compiles for it, and hand-written SQL for the same page. Checks that all three agree, prints
p50/p95 and the ratios (goal: API p50 within 2x of the SQL) and writes JSON to bench/results/.

    .venv/bin/python bench/transaction_search.py [--backend postgresql|sqlite] [--transactions 1000000] [--runs 200]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from customer_search import measure_api, measure_sql  # noqa: E402
from paystead.db.engine import create_engine  # noqa: E402
from paystead.db.models import Transaction  # noqa: E402
from paystead.domains.transactions.resource import transactions as transaction_resource  # noqa: E402
from tests.support.jwt_client import WalleeHttp  # noqa: E402
from bench_server import UNLIMITED, fresh_server, write_results  # noqa: E402

BATCH = 10_000
STATES = ["FULFILL"] * 6 + ["FAILED"] * 2 + ["PENDING", "AUTHORIZED", "VOIDED", "DECLINE"]
CURRENCIES = ["CHF", "EUR", "USD", "GBP"]


async def load(url: str, space_id: int, count: int, rng: random.Random) -> None:
    engine = create_engine(url)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    began = time.perf_counter()
    try:
        async with engine.connect() as connection:
            template = dict((await connection.execute(select(Transaction.__table__).where(
                Transaction.space_id == space_id).limit(1))).mappings().one())
        template.pop("id")
        for first in range(0, count, BATCH):
            rows = []
            for index in range(first, min(first + BATCH, count)):
                row = dict(template)
                row.update(state=rng.choice(STATES), currency=rng.choice(CURRENCIES),
                           merchant_reference=f"ORDER-{index:08d}",
                           customer_email_address=f"buyer{index % 50_000}@example.com",
                           authorization_amount=Decimal(rng.randrange(100, 100_000)) / 100,
                           created_on=start + timedelta(seconds=index * 29), security_token=f"t{index}")
                rows.append(row)
            async with engine.begin() as connection:
                await connection.execute(insert(Transaction.__table__), rows)
            done = min(first + BATCH, count)
            print(f"\r  loading transactions [{'#' * (30 * done // count):<30}] {done:>9,}/{count:,} "
                  f"({done / (time.perf_counter() - began):,.0f}/s)", end="", flush=True)
        print()
        async with engine.begin() as connection:
            await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()


def scenarios(space_id: int, count: int, rng: random.Random) -> list[dict]:
    references = [f"ORDER-{rng.randrange(count):08d}" for _ in range(100)]
    emails = [f"buyer{rng.randrange(50_000)}@example.com" for _ in range(100)]
    since = [datetime(2025, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=29 * rng.randrange(count // 2, count))
             for _ in range(100)]
    return [
        {"name": "merchantReference lookup, limit 10",
         "params": lambda i: {"query": f"merchantReference:{references[i % 100]}", "order": "createdOn:DESC",
                              "limit": "10"},
         "sql": ("SELECT * FROM transactions WHERE space_id = :space AND lower(merchant_reference) = lower(:ref) "
                 "ORDER BY created_on DESC, id LIMIT 11"),
         "binds": lambda i: {"space": space_id, "ref": references[i % 100]}},
        {"name": "state FULFILL since a date, newest first, limit 20",
         "params": lambda i: {"query": f"state:FULFILL AND createdOn:>{since[i % 100].strftime('%Y-%m-%dT%H:%M:%SZ')}",
                              "order": "createdOn:DESC", "limit": "20"},
         "sql": ("SELECT * FROM transactions WHERE space_id = :space AND state = 'FULFILL' AND created_on > :since "
                 "ORDER BY created_on DESC, id LIMIT 21"),
         "binds": lambda i: {"space": space_id, "since": since[i % 100]}},
        {"name": "customerEmailAddress + currency, limit 20",
         "params": lambda i: {"query": f"customerEmailAddress:{emails[i % 100]} AND currency:CHF",
                              "order": "createdOn:DESC", "limit": "20"},
         "sql": ("SELECT * FROM transactions WHERE space_id = :space AND lower(customer_email_address) = lower(:email) "
                 "AND lower(currency) = 'chf' ORDER BY created_on DESC, id LIMIT 21"),
         "binds": lambda i: {"space": space_id, "email": emails[i % 100]}},
    ]


def engine_statement(space_id: int, params: dict):
    scoped = select(Transaction).where(Transaction.space_id == space_id)
    return transaction_resource.filtered(scoped, transaction_resource.resolver, params["query"],
                                         params["order"]).limit(int(params["limit"]) + 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(11)
    results = []
    with fresh_server(args.backend, UNLIMITED) as server:
        url = server.database_url
        credentials = server.bootstrap()
        server.start()
        http_client = WalleeHttp(server.base_url, credentials.user_id, credentials.key)
        made = http_client.post("/payment/transactions", space=credentials.space_id, json={
            "currency": "CHF", "lineItems": [{"uniqueId": "a", "name": "Item", "type": "PRODUCT", "quantity": 1,
                                              "amountIncludingTax": 10}]})
        assert made.status_code == 201, made.text
        print(f"{args.backend}: {args.transactions:,} transactions in space {credentials.space_id}")
        asyncio.run(load(url, credentials.space_id, args.transactions, rng))
        for scenario in scenarios(credentials.space_id, args.transactions, rng):
            print(f"  measuring: {scenario['name']} ({args.runs} runs each way)...", flush=True)
            limit = int(scenario["params"](0)["limit"])
            api, api_answers = measure_api(server, credentials, scenario, args.runs,
                                           search_path="/api/v2.0/payment/transactions/search")
            hand = text(scenario["sql"])
            sql, sql_answers = asyncio.run(measure_sql(url, lambda i: (hand, scenario["binds"](i)), args.runs, limit))
            compiled, compiled_answers = asyncio.run(measure_sql(
                url, lambda i: (engine_statement(credentials.space_id, scenario["params"](i)), {}), args.runs, limit))
            if not api_answers == sql_answers == compiled_answers:
                raise SystemExit(f"the API, the engine's SQL and the hand-written SQL disagree for {scenario['name']!r}")
            results.append({"scenario": scenario["name"], "api": api, "engine_sql": compiled, "hand_sql": sql,
                            "rows_per_page": sum(map(len, api_answers)) / len(api_answers),
                            "api_ratio_p50": api["p50_ms"] / sql["p50_ms"], "api_ratio_p95": api["p95_ms"] / sql["p95_ms"],
                            "engine_ratio_p50": compiled["p50_ms"] / sql["p50_ms"],
                            "engine_ratio_p95": compiled["p95_ms"] / sql["p95_ms"]})
    print()
    print(f"{'':<46}{'p50 ms':>9}{'p95 ms':>9}{'x SQL p50':>11}{'x SQL p95':>11}")
    for row in results:
        print(row["scenario"])
        for label, key, ratio in (("  hand-written SQL", "hand_sql", None), ("  engine's SQL", "engine_sql", "engine"),
                                  ("  API request (HTTP, JWT, SQL, JSON)", "api", "api")):
            figures = row[key]
            ratios = (f"{row[ratio + '_ratio_p50']:>11.2f}{row[ratio + '_ratio_p95']:>11.2f}" if ratio
                      else f"{'1.00':>11}{'1.00':>11}")
            print(f"{label:<46}{figures['p50_ms']:>9.2f}{figures['p95_ms']:>9.2f}{ratios}")
    print("(target: the API's p50 within 2x of the SQL)")
    write_results("transaction_search", args.backend, {"transactions": args.transactions, "runs": args.runs,
                                                        "results": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
