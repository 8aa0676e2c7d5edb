"""Return URLs in a real browser: Chromium is driven at each hostile form of a payment link's
``successUrl`` and never reaches the attacker's host; an accepted form, kept as the browser
reads it, is where the browser lands after paying.

No traffic leaves this machine: Chromium resolves every ``*.example`` host to the test's
merchant server on 127.0.0.1 (so a redirect that escaped would visibly land there, on the
attacker's host name), and no other name at all; every request is recorded.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import quote

import pytest
from ada_url import URL
from wallee.models.line_item_create import LineItemCreate
from wallee.models.payment_link_create import PaymentLinkCreate
from wallee.service.payment_links_service import PaymentLinksService
from wallee.service.transactions_service import TransactionsService

from tests.browser.conftest import CHROMIUM_FLAGS, _chromium, shot
from tests.browser.test_hosted_payment import SUCCESS_CARD, fill_card


@pytest.fixture(scope="module")
def browser(merchant):
    """This module's Chromium: the conftest's, with names resolved only to this machine."""
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium on this machine (scripts/install-browser installs Debian's package)")
    from playwright.sync_api import sync_playwright

    local = f"127.0.0.1:{merchant.port}"
    rules = (f"MAP *.example {local}, MAP *.example. {local}, MAP example {local}, "
             "EXCLUDE localhost, EXCLUDE 127.0.0.1, MAP * ~NOTFOUND")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable,
                                              args=[*CHROMIUM_FLAGS, f"--host-resolver-rules={rules}"])
        yield launched
        launched.close()


@pytest.fixture()
def requested(page) -> list[str]:
    """Every URL the page requests, redirects included."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def shop_link(config, space_id) -> str:
    link = PaymentLinksService(config).post_payment_links(space_id, PaymentLinkCreate(
        external_id=f"redirect-{datetime.now(timezone.utc).timestamp()}", protection_mode="ACCESS_KEY",
        name="Poster", currency="CHF", language="en-US", allowed_redirection_domains=["shop.example"],
        line_items=[LineItemCreate(unique_id="poster", name="Poster", type="PRODUCT", quantity=1,
                                   amount_including_tax=25.0)]))
    return link.url


def start_from_the_link(page) -> int:
    """The buyer goes on from the link's page; returns the transaction it started."""
    page.get_by_role("button", name="Continue to payment").click()
    page.wait_for_url(re.compile(r"/payment/payment-page/\d+"))
    return int(re.search(r"/payment/payment-page/(\d+)", page.url).group(1))


def pay(page, how: str, *, transactions, space_id, transaction_id, merchant) -> None:
    """Pays on the payment page, or in the lightbox on a merchant's page (whose script sends the
    buyer on as the lightbox's result page says); returns once the browser has left."""
    if how == "lightbox":
        script = transactions.get_payment_transactions_id_lightbox_javascript_url(transaction_id, space_id)
        merchant.pages["/shop/checkout"] = f"""<!doctype html><html lang="en"><head><title>Checkout</title></head>
<body><main><h1>Checkout</h1><button type="button" id="pay">Pay at the shop</button></main>
<script src="{script}"></script>
<script>document.getElementById("pay").addEventListener("click", function () {{
  window.LightboxCheckoutHandler.startPayment(null, function () {{}}); }});</script></body></html>"""
        page.goto(f"{merchant.origin}/shop/checkout")
        page.get_by_role("button", name="Pay at the shop").click()
        frame = page.frame_locator("#paystead-lightbox iframe")
        fill_card(frame, SUCCESS_CARD)
        frame.get_by_role("button", name=re.compile("^Pay ")).click()
        page.wait_for_url(lambda url: "/shop/checkout" not in url)
    else:
        fill_card(page, SUCCESS_CARD)
        page.get_by_role("button", name=re.compile("^Pay ")).click()
        page.wait_for_url(lambda url: "/payment/payment-page/" not in url)


def _host(url: str) -> str:
    """The host as the browser reads the URL."""
    try:
        return URL(url).hostname
    except ValueError:
        return ""


@pytest.mark.parametrize("hostile", [
    "http://evil.example\\@shop.example/",          # the reproduction: browsers read the "\" as "/"
    "http://evil.example\\.shop.example/",
    "http://evil.example\\\\@shop.example/",
    "http://evil.example\t\\@shop.example/",
    "http://evil.example%5C@shop.example/",
    "http:\\\\evil.example\\.shop.example/",
    "//evil.example\\@shop.example/",
    "\\\\evil.example\\@shop.example/",
    "http://shop.example@evil.example/",
    "javascript:location='http://evil.example/'//shop.example/",
    "JaVaScRiPt:location='http://evil.example/'",
    "data:text/html,<script>location='http://evil.example/'</script>",
    " http://evil.example\\@shop.example/",
])
def test_a_hostile_success_url_is_refused_and_never_visited(page, server, config, admin, requested, merchant,
                                                             hostile):
    transactions = TransactionsService(config)
    link = shop_link(config, admin.space_id)
    page.goto(f"{link}&successUrl={quote(hostile, safe='')}")
    shot(page, "1-link-page")
    if page.get_by_role("button", name="Continue to payment").count():
        # The old code let such a link be used: go on and pay in the lightbox, as in the report
        # (a 303 from the payment page percent-encodes the backslash on the way).
        transaction_id = start_from_the_link(page)
        pay(page, "lightbox", transactions=transactions, space_id=admin.space_id, transaction_id=transaction_id,
            merchant=merchant)
        shot(page, "2-after-paying")
    visited = [url for url in requested if _host(url).rstrip(".").endswith("evil.example")]
    assert not visited and not _host(page.url).rstrip(".").endswith("evil.example"), (page.url, visited)
    assert page.get_by_role("heading", name="This payment link cannot be used").is_visible()
    assert "not allowed for this link" in page.get_by_role("alert").inner_text()
    assert {_host(url) for url in requested} == {_host(server.base_url)}


@pytest.mark.parametrize("how", ["lightbox", "payment page"])
def test_an_accepted_success_url_is_stored_normalised_and_is_where_the_browser_lands(
        page, server, config, admin, requested, merchant, how):
    transactions = TransactionsService(config)
    link = shop_link(config, admin.space_id)
    given = "HTTP://WWW.ＳＨＯＰ.Example.:80/thanks/../done?order=7#top"
    page.goto(f"{link}&successUrl={quote(given, safe='')}")
    transaction_id = start_from_the_link(page)
    pay(page, how, transactions=transactions, space_id=admin.space_id, transaction_id=transaction_id,
        merchant=merchant)
    page.locator("#path").wait_for()
    shot(page, "1-landed")
    stored = transactions.get_payment_transactions_id(transaction_id, admin.space_id)
    assert stored.state.value == "FULFILL"
    assert stored.success_url == "http://www.shop.example./done?order=7#top"
    # The browser is where the stored URL says (the merchant server answers for *.example).
    assert page.url == stored.success_url
    assert page.locator("#path").inner_text() == "/done"
