"""Every HTML page the server sends carries the security headers: a Content-Security-Policy that
allows only this server (with frame-ancestors), X-Content-Type-Options, Referrer-Policy and, for
pages that may not be framed by others, X-Frame-Options. The test reaches every GET route of the
application that is not a JSON API operation, and checks that it did (none is forgotten)."""

from __future__ import annotations

import re

import httpx
import pytest

from paystead.app import create_app
from paystead.contract import BASE_PATH
from paystead.settings import load_settings
from tests.support.jwt_client import WalleeHttp

LINE = {"uniqueId": "a", "name": "A", "type": "PRODUCT", "quantity": 1, "amountIncludingTax": 10}
CARD_3DS = {"cardData": {"primaryAccountNumber": "4000000000003220", "expiryDate": "2031-12",
                         "cardVerificationCode": "123"}}
# GET routes that answer JSON (or are the page's scripts and assets, checked for nosniff).
NOT_HTML = {"/health", f"{BASE_PATH}/openapi.json", f"{BASE_PATH}/docs/openapi-3.0.json",
            f"{BASE_PATH}/docs/swagger-init.js", "/s/{space_id}/payment/iframe.js/{transaction_id}",
            "/s/{space_id}/payment/lightbox.js/{transaction_id}"}


def _page_routes() -> set[str]:
    """The application's GET routes outside the API operations (which answer JSON)."""
    app = create_app(load_settings(embedded_worker=False))
    routes = set()
    for route in app.routes:
        path = getattr(route, "path", "")
        if path.startswith(BASE_PATH) and not path.startswith(f"{BASE_PATH}/docs") \
                and path != f"{BASE_PATH}/openapi.json":
            continue
        if "GET" in (getattr(route, "methods", None) or {"GET"}):
            routes.add(path)
    return routes - NOT_HTML


def _pages(server, admin) -> dict[str, str]:
    """A URL for every page route (by its route template)."""
    http = WalleeHttp(server.base_url, admin.user_id, admin.key)
    space = admin.space_id
    tx = http.post("/payment/transactions", space=space, json={"lineItems": [LINE]}).json()["id"]
    payment_page = http.get(f"/payment/transactions/{tx}/payment-page-url", space=space).json()
    pages = {f"/s/{{space_id}}/payment/{name}/{{transaction_id}}": payment_page.replace("/payment-page/", f"/{name}/")
             for name in ("payment-page", "form", "mobile-sdk", "charge-flow", "result")}
    other = http.post("/payment/transactions", space=space, json={"lineItems": [LINE]}).json()["id"]
    pages["/payment/3ds/{space_id}/{attempt_id}"] = http.post(
        f"/payment/transactions/{other}/process-card-details-threed", space=space, json=CARD_3DS).json()
    link = http.post("/payment/links", space=space, json={"externalId": "headers", "protectionMode": "NO_PROTECTION",
                                                          "currency": "CHF", "lineItems": [LINE]}).json()
    pages["/s/{space_id}/payment/link/{link_id}"] = link["url"]
    shop = httpx.get(f"{server.base_url}/demo")
    pages["/demo"] = f"{server.base_url}/demo"
    product = re.search(r'name="(quantity\.[^"]+)"', shop.text).group(1)
    checkout = httpx.post(f"{server.base_url}/demo/checkout", data={product: "1"}, follow_redirects=False)
    checkout_url = server.base_url + checkout.headers["location"]
    pages["/demo/checkout/{space_id}/{transaction_id}"] = checkout_url
    pages["/demo/order/{space_id}/{transaction_id}"] = checkout_url.replace("/demo/checkout/", "/demo/order/")
    pages[f"{BASE_PATH}/docs"] = f"{server.api_url}/docs"
    # The Swagger UI package's own HTML files, served with its assets.
    pages[f"{BASE_PATH}/docs/assets"] = f"{server.api_url}/docs/assets/oauth2-redirect.html"
    pages[f"{BASE_PATH}/docs/assets#index"] = f"{server.api_url}/docs/assets/index.html"
    pages["/assets"] = None  # the buyer pages' scripts and styles: no HTML there
    pages["/favicon.ico"] = None  # an icon, not HTML (marked nosniff like every answer)
    return pages


def _assert_protected(url: str, response: httpx.Response) -> None:
    headers = response.headers
    assert headers["content-type"].startswith("text/html"), (url, headers)
    policy = headers.get("content-security-policy", "")
    for directive in ("default-src 'none'", "script-src 'self'", "base-uri 'none'", "frame-ancestors"):
        assert directive in policy, (url, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (url, policy)
    assert headers.get("x-content-type-options") == "nosniff", url
    assert headers.get("referrer-policy") == "no-referrer", url
    if "frame-ancestors 'self'" in policy:
        assert headers.get("x-frame-options") == "SAMEORIGIN", url
    else:
        assert "frame-ancestors *" in policy and "x-frame-options" not in headers, (url, policy)


def test_every_html_page_carries_the_security_headers(server, admin):
    pages = _pages(server, admin)
    assert set(pages) >= _page_routes(), f"page routes the test does not reach: {_page_routes() - set(pages)}"
    for route, url in pages.items():
        if url is None:
            continue
        response = httpx.get(url, follow_redirects=True)  # (charge-flow goes on to the payment page)
        assert response.status_code == 200, (route, url, response.status_code)
        _assert_protected(url, response)
    # Error pages are pages too.
    missing = pages["/s/{space_id}/payment/link/{link_id}"].replace("/link/", "/link/9") + "9"
    _assert_protected(missing, httpx.get(missing))


def test_the_docs_page_runs_no_inline_script(server):
    page = httpx.get(f"{server.api_url}/docs").text
    for script in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S):
        attributes, body = script
        assert "src=" in attributes or 'type="application/json"' in attributes, script
    assert httpx.get(f"{server.api_url}/docs/swagger-init.js").headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/health", f"{BASE_PATH}/openapi.json"])
def test_other_answers_are_marked_nosniff(server, path):
    assert httpx.get(server.base_url + path).headers["x-content-type-options"] == "nosniff"
