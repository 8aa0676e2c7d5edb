"""PAYSTEAD_PUBLIC_BASE_URL: every buyer-facing URL is built on it, whatever Host header a request
carries (a forged one must not choose where buyers are sent). Without it sandbox mode keeps
using the request's address; production mode refuses to start; a malformed value is refused."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from tests.conftest import BACKENDS, running_server, start_server
from tests.support.jwt_client import WalleeHttp

PUBLIC = "https://pay.example.test/paystead"
FORGED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
LINE = {"uniqueId": "a", "name": "A", "type": "PRODUCT", "quantity": 1, "amountIncludingTax": 10}
CARD_3DS = {"cardData": {"primaryAccountNumber": "4000000000003220", "expiryDate": "2031-12",
                         "cardVerificationCode": "123"}}


@pytest.fixture(scope="module", params=BACKENDS)
def public_server(request, tmp_path_factory):
    with running_server(request.param, tmp_path_factory, PAYSTEAD_PUBLIC_BASE_URL=PUBLIC + "/") as server:
        yield server


def _local(server, url: str) -> str:
    """A URL on the public base as this test reaches the server (a proxy would strip the path)."""
    assert url.startswith(PUBLIC + "/"), url
    return server.base_url + url[len(PUBLIC):]


def test_buyer_urls_are_on_the_public_base_whatever_the_host_header(public_server):
    server, admin = public_server, public_server.credentials
    http = WalleeHttp(server.base_url, admin.user_id, admin.key)
    space = admin.space_id
    created = http.post("/payment/transactions", space=space, json={"lineItems": [LINE]}, headers=FORGED)
    assert created.status_code == 201, created.text
    tx = created.json()["id"]
    urls = {}
    for operation in ("payment-page-url", "iframe-javascript-url", "lightbox-javascript-url",
                      "charge-flow/payment-page-url"):
        answer = http.get(f"/payment/transactions/{tx}/{operation}", space=space, headers=FORGED)
        assert answer.status_code == 200, answer.text
        urls[operation] = answer.json()
    credentials = http.get(f"/payment/transactions/{tx}/credentials", space=space, headers=FORGED).json()
    urls["mobile-sdk-url"] = http.get(f"/payment/transactions/by-credentials/{credentials}/mobile-sdk-url",
                                      headers=FORGED).json()
    link = http.post("/payment/links", space=space, headers=FORGED, json={
        "externalId": "public-base", "protectionMode": "NO_PROTECTION", "currency": "CHF", "lineItems": [LINE]})
    assert link.status_code == 201, link.text
    urls["link"] = link.json()["url"]
    for name, url in urls.items():
        assert url.startswith(PUBLIC + "/s/"), (name, url)

    # The embed script hands the frame the public origin and a form on the public base.
    script = httpx.get(_local(server, urls["iframe-javascript-url"]), headers=FORGED)
    assert script.status_code == 200
    config = json.loads(re.search(r"(\{\"origin\".*?\})\s*[,;)]", script.text).group(1))
    assert config["origin"] == "https://pay.example.test" and config["formUrl"].startswith(PUBLIC + "/s/")
    assert "evil.example" not in script.text

    # A buyer using the link is sent on to a payment page on the public base.
    used = httpx.post(_local(server, urls["link"]), headers=FORGED, follow_redirects=False)
    assert used.status_code == 303 and used.headers["location"].startswith(PUBLIC + "/s/"), used.headers

    # The 3-D Secure challenge URL.
    other = http.post("/payment/transactions", space=space, json={"lineItems": [LINE]}).json()["id"]
    challenge = http.post(f"/payment/transactions/{other}/process-card-details-threed", space=space,
                          json=CARD_3DS, headers=FORGED)
    assert challenge.status_code == 200 and challenge.json().startswith(PUBLIC + "/payment/3ds/"), challenge.text


def test_without_the_setting_sandbox_uses_the_request_address(server, admin):
    http = WalleeHttp(server.base_url, admin.user_id, admin.key)
    tx = http.post("/payment/transactions", space=admin.space_id, json={"lineItems": [LINE]}).json()["id"]
    url = http.get(f"/payment/transactions/{tx}/payment-page-url", space=admin.space_id).json()
    assert url.startswith(server.base_url + "/s/")


@pytest.mark.parametrize("env, message", [
    # (Empty: tests.support.servers gives production servers their own address unless told.)
    ({"PAYSTEAD_MODE": "production", "PAYSTEAD_MASTER_KEY": "A" * 43 + "=", "PAYSTEAD_PUBLIC_BASE_URL": ""},
     "PAYSTEAD_PUBLIC_BASE_URL"),
    ({"PAYSTEAD_PUBLIC_BASE_URL": "pay.example.test"}, "absolute http(s) URL"),
    ({"PAYSTEAD_PUBLIC_BASE_URL": "javascript://pay.example.test/"}, "absolute http(s) URL"),
    ({"PAYSTEAD_PUBLIC_BASE_URL": "https://evil.example\\@pay.example.test"}, "absolute http(s) URL"),
])
def test_the_server_refuses_to_start_without_a_usable_public_base(tmp_path_factory, env, message):
    server = start_server("sqlite", tmp_path_factory, **env)
    try:
        with pytest.raises(RuntimeError, match="server exited early"):
            server.start()
        assert message in server.log_text(), server.log_text()
    finally:
        server.stop()
