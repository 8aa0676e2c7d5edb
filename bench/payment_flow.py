"""The whole payment flow under load: create a transaction, pay it with a card, refund part of it.

Starts `paystead serve` on a fresh database (PostgreSQL by default) and runs the flow with N
concurrent clients for a while, with one worker process and then with one per core (as the
README advises for a server), then runs a baseline in the same run: the same database writes
(the same rows in the same tables, in three database transactions per flow, with the same row
lock for the refund) issued as plain SQL by as many concurrent workers. Prints flows/s,
requests/s, p50/p99 per flow and per request, and the API/baseline ratio; writes JSON to
bench/results/.

    .venv/bin/python bench/payment_flow.py [--backend postgresql|sqlite] [--seconds 20] [--clients 16]
                                           [--workers 1 2]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import statistics
import sys
import time
import uuid
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import jwt
from sqlalchemy import func, insert, select, update

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from paystead.db.engine import create_engine  # noqa: E402
from process_memory import sample_while  # noqa: E402
from paystead.db.models import (  # noqa: E402
    Charge,
    ChargeAttempt,
    DeliveryIndication,
    Event,
    PaymentConnectorConfiguration,
    Refund,
    Transaction,
    TransactionCompletion,
    TransactionGroup,
    TransactionInvoice,
    TransactionLineItemVersion,
)
from bench_server import UNLIMITED, fresh_server, write_results  # noqa: E402
from tests.support.servers import Server  # noqa: E402

LINE_ITEMS = [{"uniqueId": "item", "name": "Benchmark item", "type": "PRODUCT", "quantity": 1,
               "amountIncludingTax": 100, "taxes": [{"title": "VAT", "rate": 8.1}]}]
CARD = {"cardData": {"primaryAccountNumber": "4111111111111111", "expiryDate": "2031-12"}}


def _percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0


# --- the API flow -------------------------------------------------------------------------------

class RawClient:
    """One keep-alive HTTP/1.1 connection with wallee JWTs; light enough to leave the CPU to the server."""

    def __init__(self, port: int, credentials) -> None:
        self.port, self.credentials = port, credentials
        self.secret = base64.b64decode(credentials.key)

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def close(self) -> None:
        self.writer.close()

    async def post(self, path: str, body: dict | None) -> tuple[int, dict]:
        full_path = "/api/v2.0" + path
        token = jwt.encode({"sub": self.credentials.user_id, "iat": int(time.time()), "requestPath": full_path,
                            "requestMethod": "POST"}, self.secret, algorithm="HS256", headers={"typ": "JWT", "ver": 1})
        payload = json.dumps(body).encode() if body is not None else b""
        self.writer.write((f"POST {full_path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                           f"Authorization: Bearer {token}\r\nSpace: {self.credentials.space_id}\r\n"
                           f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n").encode()
                          + payload)
        status_line = await self.reader.readline()
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            if line[:15].lower() == b"content-length:":
                length = int(line[15:].strip())
        data = await self.reader.readexactly(length)
        return int(status_line.split()[1]), (json.loads(data) if data else {})


async def api_flow(client: RawClient, requests: list[float]) -> None:
    started = time.perf_counter()
    status, created = await client.post("/payment/transactions", {"currency": "CHF", "lineItems": LINE_ITEMS})
    requests.append(time.perf_counter() - started)
    assert status == 201, created
    mark = time.perf_counter()
    status, paid = await client.post(f"/payment/transactions/{created['id']}/process-card-details", CARD)
    requests.append(time.perf_counter() - mark)
    assert status == 200 and paid["state"] == "FULFILL", paid
    mark = time.perf_counter()
    status, refund = await client.post("/payment/refunds", {"transaction": created["id"], "amount": 30,
                                                              "externalId": uuid.uuid4().hex,
                                                              "type": "MERCHANT_INITIATED_ONLINE"})
    requests.append(time.perf_counter() - mark)
    assert status == 201 and refund["state"] == "SUCCESSFUL", refund


async def run_api(server: Server, credentials, clients: int, seconds: float) -> dict:
    flows: list[float] = []
    requests: list[float] = []
    stop_at = time.perf_counter() + seconds

    async def worker():
        client = RawClient(server.port, credentials)
        await client.open()
        try:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                await api_flow(client, requests)
                flows.append(time.perf_counter() - started)
        finally:
            await client.close()

    began = time.perf_counter()
    await asyncio.gather(*[worker() for _ in range(clients)])
    elapsed = time.perf_counter() - began
    return _figures(flows, requests, elapsed)


# --- the plain SQL baseline -------------------------------------------------------------------

def _events(space_id: int, entity: str, entity_id: int, states: list[str]) -> list[dict]:
    previous = [None, *states[:-1]]
    return [{"space_id": space_id, "entity": entity, "entity_id": entity_id, "state": state,
             "previous_state": before} for state, before in zip(states, previous)]


async def sql_flow(engine, space_id: int, connector_id: int, requests: list[float]) -> None:
    now = datetime.now(timezone.utc)
    amount = Decimal("100.00")
    items = [{"uniqueId": "item", "name": "Benchmark item", "type": "PRODUCT", "quantity": "1",
              "amountIncludingTax": "100.00", "taxAmount": "7.49"}]
    started = time.perf_counter()
    async with engine.begin() as connection:  # create
        group_id = (await connection.execute(insert(TransactionGroup).values(
            space_id=space_id, state="PENDING", begin_date=now, version=1).returning(TransactionGroup.id))).scalar_one()
        transaction_id = (await connection.execute(insert(Transaction).values(
            space_id=space_id, group_id=group_id, state="PENDING", currency="CHF", completion_behavior="COMPLETE_IMMEDIATELY",
            customers_presence="VIRTUAL_PRESENT", environment_selection_strategy="USE_CONFIGURATION",
            charge_retry_enabled=False, emails_disabled=False, auto_confirmation_enabled=True, line_items=items,
            authorization_amount=amount, completed_amount=0, refunded_amount=0, security_token=uuid.uuid4().hex,
            delivery_review_required=False, created_on=now, version=1).returning(Transaction.id))).scalar_one()
        await connection.execute(insert(Event), _events(space_id, "TransactionGroup", group_id, ["PENDING"])
                                 + _events(space_id, "Transaction", transaction_id, ["PENDING"]))
    requests.append(time.perf_counter() - started)
    mark = time.perf_counter()
    async with engine.begin() as connection:  # pay
        await connection.execute(select(Transaction.id).where(Transaction.id == transaction_id).with_for_update())
        charge_id = (await connection.execute(insert(Charge).values(
            space_id=space_id, transaction_id=transaction_id, type="SYNCHRONOUS", state="SUCCESSFUL", created_on=now,
            version=2).returning(Charge.id))).scalar_one()
        attempt_id = (await connection.execute(insert(ChargeAttempt).values(
            space_id=space_id, transaction_id=transaction_id, charge_id=charge_id, state="SUCCESSFUL",
            connector_configuration_id=connector_id, environment="TEST", initializing_token_version=False,
            masked_card="411111******1111", created_on=now, succeeded_on=now, version=2)
            .returning(ChargeAttempt.id))).scalar_one()
        version_id = (await connection.execute(insert(TransactionLineItemVersion).values(
            space_id=space_id, transaction_id=transaction_id, state="SUCCESSFUL", amount=amount, tax_amount=0,
            line_items=items, external_id=f"authorized-{transaction_id}", created_on=now, version=1)
            .returning(TransactionLineItemVersion.id))).scalar_one()
        completion_id = (await connection.execute(insert(TransactionCompletion).values(
            space_id=space_id, transaction_id=transaction_id, state="SUCCESSFUL", mode="DIRECT", amount=amount,
            tax_amount=0, line_items=items, last_completion=True, created_on=now, version=1)
            .returning(TransactionCompletion.id))).scalar_one()
        invoice_id = (await connection.execute(insert(TransactionInvoice).values(
            space_id=space_id, transaction_id=transaction_id, completion_id=completion_id, state="PAID",
            currency="CHF", amount=amount, tax_amount=0, outstanding_amount=0, line_items=items, created_on=now,
            paid_on=now, version=1).returning(TransactionInvoice.id))).scalar_one()
        indication_id = (await connection.execute(insert(DeliveryIndication).values(
            space_id=space_id, transaction_id=transaction_id, completion_id=completion_id, state="SUITABLE",
            created_on=now, version=1).returning(DeliveryIndication.id))).scalar_one()
        await connection.execute(update(Transaction).where(Transaction.id == transaction_id).values(
            state="FULFILL", completed_amount=amount, payment_connector_configuration_id=connector_id,
            confirmed_on=now, processing_on=now, authorized_on=now, completed_on=now, delivery_decision_made_on=now,
            version=Transaction.version + 1))
        await connection.execute(update(TransactionGroup).where(TransactionGroup.id == group_id).values(
            state="SUCCESSFUL", end_date=now, version=TransactionGroup.version + 1))
        await connection.execute(insert(Event), [
            *_events(space_id, "Transaction", transaction_id,
                     ["CONFIRMED", "PROCESSING", "AUTHORIZED", "COMPLETED", "FULFILL"]),
            *_events(space_id, "Charge", charge_id, ["PENDING", "SUCCESSFUL"]),
            *_events(space_id, "ChargeAttempt", attempt_id, ["PROCESSING", "SUCCESSFUL"]),
            *_events(space_id, "TransactionLineItemVersion", version_id, ["CREATE", "PENDING", "SUCCESSFUL"]),
            *_events(space_id, "TransactionCompletion", completion_id, ["CREATE", "PENDING", "SUCCESSFUL"]),
            *_events(space_id, "TransactionInvoice", invoice_id, ["CREATE", "PAID"]),
            *_events(space_id, "DeliveryIndication", indication_id, ["PENDING", "SUITABLE"]),
            *_events(space_id, "TransactionGroup", group_id, ["SUCCESSFUL"]),
        ])
    requests.append(time.perf_counter() - mark)
    mark = time.perf_counter()
    async with engine.begin() as connection:  # refund
        await connection.execute(select(Transaction.id).where(Transaction.id == transaction_id).with_for_update())
        refunded = (await connection.execute(select(func.coalesce(func.sum(Refund.amount), 0)).where(
            Refund.transaction_id == transaction_id))).scalar_one()
        assert Decimal(refunded) + 30 <= amount
        refund_id = (await connection.execute(insert(Refund).values(
            space_id=space_id, transaction_id=transaction_id, state="SUCCESSFUL", type="MERCHANT_INITIATED_ONLINE",
            amount=Decimal(30), external_id=uuid.uuid4().hex, created_on=now, succeeded_on=now, version=1)
            .returning(Refund.id))).scalar_one()
        await connection.execute(update(Transaction).where(Transaction.id == transaction_id).values(
            refunded_amount=Transaction.refunded_amount + 30, version=Transaction.version + 1))
        await connection.execute(insert(Event), _events(space_id, "Refund", refund_id,
                                                        ["CREATE", "PENDING", "SUCCESSFUL"]))
    requests.append(time.perf_counter() - mark)


async def run_sql(url: str, space_id: int, clients: int, seconds: float) -> dict:
    engine = create_engine(url, pool_size=clients)
    async with engine.connect() as connection:
        connector_id = (await connection.execute(select(PaymentConnectorConfiguration.id).where(
            PaymentConnectorConfiguration.space_id == space_id).limit(1))).scalar_one()
    flows: list[float] = []
    requests: list[float] = []
    stop_at = time.perf_counter() + seconds

    async def worker():
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            await sql_flow(engine, space_id, connector_id, requests)
            flows.append(time.perf_counter() - started)

    began = time.perf_counter()
    try:
        await asyncio.gather(*[worker() for _ in range(clients)])
    finally:
        await engine.dispose()
    return _figures(flows, requests, time.perf_counter() - began)


def _figures(flows: list[float], requests: list[float], elapsed: float) -> dict:
    return {"flows": len(flows), "flows_per_second": len(flows) / elapsed, "requests_per_second": len(requests) / elapsed,
            "flow_p50_ms": _percentile(flows, 0.5), "flow_p99_ms": _percentile(flows, 0.99),
            "request_p50_ms": _percentile(requests, 0.5), "request_p99_ms": _percentile(requests, 0.99),
            "flow_mean_ms": statistics.fmean(flows) * 1000 if flows else 0.0}


async def _progress(label: str, seconds: float) -> None:
    began = time.perf_counter()
    while (left := seconds - (time.perf_counter() - began)) > 0:
        print(f"\r  {label}: {left:4.0f} s left", end="", flush=True)
        await asyncio.sleep(min(1.0, left))
    print(f"\r  {label}: done          ", flush=True)


async def _with_progress(label: str, seconds: float, work):
    result, _ = await asyncio.gather(work, _progress(label, seconds))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=sorted({1, os.cpu_count() or 1}),
                        help="server worker processes to measure, one run each (default: 1 and one per core)")
    args = parser.parse_args()
    by_workers: dict[int, dict] = {}
    with fresh_server(args.backend, UNLIMITED) as server:
        credentials = server.bootstrap()
        print(f"{args.backend}: create -> pay by card -> refund, {args.clients} concurrent clients")
        for workers in args.workers:
            server.serve_args = ("--workers", str(workers))
            server.start()
            try:
                asyncio.run(run_api(server, credentials, args.clients, 3))  # warm-up
                api, memory = asyncio.run(sample_while(server.process.pid, _with_progress(
                    f"API flow, {workers} worker(s)", args.seconds,
                    run_api(server, credentials, args.clients, args.seconds))))
            finally:
                server.stop()
            api.update(memory)
            by_workers[workers] = api
        baseline = asyncio.run(_with_progress("plain SQL baseline", args.seconds,
                                              run_sql(server.database_url, credentials.space_id, args.clients,
                                                      args.seconds)))

    print()
    print(f"{'':<26}{'flows/s':>9}{'req/s':>9}{'flow p50':>10}{'flow p99':>10}{'req p50':>9}{'req p99':>9}")
    rows = [(f"API, {workers} worker(s)", api) for workers, api in by_workers.items()]
    for name, row in (*rows, ("plain SQL baseline", baseline)):
        print(f"{name:<26}{row['flows_per_second']:>9.1f}{row['requests_per_second']:>9.1f}{row['flow_p50_ms']:>10.1f}"
              f"{row['flow_p99_ms']:>10.1f}{row['request_p50_ms']:>9.1f}{row['request_p99_ms']:>9.1f}")
    print()
    for workers, api in by_workers.items():
        print(f"{workers} worker(s): API flows/s = {api['flows_per_second'] / baseline['flows_per_second']:.2f} x the "
              f"plain SQL baseline; resident memory per worker peak {api['rss_worker_peak_mb']:.0f} MB "
              f"(target < 250 MB), all processes {api['rss_peak_mb']:.0f} MB")
    print("(a 'request' of the baseline is one of its three database transactions)")
    most = max(by_workers)
    api = by_workers[most]
    ratio = api["flows_per_second"] / baseline["flows_per_second"]
    write_results("payment_flow", args.backend, {
        "clients": args.clients, "seconds": args.seconds, "api": api, "workers": most, "api_by_workers": by_workers,
        "baseline": baseline, "api_to_baseline_flows": ratio})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
