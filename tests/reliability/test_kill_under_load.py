"""``kill -9`` of the server under load: no acknowledged write is lost, no transaction is left
half-changed, and every acknowledged payment's webhook is still delivered. 2 kills per database
by default, 20 with PAYSTEAD_TEST_FULL=1."""

from __future__ import annotations

import json
import random
import signal
import threading
import time
from decimal import Decimal

import httpx
import pytest

from tests.conftest import BACKENDS, running_server
from tests.reliability.conftest import count
from tests.support.jwt_client import WalleeHttp
from tests.webhooks.conftest import FAST_WEBHOOKS, Receiver

CARD = {"cardData": {"primaryAccountNumber": "4111111111111111", "expiryDate": "2031-12"}}
ITEMS = [{"uniqueId": "a", "name": "Load", "type": "PRODUCT", "quantity": 1, "amountIncludingTax": 25}]


@pytest.fixture(params=BACKENDS)
def crash_server(request, tmp_path_factory):
    with running_server(request.param, tmp_path_factory, **FAST_WEBHOOKS) as server:
        yield server


def _load(http: WalleeHttp, space_id: int, stop: threading.Event, acknowledged: dict[int, str]) -> None:
    """Creates and pays transactions until stopped; remembers what the server confirmed."""
    while not stop.is_set():
        try:
            created = http.post("/payment/transactions", space=space_id, json={"currency": "CHF", "lineItems": ITEMS})
            if created.status_code != 201:
                continue
            transaction_id = created.json()["id"]
            acknowledged[transaction_id] = "PENDING"
            paid = http.post(f"/payment/transactions/{transaction_id}/process-card-details", space=space_id, json=CARD)
            if paid.status_code == 200:
                acknowledged[transaction_id] = paid.json()["state"]
        except httpx.HTTPError:
            time.sleep(0.05)  # the server is down: nothing was acknowledged


def test_kill_9_under_load_loses_nothing_acknowledged(crash_server):
    server = crash_server
    credentials = server.credentials
    http = WalleeHttp(server.base_url, credentials.user_id, credentials.key)
    receiver = Receiver()
    url = http.post("/webhooks/urls", space=credentials.space_id, json={"url": receiver.url("/crash")}).json()["id"]
    http.post("/webhooks/listeners", space=credentials.space_id,
              json={"url": url, "entity": 1472041829003, "entityStates": ["FULFILL"]})
    acknowledged: dict[int, str] = {}
    rng = random.Random(7)
    try:
        for _ in range(count(2, 20)):
            stop = threading.Event()
            clients = [threading.Thread(target=_load, args=(http, credentials.space_id, stop, acknowledged))
                       for _ in range(4)]
            for client in clients:
                client.start()
            time.sleep(rng.uniform(0.8, 1.6))
            server.process.send_signal(signal.SIGKILL)
            server.process.wait()
            stop.set()
            for client in clients:
                client.join()
            server.start()
        assert any(state == "FULFILL" for state in acknowledged.values()), "the load paid nothing"

        for transaction_id, state in acknowledged.items():
            current = http.get(f"/payment/transactions/{transaction_id}", space=credentials.space_id).json()
            # Nothing acknowledged is lost or rolled back...
            if state == "FULFILL":
                assert current["state"] == "FULFILL", (transaction_id, current["state"])
            # ...and nothing is left half-changed: a transaction is paid entirely or not at all.
            if current["state"] == "FULFILL":
                assert Decimal(str(current["completedAmount"])) == Decimal(str(current["authorizationAmount"]))
            else:
                assert current["state"] in ("PENDING", "FAILED"), (transaction_id, current["state"])

        paid = {transaction_id for transaction_id, state in acknowledged.items() if state == "FULFILL"}
        # Deliveries a killed worker had claimed return after the claim (5 x the 2 s timeout).
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            delivered = {json.loads(message.body)["entityId"] for message in receiver.at("/crash")}
            if paid <= delivered:
                break
            time.sleep(0.2)
        assert paid <= delivered, f"no webhook for {sorted(paid - delivered)}"
    finally:
        receiver.close()
