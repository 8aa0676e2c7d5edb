"""Delivery isolation (issue 13): malformed and hostile webhook URLs, and receivers that answer
badly, in ONE round beside healthy listeners of other tenants. The healthy ones are delivered
exactly once and recorded; each bad one is refused when saved (422 naming ``url``) and, stored as
an older version accepted it, recorded as failed attempts until FAILED.

Production mode, private addresses refused except loopback (``allowed_networks``), so that the
healthy receivers on this machine work while every other private, NAT64, IPv4-mapped... address
is refused before any connection. Nothing here connects anywhere but 127.0.0.1 / ::1; names
that must not resolve are under ``.invalid``, which never reaches DNS."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import BACKENDS, running_server
from tests.webhooks.conftest import Receiver
from tests.webhooks.isolation_support import (
    MAX_ATTEMPTS, BadEndpoint, Tenant, closed_port, production_env, release_all, settle, store_as_legacy)

SECRET = "hunter2"


def refused_at_save(port: int) -> list[str]:
    """URLs no parser may read two ways, or that point where production mode may not send."""
    return [
        "http://01.1.1.1/x", "http://8.8.8.010/x", "http://1.1.1.01/x",
        f"http://0177.0.0.1:{port}/octal", f"http://0x7f.0.0.1:{port}/hex", f"http://0x7f.1:{port}/",
        f"http://2130706433:{port}/", f"http://0x7f000001:{port}/", f"http://127.1:{port}/",
        f"http://127.0.0.1.:{port}/",
        f"http://[::ffff:127.0.0.1]:{port}/", f"http://[64:ff9b::7f00:1]:{port}/", f"http://[64:ff9b:1::a00:1]:{port}/",
        f"http://[::ffff:0:7f00:1]:{port}/", f"http://[2002:7f00:1::]:{port}/", f"http://[::127.0.0.1]:{port}/",
        f"http://[fe80::1%25lo]:{port}/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
        "http://[fc00::1]/", "http://0.0.0.0/",
        f"http://127.0.0.1:{port}\\@evil.invalid/", f"http://evil.invalid\\@127.0.0.1:{port}/",
        f"http://127.0.0.1:{port}/a b", f" http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/\t",
        f"http://127.0.0.1:{port}/\u00a0", f"http://127.0.0.1:{port}/\x01", f"http://127.0.0.1:{port}/\u200b",
        f"http://user:{SECRET}@127.0.0.1:{port}/", f"http://:{SECRET}@127.0.0.1:{port}/",
        "http://127.0.0.1:0/", "http://127.0.0.1:99999/", f"http://127%2e0.0.1:{port}/",
        "http://①②⑦.0.0.1/", "http://" + "a" * 64 + ".invalid/", "http://" + "a." * 130 + "invalid/",
        "http:///nohost", "http://", "ftp://127.0.0.1/", "javascript:alert(1)", "file:///etc/passwd",
        f"http://127.0.0.1:{port}/" + "x" * 600,
    ]


@pytest.fixture(scope="module", params=BACKENDS)
def production_server(request, tmp_path_factory):
    env = production_env(allowed_networks='["127.0.0.0/8", "::1/128"]')
    with running_server(request.param, tmp_path_factory, **env) as server:
        yield server


def test_hostile_urls_in_one_round_never_reach_other_tenants(production_server):
    server = production_server
    port = closed_port()
    receiver = Receiver()
    garbage, silent, nul = BadEndpoint("garbage"), BadEndpoint("silent"), BadEndpoint("nul")
    try:
        attacker, careless = Tenant(server), Tenant(server)
        held: list[int] = []
        bad: list[tuple[Tenant, int, str]] = []

        for url in refused_at_save(port):
            answer = attacker.save_url(url)
            assert answer.status_code == 422 and "url" in answer.json()["errors"], (url, answer.text)
            assert SECRET not in answer.text
            if len(url) <= 500:  # what the column holds: stored by an older version
                url_id = store_as_legacy(server, attacker, url, port)
                held.append(url_id)
                bad.append((attacker, attacker.listen(url_id), url))

        failing_at_send = ["http://no-such-host.invalid/hook", "http://bücher.invalid/hook",
                           f"http://127.0.0.1:{port}/closed", f"http://localhost:{port}/closed",
                           garbage.url("/garbage"), silent.url("/silent")]
        for url in failing_at_send:
            answer = careless.save_url(url)
            assert answer.status_code in (200, 201), (url, answer.text)
            held.append(answer.json()["id"])
            bad.append((careless, careless.listen(answer.json()["id"]), url))

        healthy: list[tuple[Tenant, int, str]] = []
        for path, url in (("/shop", receiver.url("/shop")),
                          ("/shop-by-name", f"http://localhost:{receiver.port}/shop-by-name"),
                          ("/nul", nul.url("/nul"))):
            tenant = Tenant(server)
            answer = tenant.save_url(url)
            assert answer.status_code in (200, 201), answer.text
            held.append(answer.json()["id"])
            healthy.append((tenant, tenant.listen(answer.json()["id"]), path))

        for tenant in {id(t): t for t, _, _ in bad + healthy}.values():
            tenant.transaction()
        release_all(server, held)  # one round: every delivery above falls due together

        for tenant, listener_id, path in healthy:
            delivery = settle(tenant, listener_id, timeout=20)
            assert delivery["state"] == "DELIVERED" and delivery["attemptCount"] == 1, (path, delivery)
            assert [attempt["statusCode"] for attempt in delivery["attempts"]] == [200]
        nul_attempt = settle(*healthy[2][:2])["attempts"][0]
        assert nul_attempt["responseExcerpt"].startswith("ok") and "\x00" not in nul_attempt["responseExcerpt"]

        for tenant, listener_id, url in bad:
            delivery = settle(tenant, listener_id)
            assert delivery["state"] == "FAILED" and delivery["attemptCount"] == MAX_ATTEMPTS, (url, delivery)
            attempts = delivery["attempts"]
            assert len(attempts) == MAX_ATTEMPTS and all(a["statusCode"] is None and a["error"] for a in attempts)
            assert SECRET not in json.dumps(delivery), delivery
        refused = {url: settle(tenant, listener_id)["attempts"][0]["error"] for tenant, listener_id, url in bad}
        assert refused["http://01.1.1.1/x"].startswith("refused:")
        assert refused[f"http://[64:ff9b::7f00:1]:{port}/"].startswith("refused:")
        assert refused["http://no-such-host.invalid/hook"] == "refused: the host does not resolve"
        assert garbage.accepted >= 1 and silent.accepted >= 1

        time.sleep(1.5)  # an unrecorded round would have sent them again by now
        assert len(receiver.at("/shop")) == 1 and len(receiver.at("/shop-by-name")) == 1
        assert SECRET not in server.log_text()
    finally:
        receiver.close()
        for endpoint in (garbage, silent, nul):
            endpoint.close()
