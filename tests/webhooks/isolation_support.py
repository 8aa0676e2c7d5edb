"""What the delivery-isolation tests share: a production-mode server, tenants of their own,
listeners held back so that all their deliveries fall due in ONE round, URLs stored as an older
version accepted them (written to the database directly), and loopback endpoints that answer
badly (garbage, silence, NUL bytes)."""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import threading
import time
import uuid

from sqlalchemy import text

from paystead.db.engine import create_engine
from tests.support.jwt_client import WalleeHttp
from tests.support.servers import free_port
from tests.webhooks.conftest import FAST_WEBHOOKS

TRANSACTION = 1472041829003
ITEMS = [{"uniqueId": "a", "name": "Hook", "type": "PRODUCT", "quantity": 1, "amountIncludingTax": 10}]
MAX_ATTEMPTS = 3


def production_env(**webhooks: str) -> dict[str, str]:
    env = {**FAST_WEBHOOKS, "PAYSTEAD_MODE": "production",
           "PAYSTEAD_MASTER_KEY": base64.b64encode(os.urandom(32)).decode(),
           "PAYSTEAD_WEBHOOKS__MAX_ATTEMPTS": str(MAX_ATTEMPTS)}
    env.update({f"PAYSTEAD_WEBHOOKS__{name.upper()}": value for name, value in webhooks.items()})
    return env


def run_sql(server, sql: str, **params) -> None:
    async def run() -> None:
        engine = create_engine(server.database_url)
        try:
            async with engine.begin() as connection:
                await connection.execute(text(sql), params)
        finally:
            await engine.dispose()

    asyncio.run(run())


class Tenant:
    """An account of its own (``paystead bootstrap``) with its space and administrator."""

    def __init__(self, server) -> None:
        credentials = server.bootstrap()
        self.space_id = credentials.space_id
        self.http = WalleeHttp(server.base_url, credentials.user_id, credentials.key)

    def save_url(self, url: str):
        return self.http.post("/webhooks/urls", space=self.space_id,
                              json={"name": "hook", "url": url, "state": "INACTIVE"})

    def listen(self, url_id: int) -> int:
        answer = self.http.post("/webhooks/listeners", space=self.space_id,
                                json={"name": "hook", "entity": TRANSACTION, "url": url_id})
        assert answer.status_code in (200, 201), answer.text
        return answer.json()["id"]

    def transaction(self) -> None:
        answer = self.http.post("/payment/transactions", space=self.space_id,
                                json={"currency": "CHF", "lineItems": ITEMS})
        assert answer.status_code in (200, 201), answer.text

    def deliveries(self, listener_id: int) -> list[dict]:
        answer = self.http.get(f"/paystead/webhooks/deliveries?listener={listener_id}", space=self.space_id)
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]

    def delivery(self, delivery_id: int) -> dict:
        return self.http.get(f"/paystead/webhooks/deliveries/{delivery_id}", space=self.space_id).json()


def store_as_legacy(server, tenant: Tenant, url: str, closed_port: int) -> int:
    """A webhook URL that an older version accepted and stored: saved here as a harmless
    placeholder, then rewritten in the database."""
    answer = tenant.save_url(f"http://127.0.0.1:{closed_port}/placeholder-{uuid.uuid4().hex[:6]}")
    assert answer.status_code in (200, 201), answer.text
    url_id = answer.json()["id"]
    run_sql(server, "UPDATE webhook_urls SET url = :url WHERE id = :id", url=url, id=url_id)
    return url_id


def release_all(server, url_ids: list[int]) -> None:
    """Activates every held-back URL in one statement: their deliveries are due together."""
    run_sql(server, f"UPDATE webhook_urls SET state = 'ACTIVE' WHERE id IN ({', '.join(map(str, url_ids))})")


def settle(tenant: Tenant, listener_id: int, timeout: float = 40.0) -> dict:
    """The listener's one delivery once it is DELIVERED or FAILED (or as it is at the end)."""
    deadline = time.monotonic() + timeout
    while True:
        found = tenant.deliveries(listener_id)
        if (found and found[0]["state"] != "PENDING") or time.monotonic() > deadline:
            assert len(found) == 1, found
            return tenant.delivery(found[0]["id"])
        time.sleep(0.1)


class BadEndpoint:
    """A TCP endpoint on 127.0.0.1 that answers ``garbage`` (not HTTP), nothing at all
    (``silent``), or a 200 whose body holds NUL and other control bytes (``nul``)."""

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour
        self.accepted = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._open: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            self._open.append(connection)
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        try:
            connection.settimeout(5)
            connection.recv(65536)
            if self.behaviour == "garbage":
                connection.sendall(b"\x00\xffnot http at all\r\n\r\n")
                connection.close()
            elif self.behaviour == "nul":
                body = b"ok\x00\x01\x1b[31m\xff\xfe"
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=no-such-charset\r\n"
                                   b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        except OSError:
            pass

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.listener.close()
        for connection in self._open:
            connection.close()


def closed_port() -> int:
    """A loopback port nothing listens on: a connection there is refused at once."""
    return free_port()
