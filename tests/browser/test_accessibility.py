"""axe-core, run inside each buyer page: no serious or critical violations (labels, contrast,
names, landmarks, language), on a desktop and on a phone-sized screen, in every language."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from wallee.models.payment_link_create import PaymentLinkCreate
from wallee.service.payment_links_service import PaymentLinksService
from wallee.service.transactions_service import TransactionsService

from tests.browser.conftest import shot
from tests.payments.support import create_transaction, product, tokenized_card

SERIOUS = ("serious", "critical")


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']]}"
            for violation in results.response["violations"] if violation["impact"] in SERIOUS]


@pytest.fixture()
def transactions(config) -> TransactionsService:
    return TransactionsService(config)


@pytest.mark.parametrize("language", ["en-US", "de-CH", "fr-CH", "it-CH"])
def test_payment_page_in_each_language_and_on_a_phone(page, transactions, admin, language):
    created = create_transaction(transactions, admin.space_id, product("a", "12.50"), language=language)
    url = transactions.get_payment_transactions_id_payment_page_url(created.id, admin.space_id)
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == language
    assert serious_violations(page) == []
    # With the errors the page shows after a submit of empty fields.
    page.locator("button.pay").click()
    assert page.locator("#cardNumber[aria-invalid=true]").count() == 1
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 360, "height": 740})
    shot(page, f"payment-page-{language}-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []


def test_keyboard_alone_can_pay(page, transactions, admin):
    """Tab through the fields, type, press Enter: no mouse needed, and focus is always visible."""
    created = create_transaction(transactions, admin.space_id, success_url="http://127.0.0.1:9/ok")
    page.goto(transactions.get_payment_transactions_id_payment_page_url(created.id, admin.space_id))
    page.locator("input[name=paymentMethodConfigurationId]").first.focus()
    typed = {"cardHolderName": "Ada Lovelace", "cardNumber": "4111111111111111", "expiry": "12/31", "cvc": "123"}
    while page.evaluate("document.activeElement.id") != "cardHolderName":
        page.keyboard.press("Tab")
    for field, text in typed.items():
        assert page.evaluate("document.activeElement.id") == field
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert page.evaluate("document.activeElement.className") == "pay" and outline != "none"
    with page.expect_request(re.compile(r"127\.0\.0\.1:9/ok")):
        page.keyboard.press("Enter")
    assert transactions.get_payment_transactions_id(created.id, admin.space_id).state.value == "FULFILL"


def test_other_buyer_pages(page, server, transactions, admin, config):
    pages = {}
    waiting = create_transaction(transactions, admin.space_id)
    pages["challenge"] = transactions.post_payment_transactions_id_process_card_details_threed(
        waiting.id, admin.space_id, tokenized_card("4000000000003220"))
    paid = create_transaction(transactions, admin.space_id)
    transactions.post_payment_transactions_id_process_card_details_threed(paid.id, admin.space_id,
                                                                         tokenized_card("4111111111111111"))
    pages["result"] = transactions.get_payment_transactions_id_payment_page_url(paid.id, admin.space_id)
    link = PaymentLinksService(config).post_payment_links(admin.space_id, PaymentLinkCreate(
        external_id="a11y-link", protection_mode="NO_PROTECTION", name="Donation",
        billing_address_handling_mode="REQUIRED_ON_PAYMENT_PAGE"))
    pages["link"] = link.url + "?currency=CHF&amount=25"
    pages["demo"] = f"{server.base_url}/demo"
    pages["not-found"] = f"{server.base_url}/s/{admin.space_id}/payment/payment-page/1?securityToken=wrong"
    for name, url in pages.items():
        page.goto(url)
        shot(page, name)
        assert serious_violations(page) == [], name


def test_the_lightbox_is_a_modal_dialog(page, server):
    page.goto(f"{server.base_url}/demo")
    page.get_by_role("button", name="Checkout").click()
    page.locator("#pay-lightbox").click()
    dialog = page.get_by_role("dialog", name="Payment")
    dialog.wait_for()
    assert dialog.get_attribute("aria-modal") == "true"
    page.frame_locator("#paystead-lightbox iframe").get_by_label("Card number", exact=True).wait_for()
    # Focus is in the dialog, and Tab cannot leave it.
    assert page.evaluate("document.getElementById('paystead-lightbox').contains(document.activeElement)")
    page.locator("#paystead-lightbox button").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.getElementById('paystead-lightbox').contains(document.activeElement)")
    shot(page, "lightbox-open")
    assert serious_violations(page) == []
    # Escape closes it wherever the focus is, typing in the form included.
    page.frame_locator("#paystead-lightbox iframe").get_by_label("Card number", exact=True).focus()
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "pay-lightbox"
    page.locator("#pay-lightbox").click()
    dialog.wait_for()
    page.locator("#paystead-lightbox button").focus()
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
