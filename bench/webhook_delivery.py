"""Webhook deliveries per second to a local receiver.

Starts `paystead serve` on a fresh database (PostgreSQL by default), creates listeners on a
receiver in this process, fills the outbox with N deliveries spread over L listeners, and times
the worker until every one is delivered (signed, each listener in order, every attempt
recorded). The baseline in the same run posts the same number of signed bodies straight to
the same receiver, as L concurrent senders with keep-alive connections: what the network and the
receiver allow. Prints both rates and the ratio; writes JSON to bench/results/.

    .venv/bin/python bench/webhook_delivery.py [--backend postgresql|sqlite] [--deliveries 3000] [--listeners 8]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from paystead.db.base import utcnow  # noqa: E402
from paystead.db.engine import create_engine  # noqa: E402
from paystead.db.models import Event, WebhookDelivery  # noqa: E402
from tests.support.jwt_client import WalleeHttp  # noqa: E402
from bench_server import fresh_server, write_results  # noqa: E402
from tests.support.servers import free_port  # noqa: E402

TRANSACTION = 1472041829003


class Receiver:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.count += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


async def fill_outbox(url: str, space_id: int, listener_ids: list[int], total: int) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        event_id = (await connection.execute(insert(Event).values(
            space_id=space_id, entity="Transaction", entity_id=1, state="AUTHORIZED", created_on=utcnow())
            .returning(Event.id))).scalar_one()
        rows = [{"space_id": space_id, "listener_id": listener_ids[i % len(listener_ids)], "event_id": event_id,
                 "entity": TRANSACTION, "entity_id": i + 1, "entity_state": "AUTHORIZED", "state": "PENDING",
                 "attempts": 0, "next_attempt_on": utcnow(), "created_on": utcnow(), "version": 1}
                for i in range(total)]
        for start in range(0, total, 1000):
            await connection.execute(insert(WebhookDelivery), rows[start:start + 1000])
    await engine.dispose()


async def delivered(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(select(func.count()).select_from(WebhookDelivery).where(
                WebhookDelivery.state == "DELIVERED"))).scalar_one()
    finally:
        await engine.dispose()


async def wait_delivered(url: str, total: int) -> float:
    began = time.perf_counter()
    while True:
        done = await delivered(url)
        print(f"\r  worker: {done}/{total} delivered", end="", flush=True)
        if done >= total:
            print()
            return time.perf_counter() - began
        await asyncio.sleep(0.2)


async def baseline(port: int, total: int, senders: int, body: bytes, signature: str) -> float:
    per_sender = total // senders

    async def sender():
        async with httpx.AsyncClient() as client:
            for _ in range(per_sender):
                await client.post(f"http://127.0.0.1:{port}/baseline", content=body,
                                  headers={"Content-Type": "application/json", "X-Signature": signature})

    began = time.perf_counter()
    await asyncio.gather(*[sender() for _ in range(senders)])
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--deliveries", type=int, default=3000)
    parser.add_argument("--listeners", type=int, default=8)
    args = parser.parse_args()
    receiver = Receiver()
    try:
        with fresh_server(args.backend, {"PAYSTEAD_WEBHOOKS__POLL_SECONDS": "0.05"}) as server:
            url = server.database_url
            credentials = server.bootstrap()
            server.start()
            http = WalleeHttp(server.base_url, credentials.user_id, credentials.key)
            listener_ids = []
            for index in range(args.listeners):
                url_id = http.post("/webhooks/urls", space=credentials.space_id,
                                   json={"url": f"http://127.0.0.1:{receiver.port}/l{index}"}).json()["id"]
                listener_ids.append(http.post("/webhooks/listeners", space=credentials.space_id, json={
                    "url": url_id, "entity": TRANSACTION}).json()["id"])
            print(f"{args.backend}: {args.deliveries} deliveries over {args.listeners} listeners to a local receiver")
            asyncio.run(fill_outbox(url, credentials.space_id, listener_ids, args.deliveries))
            worker_seconds = asyncio.run(wait_delivered(url, args.deliveries))
            worker_rate = args.deliveries / worker_seconds
            sample = b'{"entityId":1,"eventId":1,"listenerEntityId":1472041829003,"state":"AUTHORIZED"}'
            print("  baseline: posting the same number of messages directly ...", flush=True)
            baseline_seconds = asyncio.run(baseline(receiver.port, args.deliveries, args.listeners, sample,
                                                    "algorithm=SHA256withECDSA, keyId=x, signature=y"))
            baseline_rate = args.deliveries / baseline_seconds
    finally:
        receiver.httpd.shutdown()

    ratio = worker_rate / baseline_rate
    print()
    print(f"{'':<40}{'messages/s':>12}{'seconds':>10}")
    print(f"{'Paystead worker (outbox -> receiver)':<40}{worker_rate:>12.0f}{worker_seconds:>10.2f}")
    print(f"{'direct POSTs (baseline)':<40}{baseline_rate:>12.0f}{baseline_seconds:>10.2f}")
    print(f"\nworker = {ratio:.2f} x the direct baseline (the worker also signs, claims, records each attempt)")
    write_results("webhook_delivery", args.backend, {
        "deliveries": args.deliveries, "listeners": args.listeners, "worker_per_second": worker_rate,
        "baseline_per_second": baseline_rate, "worker_to_baseline": ratio})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
