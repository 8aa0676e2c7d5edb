"""Issue 13, item 4: in production mode, ``http://01.1.1.1/x`` (also ``8.8.8.010``,
``1.1.1.01``) was accepted; the HTTP client refused it with an exception the sender did not
catch, so the whole round failed before recording: other tenants' messages were sent but never
recorded, and sent again every round, for ever. The receivers run on 127.0.0.1, so this server
allows private addresses (the leading-zero URLs are refused by the parser before any connection,
whatever the address rules)."""

from __future__ import annotations

import time

import pytest

from tests.conftest import BACKENDS, running_server
from tests.webhooks.conftest import Receiver
from tests.webhooks.isolation_support import (
    MAX_ATTEMPTS, Tenant, closed_port, production_env, release_all, settle, store_as_legacy)

LEADING_ZEROS = ["http://01.1.1.1/x", "http://8.8.8.010/x", "http://1.1.1.01/x"]


@pytest.fixture(scope="module", params=BACKENDS)
def private_production_server(request, tmp_path_factory):
    with running_server(request.param, tmp_path_factory, **production_env(allow_private_urls="true")) as server:
        yield server


def test_a_leading_zero_url_does_not_stall_other_tenants(private_production_server):
    server = private_production_server
    receiver = Receiver()
    try:
        attacker, shop, other_shop = Tenant(server), Tenant(server), Tenant(server)
        held: list[int] = []
        bad_listeners = []
        for url in LEADING_ZEROS:
            saved = attacker.save_url(url)
            if saved.status_code in (200, 201):
                url_id = saved.json()["id"]  # what the old version did
            else:
                assert saved.status_code == 422 and "url" in saved.json()["errors"], saved.text
                url_id = store_as_legacy(server, attacker, url, closed_port())
            held.append(url_id)
            bad_listeners.append(attacker.listen(url_id))
        healthy = []
        for tenant, path in ((shop, "/shop"), (other_shop, "/other-shop")):
            url_id = tenant.save_url(receiver.url(path)).json()["id"]
            held.append(url_id)
            healthy.append((tenant, tenant.listen(url_id), path))
        for tenant in (attacker, shop, other_shop):
            tenant.transaction()
        release_all(server, held)  # every delivery falls due in the same round

        for tenant, listener_id, _path in healthy:
            delivery = settle(tenant, listener_id, timeout=20)
            assert delivery["state"] == "DELIVERED" and delivery["attemptCount"] == 1, delivery
            assert [attempt["statusCode"] for attempt in delivery["attempts"]] == [200]
        for listener_id in bad_listeners:
            delivery = settle(attacker, listener_id)
            assert delivery["state"] == "FAILED" and delivery["attemptCount"] == MAX_ATTEMPTS, delivery
            assert all(attempt["statusCode"] is None and attempt["error"] for attempt in delivery["attempts"])
        time.sleep(1.5)  # a round that was not recorded would send them again by now
        for _, _, path in healthy:
            assert len(receiver.at(path)) == 1, receiver.at(path)
    finally:
        receiver.close()
