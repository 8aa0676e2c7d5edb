"""Signed webhook messages reach a receiver on 127.0.0.1, in order, verified with the official
SDK; filters, retries, resending, rollbacks and key rotation."""

from __future__ import annotations

import json
import re
import time
import uuid

from wallee.models.webhook_listener_create import WebhookListenerCreate
from wallee.models.webhook_url_create import WebhookUrlCreate
from wallee.service.payment_method_configurations_service import PaymentMethodConfigurationsService
from wallee.service.transactions_service import TransactionsService
from wallee.service.webhook_encryption_keys_service import WebhookEncryptionKeysService
from wallee.service.webhook_listeners_service import WebhookListenersService
from wallee.service.webhook_urls_service import WebhookURLsService

from tests.payments.support import VISA_DECLINED, create_transaction, pay

TRANSACTION = 1472041829003
PAYMENT_METHOD_CONFIGURATION = 1472041857405
PAYMENT_LINK = 1800000000106


def listen(config, space_id, receiver, entity=TRANSACTION, **fields) -> str:
    """A URL on the receiver (a path of its own) and a listener on it; returns the path."""
    path = f"/hooks/{uuid.uuid4().hex[:8]}"
    url = WebhookURLsService(config).post_webhooks_urls(space_id, WebhookUrlCreate(name="receiver",
                                                                                    url=receiver.url(path)))
    WebhookListenersService(config).post_webhooks_listeners(space_id, WebhookListenerCreate(
        name="test", entity=entity, url=url.id, **fields))
    return path


def bodies(messages) -> list[dict]:
    return [json.loads(message.body) for message in messages]


def test_signed_messages_arrive_in_order_and_verify_with_the_sdk(hook_config, space_id, receiver):
    path = listen(hook_config, space_id, receiver)
    transactions = TransactionsService(hook_config)
    created = create_transaction(transactions, space_id)
    pay(transactions, space_id, created.id)
    messages = receiver.wait_for(path, 6)
    got = bodies(messages)
    assert [body["state"] for body in got] == ["PENDING", "CONFIRMED", "PROCESSING", "AUTHORIZED", "COMPLETED",
                                               "FULFILL"]
    first = got[0]
    assert set(first) == {"entityId", "eventId", "listenerEntityId", "listenerEntityTechnicalName", "spaceId", "state",
                          "timestamp", "webhookListenerId"}
    assert first["entityId"] == created.id and first["spaceId"] == space_id
    assert first["listenerEntityId"] == TRANSACTION and first["listenerEntityTechnicalName"] == "Transaction"
    assert [body["eventId"] for body in got] == sorted(body["eventId"] for body in got)
    keys = WebhookEncryptionKeysService(hook_config)
    for message in messages:
        assert message.signature.startswith("algorithm=SHA256withECDSA, keyId=")
        assert keys.is_content_valid(message.signature, message.body)
    # A changed body does not verify.
    tampered = messages[-1].body.replace('"FULFILL"', '"FAILED"')
    assert not keys.is_content_valid(messages[-1].signature, tampered)


def test_a_listener_gets_only_the_states_it_names(hook_config, space_id, receiver):
    path = listen(hook_config, space_id, receiver, entity_states=["AUTHORIZED", "FAILED"])
    transactions = TransactionsService(hook_config)
    paid, declined = create_transaction(transactions, space_id), create_transaction(transactions, space_id)
    pay(transactions, space_id, paid.id)
    pay(transactions, space_id, declined.id, VISA_DECLINED)
    got = bodies(receiver.wait_for(path, 2))
    time.sleep(0.5)
    assert [(body["entityId"], body["state"]) for body in bodies(receiver.at(path))] == [
        (paid.id, "AUTHORIZED"), (declined.id, "FAILED")]
    assert len(got) == 2


def test_every_change_of_a_watched_row(hook_config, hook_http, space_id, receiver):
    path = listen(hook_config, space_id, receiver, entity=PAYMENT_METHOD_CONFIGURATION, notify_every_change=True)
    links = listen(hook_config, space_id, receiver, entity=PAYMENT_LINK, notify_every_change=True)
    only_states = listen(hook_config, space_id, receiver, entity=PAYMENT_LINK)
    method = PaymentMethodConfigurationsService(hook_config).get_payment_method_configurations(space_id, limit=1).data[0]
    renamed = hook_http.patch(f"/payment/method-configurations/{method.id}", space=space_id,
                              json={"version": method.version, "name": "Cards, renamed"})
    assert renamed.status_code == 200, renamed.text
    got = bodies(receiver.wait_for(path, 1))
    assert [(body["entityId"], body["state"]) for body in got] == [(method.id, "ACTIVE")]
    assert got[0]["listenerEntityTechnicalName"] == "PaymentMethodConfiguration"

    link = hook_http.post("/payment/links", space=space_id, json={"externalId": uuid.uuid4().hex,
                                                                  "protectionMode": "NO_PROTECTION"}).json()
    hook_http.patch(f"/payment/links/{link['id']}", space=space_id, json={"version": link["version"], "name": "New"})
    assert hook_http.delete(f"/payment/links/{link['id']}", space=space_id).status_code == 204
    assert [body["state"] for body in bodies(receiver.wait_for(links, 3))] == ["ACTIVE", "ACTIVE", "DELETED"]
    # Without notifyEveryChange: the creation and the state change, not the rename.
    assert [body["state"] for body in bodies(receiver.wait_for(only_states, 2))] == ["ACTIVE", "DELETED"]


def test_a_change_rolled_back_by_an_error_sends_nothing(hook_config, hook_http, space_id, receiver):
    path = listen(hook_config, space_id, receiver, notify_every_change=True)
    transactions = TransactionsService(hook_config)
    created = create_transaction(transactions, space_id)
    assert [body["state"] for body in bodies(receiver.wait_for(path, 1))] == ["PENDING"]
    token = hook_http.post("/payment/tokens", space=space_id, json={"externalId": uuid.uuid4().hex}).json()["id"]
    # The reference changes and the token is looked up (the change is flushed), then an invalid
    # line item fails the request: everything is rolled back, outbox included.
    failed = hook_http.patch(f"/payment/transactions/{created.id}", space=space_id, json={
        "version": created.version, "merchantReference": "rolled back", "token": token,
        "lineItems": [{"uniqueId": "x", "name": "x", "type": "PRODUCT", "quantity": 1, "amountIncludingTax": -5}]})
    assert failed.status_code == 422, failed.text
    time.sleep(1.0)
    assert len(receiver.at(path)) == 1
    changed = hook_http.patch(f"/payment/transactions/{created.id}", space=space_id,
                              json={"version": created.version, "merchantReference": "kept"})
    assert changed.status_code == 200, changed.text
    assert [body["state"] for body in bodies(receiver.wait_for(path, 2))] == ["PENDING", "PENDING"]


def test_a_receiver_that_is_down_gets_everything_once_it_is_back(hook_config, hook_http, space_id, receiver):
    path = listen(hook_config, space_id, receiver, entity_states=["FULFILL", "FAILED"])
    transactions = TransactionsService(hook_config)
    refused_before = receiver.refused
    receiver.failing = True
    try:
        created = [create_transaction(transactions, space_id) for _ in range(4)]
        for index, transaction in enumerate(created):
            pay(transactions, space_id, transaction.id, VISA_DECLINED if index % 2 else "4111111111111111")
        deadline = time.monotonic() + 10
        while receiver.refused - refused_before < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert receiver.refused - refused_before >= 3  # tried, refused, retried
    finally:
        receiver.failing = False
    got = bodies(receiver.wait_for(path, 4))
    # All of them, in the order they happened, each once.
    assert [(body["entityId"], body["state"]) for body in got] == [
        (transaction.id, "FAILED" if index % 2 else "FULFILL") for index, transaction in enumerate(created)]
    deliveries = hook_http.get("/paystead/webhooks/deliveries?limit=100", space=space_id).json()["data"]
    first = hook_http.get(f"/paystead/webhooks/deliveries/{deliveries[0]['id']}", space=space_id).json()
    assert first["state"] == "DELIVERED" and first["attemptCount"] >= 2
    assert [attempt["statusCode"] for attempt in first["attempts"]][-1] == 200
    assert 503 in [attempt["statusCode"] for attempt in first["attempts"]]
    assert first["attempts"][0]["responseExcerpt"] == "down for maintenance"


def test_a_delivery_can_be_sent_again(hook_config, hook_http, space_id, receiver):
    path = listen(hook_config, space_id, receiver, entity_states=["FULFILL"])
    transactions = TransactionsService(hook_config)
    created = create_transaction(transactions, space_id)
    pay(transactions, space_id, created.id)
    original = receiver.wait_for(path, 1)[0]
    # The receiver sees the message before the worker has its answer and records the round.
    deadline = time.monotonic() + 10
    while not (delivered := hook_http.get("/paystead/webhooks/deliveries?state=DELIVERED",
                                          space=space_id).json()["data"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    delivery = delivered[0]
    # A delivered delivery takes no more attempts: the 422 of any state check.
    late = hook_http.post(f"/paystead/webhooks/deliveries/{delivery['id']}/attempts", json={"statusCode": 200},
                          space=space_id)
    assert late.status_code == 422 and late.json()["code"] == "invalid_state_transition", late.text
    again = hook_http.post(f"/paystead/webhooks/deliveries/{delivery['id']}/resend", space=space_id)
    assert again.status_code == 201 and again.json()["state"] == "PENDING"
    resent = receiver.wait_for(path, 2)
    assert len(resent) == 2 and json.loads(resent[1].body)["eventId"] == json.loads(original.body)["eventId"]
    # Another space's delivery is not there for this caller's space header.
    other = hook_http.get(f"/paystead/webhooks/deliveries/{delivery['id']}", space=space_id + 100000)
    assert other.status_code in (403, 404)


def test_keys_can_be_rotated_and_old_ones_still_verify(hook_server, hook_config, space_id, receiver):
    path = listen(hook_config, space_id, receiver, entity_states=["FULFILL"])
    transactions = TransactionsService(hook_config)
    keys = WebhookEncryptionKeysService(hook_config)
    pay(transactions, space_id, create_transaction(transactions, space_id).id)
    before = receiver.wait_for(path, 1)[0]
    hook_server.cli("webhooks", "rotate-key")
    pay(transactions, space_id, create_transaction(transactions, space_id).id)
    after = receiver.wait_for(path, 2)[1]
    old_key = before.signature.split("keyId=")[1].split(",")[0]
    new_key = after.signature.split("keyId=")[1].split(",")[0]
    assert old_key != new_key
    assert keys.is_content_valid(before.signature, before.body) and keys.is_content_valid(after.signature, after.body)
    assert keys.get_webhooks_encryption_keys_id(old_key).startswith("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE")


def _first_line_of_show(hook_server, delivery_id: int) -> str:
    return hook_server.cli("webhooks", "show", str(delivery_id)).stdout.splitlines()[0]


def test_the_cli_shows_a_delivery_as_it_stands(hook_server, hook_config, hook_http, space_id, receiver):
    path = listen(hook_config, space_id, receiver, entity_states=["FULFILL"])
    transactions = TransactionsService(hook_config)
    pay(transactions, space_id, create_transaction(transactions, space_id).id)
    receiver.wait_for(path, 1)
    deadline = time.monotonic() + 10
    while not (delivered := hook_http.get("/paystead/webhooks/deliveries?state=DELIVERED",
                                          space=space_id).json()["data"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    # Delivered at the first try: one attempt, when it was delivered, and no next attempt.
    shown = _first_line_of_show(hook_server, delivered[0]["id"])
    assert f"delivery {delivered[0]['id']}: DELIVERED, 1 attempt, " in shown, shown
    assert "next attempt" not in shown and " delivered 20" in shown and shown.endswith(" UTC"), shown

    # Refused: pending with a next attempt (or, once its retries are spent, failed without one).
    receiver.failing = True
    try:
        refused_before = receiver.refused
        pay(transactions, space_id, create_transaction(transactions, space_id).id)
        deadline = time.monotonic() + 10
        while receiver.refused == refused_before and time.monotonic() < deadline:
            time.sleep(0.05)
        retried = hook_http.get("/paystead/webhooks/deliveries?state=PENDING", space=space_id).json()["data"]
        assert retried, "the refused delivery is not pending"
        shown = _first_line_of_show(hook_server, retried[0]["id"])
    finally:
        receiver.failing = False
    state, attempts = re.search(r": (PENDING|FAILED), (\d+) attempts?,", shown).groups()
    assert (f"{attempts} attempt," if attempts == "1" else f"{attempts} attempts,") in shown, shown
    assert ("next attempt 20" in shown) == (state == "PENDING"), shown
