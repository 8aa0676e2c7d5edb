"""Webhook URLs and listeners through the official SDK; the encryption key operation; where
webhooks may be sent."""

from __future__ import annotations

import asyncio

import pytest
from wallee.exceptions import ApiException
from wallee.models.webhook_listener_create import WebhookListenerCreate
from wallee.models.webhook_listener_update import WebhookListenerUpdate
from wallee.models.webhook_url_create import WebhookUrlCreate
from wallee.models.webhook_url_update import WebhookUrlUpdate
from wallee.service.webhook_encryption_keys_service import WebhookEncryptionKeysService
from wallee.service.webhook_listeners_service import WebhookListenersService
from wallee.service.webhook_urls_service import WebhookURLsService

from paystead.settings import load_settings
from paystead.webhooks.addresses import refusal
from paystead.webhooks.catalog import ENTITIES


def test_urls_and_listeners_can_be_created_read_changed_searched_and_deleted(hook_config, space_id):
    urls, listeners = WebhookURLsService(hook_config), WebhookListenersService(hook_config)
    url = urls.post_webhooks_urls(space_id, WebhookUrlCreate(name="shop", url="https://shop.example/webhooks"))
    assert url.state.value == "ACTIVE" and url.url == "https://shop.example/webhooks"
    url = urls.patch_webhooks_urls_id(url.id, space_id, WebhookUrlUpdate(version=url.version, name="shop 2"))
    assert url.name == "shop 2" and url.version == 2
    listener = listeners.post_webhooks_listeners(space_id, WebhookListenerCreate(
        name="orders", entity=1472041829003, url=url.id, entity_states=["AUTHORIZED", "FULFILL"]))
    assert listener.entity == 1472041829003 and listener.entity_states == ["AUTHORIZED", "FULFILL"]
    assert listener.url.id == url.id and listener.identity.id and listener.enable_payload_signature_and_state
    expanded = listeners.get_webhooks_listeners_id(listener.id, space_id, expand=["url"])
    assert expanded.url.url == "https://shop.example/webhooks"
    changed = listeners.patch_webhooks_listeners_id(listener.id, space_id, WebhookListenerUpdate(
        version=listener.version, notify_every_change=True, entity_states=[]))
    assert changed.notify_every_change and changed.entity_states == []
    found = listeners.get_webhooks_listeners_search(space_id, query="entity:1472041829003")
    assert [item.id for item in found.data] == [listener.id]
    listeners.delete_webhooks_listeners_id(listener.id, space_id)
    urls.delete_webhooks_urls_id(url.id, space_id)
    # As on wallee, deleted listeners and URLs stay readable, with state DELETED.
    assert listeners.get_webhooks_listeners_id(listener.id, space_id).state.value == "DELETED"
    assert urls.get_webhooks_urls_id(url.id, space_id).state.value == "DELETED"


@pytest.mark.parametrize("body, field", [
    ({"entity": 1234, "url": "URL"}, "entity"),
    ({"entity": 1472041829003, "url": 987654321}, "url"),
    ({"entity": 1472041829003, "url": "URL", "entityStates": ["PAID"]}, "entityStates"),
    ({"entity": 1472041829003, "url": "URL", "identity": 987654321}, "identity"),
])
def test_invalid_listeners_are_refused_naming_the_field(hook_http, space_id, body, field):
    url = hook_http.post("/webhooks/urls", space=space_id, json={"url": "https://shop.example/hooks"}).json()["id"]
    body = {key: url if value == "URL" else value for key, value in body.items()}
    answer = hook_http.post("/webhooks/listeners", space=space_id, json=body)
    assert answer.status_code == 422 and field in answer.json()["errors"], answer.text


@pytest.mark.parametrize("url", ["ftp://shop.example/hooks", "javascript:alert(1)", "https:///nohost",
                                 "http://[::1"])
def test_urls_must_be_http(hook_http, space_id, url):
    answer = hook_http.post("/webhooks/urls", space=space_id, json={"url": url})
    assert answer.status_code in (400, 422) and "url" in answer.json()["errors"], answer.text


def test_unknown_encryption_keys_are_not_found(hook_config):
    with pytest.raises(ApiException) as missing:
        WebhookEncryptionKeysService(hook_config).get_webhooks_encryption_keys_id("no-such-key")
    assert missing.value.status == 404


def test_production_mode_refuses_private_addresses_unless_allowed():
    production = load_settings(mode="production")
    allowing = load_settings(mode="production", webhooks={"allow_private_urls": True})
    sandbox = load_settings(mode="sandbox")
    private = ["http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/", "http://192.168.0.10/",
               "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
               "http://0.0.0.0/", "http://172.16.5.4/"]
    for url in private:
        assert asyncio.run(refusal(url, production)), url
        assert asyncio.run(refusal(url, allowing)) is None, url
        assert asyncio.run(refusal(url, sandbox)) is None, url
    assert asyncio.run(refusal("http://93.184.216.34/hook", production)) is None


def test_the_readme_lists_the_whole_entity_catalog():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for entity in ENTITIES:
        assert f"`{entity.id}`" in readme, entity.technical_name


def test_expanding_what_is_no_link_is_ignored(hook_config, hook_http, space_id):
    """wallee's own SDK suite searches webhook URLs and listeners with expand=["url", "group"]:
    ``url`` is text on a URL, ``group`` exists on neither. Both are ignored; the link is expanded."""
    urls, listeners = WebhookURLsService(hook_config), WebhookListenersService(hook_config)
    url = urls.post_webhooks_urls(space_id, WebhookUrlCreate(name="Webhook Test URL Listener",
                                                             url="https://shop.example/hooks"))
    found = urls.get_webhooks_urls_search(space_id, expand=["url", "group"], limit=1, order="id:DESC",
                                          query='name:"Webhook Test URL Listener"')
    assert [(item.id, item.url) for item in found.data] == [(url.id, "https://shop.example/hooks")]
    listener = listeners.post_webhooks_listeners(space_id, WebhookListenerCreate(
        name="Test", entity=1472041829003, url=url.id, state="INACTIVE"), expand=["url", "group"])
    assert listener.url.name == "Webhook Test URL Listener"
    searched = listeners.get_webhooks_listeners_search(space_id, expand=["url", "group", "identity.nothing"],
                                                       limit=1, order="id:DESC", query="name:Test AND state:INACTIVE")
    assert [(item.id, item.url.url) for item in searched.data] == [(listener.id, "https://shop.example/hooks")]
    # Only what is malformed is refused: deeper than four levels, or no field name.
    for expand in ("url.a.b.c.d", "url..name", "url%20name", "url.na%24me"):
        answer = hook_http.get(f"/webhooks/listeners/search?expand={expand}", space=space_id)
        assert answer.status_code == 400 and answer.json()["code"] == "invalid_expand", (expand, answer.text)


def test_a_deleted_listener_stays_readable_and_delivers_nothing(hook_config, hook_http, space_id, receiver):
    from tests.payments.support import create_transaction
    from tests.webhooks.test_webhook_delivery import bodies, listen
    from wallee.service.transactions_service import TransactionsService

    listeners = WebhookListenersService(hook_config)
    doomed_path = listen(hook_config, space_id, receiver)
    kept_path = listen(hook_config, space_id, receiver)
    doomed = listeners.get_webhooks_listeners_search(space_id, order="id:ASC").data[0]
    answer = hook_http.delete(f"/webhooks/listeners/{doomed.id}", space=space_id)
    assert answer.status_code == 204 and answer.content == b""
    read = listeners.get_webhooks_listeners_id(doomed.id, space_id)
    assert (read.id, read.state.value, read.name, read.linked_space_id) == (doomed.id, "DELETED", "test", space_id)
    assert [item.id for item in listeners.get_webhooks_listeners_search(space_id, query="state:DELETED").data] == [
        doomed.id]
    # It accepts no change; deleting it again changes nothing.
    changed = hook_http.patch(f"/webhooks/listeners/{doomed.id}", space=space_id,
                              json={"version": read.version, "name": "revived"})
    assert changed.status_code == 422 and changed.json()["code"] == "object_deleted", changed.text
    assert hook_http.delete(f"/webhooks/listeners/{doomed.id}", space=space_id).status_code == 204
    assert listeners.get_webhooks_listeners_id(doomed.id, space_id).version == read.version

    created = create_transaction(TransactionsService(hook_config), space_id)
    assert [body["entityId"] for body in bodies(receiver.wait_for(kept_path, 1))] == [created.id]
    # The change that reached the kept listener made no delivery for the deleted one.
    deliveries = hook_http.get(f"/paystead/webhooks/deliveries?listener={doomed.id}", space=space_id)
    assert deliveries.status_code == 200 and deliveries.json()["data"] == []
    assert receiver.at(doomed_path) == []
