"""The outbox survives the server: changes committed while nothing sends (the server killed
with SIGKILL between the commit and the send) are delivered after the restart, and what was
delivered is never sent again. Also the CLI: deliveries, and forwarding to a local URL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from wallee.configuration import Configuration
from wallee.service.transactions_service import TransactionsService
from wallee.service.webhook_encryption_keys_service import WebhookEncryptionKeysService

from tests.conftest import BACKENDS, running_server
from tests.payments.support import VISA_DECLINED, create_transaction, pay
from tests.webhooks.conftest import FAST_WEBHOOKS
from tests.webhooks.test_webhook_delivery import bodies, listen


@pytest.fixture(params=BACKENDS)
def quiet_server(request, tmp_path_factory):
    """A server whose worker does not run: deliveries are written and wait."""
    with running_server(request.param, tmp_path_factory, **FAST_WEBHOOKS, PAYSTEAD_EMBEDDED_WORKER="false") as server:
        yield server


def config_of(server) -> Configuration:
    return Configuration(host=server.api_url, user_id=server.credentials.user_id,
                         authentication_key=server.credentials.key)


def test_messages_committed_before_a_kill_arrive_after_the_restart_and_only_once(quiet_server, receiver):
    server, space_id = quiet_server, quiet_server.credentials.space_id
    config = config_of(server)
    path = listen(config, space_id, receiver, entity_states=["FULFILL", "FAILED"])
    transactions = TransactionsService(config)
    created = [create_transaction(transactions, space_id) for _ in range(5)]
    for index, transaction in enumerate(created):
        pay(transactions, space_id, transaction.id, VISA_DECLINED if index == 2 else "4111111111111111")
    time.sleep(0.5)
    assert receiver.at(path) == []  # committed, not sent
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()

    server.extra_env["PAYSTEAD_EMBEDDED_WORKER"] = "true"
    server.start()
    expected = [(t.id, "FAILED" if index == 2 else "FULFILL") for index, t in enumerate(created)]
    assert [(b["entityId"], b["state"]) for b in bodies(receiver.wait_for(path, 5))] == expected
    keys = WebhookEncryptionKeysService(config_of(server))
    assert all(keys.is_content_valid(m.signature, m.body) for m in receiver.at(path))

    # Restarted again: nothing delivered is sent twice.
    server.stop()
    server.start()
    time.sleep(1.5)
    assert [(b["entityId"], b["state"]) for b in bodies(receiver.at(path))] == expected

    listing = server.cli("webhooks", "deliveries", "--space", str(space_id)).stdout
    assert listing.count("DELIVERED") == 5 and "Transaction" in listing


def test_forward_passes_a_spaces_webhooks_on_to_a_local_url(hook_server, hook_http, hook_config, space_id, receiver):
    credentials = hook_server.credentials
    path = f"/forwarded/{uuid.uuid4().hex[:8]}"
    target = receiver.url(path)
    forwarding = subprocess.Popen(
        [sys.executable, "-m", "paystead", "webhooks", "forward", "--server", hook_server.base_url,
         "--user-id", str(credentials.user_id), "--space", str(space_id), "--to", target, "--entity", "Transaction"],
        env={**os.environ, "PAYSTEAD_AUTHENTICATION_KEY": credentials.key}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not hook_http.get("/webhooks/listeners", space=space_id).json()["data"]:
            time.sleep(0.1)
        transactions = TransactionsService(hook_config)
        created = create_transaction(transactions, space_id)
        pay(transactions, space_id, created.id)
        messages = receiver.wait_for(path, 6)
        assert [json.loads(m.body)["state"] for m in messages] == [
            "PENDING", "CONFIRMED", "PROCESSING", "AUTHORIZED", "COMPLETED", "FULFILL"]
        keys = WebhookEncryptionKeysService(hook_config)
        assert all(keys.is_content_valid(m.signature, m.body) for m in messages)
    finally:
        forwarding.send_signal(signal.SIGTERM)
        output, _ = forwarding.communicate(timeout=30)
    assert "Transaction" in output and "-> 200" in output and "Stopped forwarding" in output
    # Its listeners and URL are deleted again (deleted listeners stay readable, as on wallee).
    assert {listener["state"] for listener in hook_http.get("/webhooks/listeners", space=space_id).json()["data"]} \
        == {"DELETED"}
    delivered = hook_http.get("/paystead/webhooks/deliveries?state=DELIVERED", space=space_id).json()["data"]
    assert len(delivered) == 6
