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


# --- each page in each language, on a desktop and on a phone -----------------------------------

DESKTOP = (1280, 900)
PHONE = (360, 740)


def in_view_and_uncovered(page, button) -> bool:
    """The button is on the screen as it first shows (nothing scrolled) and nothing lies on it;
    for a button inside a frame, the frame's own viewport counts too."""
    box = button.bounding_box()
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    on_screen = box is not None and box["x"] >= 0 and box["y"] >= 0 \
        and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
    return on_screen and button.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
        " return hit !== null && (hit === el || el.contains(hit)); }")


def favicon_loads(page) -> bool:
    return page.evaluate("""() => new Promise(done => {
        const icon = new Image(); icon.onload = () => done(icon.naturalWidth > 0); icon.onerror = () => done(false);
        icon.src = "/favicon.ico"; })""")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["de-CH", "fr-CH", "it-CH", "en-US"])
def test_the_shop_lightbox_embedded_form_and_pages_in_each_language_and_size(sized_page, server, transactions,
                                                                             admin, language, size):
    from decimal import Decimal

    from paystead.pages.i18n import Texts

    t = Texts(language)
    name = f"{language}-{'desktop' if size == DESKTOP else 'phone'}"
    page = sized_page(*size, language)
    favicons = []
    page.on("response", lambda response: favicons.append(response.status)
            if response.url.endswith("/favicon.ico") else None)
    pay_name = t("pay", amount=t.money(Decimal("18.50"), "CHF"))

    page.goto(f"{server.base_url}/demo?language={language}")
    assert page.locator("html").get_attribute("lang") == language
    assert favicon_loads(page)
    shot(page, f"1-shop-{name}")
    assert serious_violations(page) == []
    page.get_by_role("button", name=t("checkout")).click()
    page.wait_for_url(re.compile(r"/demo/checkout/"))
    shot(page, f"2-checkout-{name}")
    assert serious_violations(page) == []
    assert page.locator("button.pay:visible").count() == 1

    # The lightbox: its Pay button on the screen, the shop's behind it out of reach.
    page.get_by_role("button", name=pay_name).click()
    dialog = page.get_by_role("dialog", name=t("page_title"))
    dialog.wait_for()
    lightbox = page.frame_locator("#paystead-lightbox iframe")
    lightbox.locator("#cardNumber").wait_for()
    page.wait_for_function("document.querySelector('#paystead-lightbox iframe').offsetHeight > 200")
    lightbox_pay = lightbox.get_by_role("button", name=pay_name)
    assert in_view_and_uncovered(page, lightbox_pay), "the lightbox's Pay button is not on the screen"
    assert page.get_by_role("button", name=pay_name).count() == 0  # the shop's is inert behind the dialog
    assert page.get_by_role("button", name=t("close")).is_visible()
    shot(page, f"3-lightbox-{name}", full_page=False)
    assert serious_violations(page) == []
    # Errors: one list, next to the fields, in the frame; the shop repeats nothing.
    lightbox_pay.click()
    assert lightbox.locator("#cardNumber-error").inner_text() == t("required")
    assert lightbox.locator("#cardHolderName-error").inner_text() == ""  # optional
    assert page.locator("#demo-error").is_hidden()
    shot(page, f"4-lightbox-errors-{name}", full_page=False)
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")

    # The embedded form: the shop's own Pay button replaces the lightbox's, one at a time.
    page.get_by_role("button", name=t("demo_embedded")).click()
    embedded = page.frame_locator("#payment-frame iframe")
    embedded.locator("#cardNumber").wait_for()
    assert page.locator("button.pay:visible").count() == 1
    assert embedded.locator("button.pay").count() == 0
    shop_pay = page.get_by_role("button", name=pay_name)
    assert in_view_and_uncovered(page, shop_pay), "the embedded form's Pay button is not on the screen"
    shop_pay.click()
    embedded.locator("#cardNumber-error").filter(has_text=t("required")).wait_for()
    assert page.locator("#demo-error").is_hidden()
    shot(page, f"5-embedded-errors-{name}", full_page=False)
    assert serious_violations(page) == []

    # The payment page of the same transaction, then a decline there.
    transaction = re.search(r"/demo/checkout/(\d+)/(\d+)\?securityToken=([^&]+)", page.url)
    page.goto(f"{server.base_url}/s/{transaction[1]}/payment/payment-page/{transaction[2]}"
              f"?securityToken={transaction[3]}")
    pay = page.get_by_role("button", name=pay_name)
    assert in_view_and_uncovered(page, pay), "the payment page's Pay button is not on the screen"
    shot(page, f"6-payment-page-{name}", full_page=False)
    assert serious_violations(page) == []
    page.get_by_label(t("card_holder"), exact=True).fill("Ada Lovelace")
    page.get_by_label(t("card_number"), exact=True).fill("4000 0000 0000 0002")
    page.get_by_label(t("expiry"), exact=True).fill("12/31")
    page.get_by_label(t("cvc"), exact=True).fill("123")
    pay.click()
    page.locator("#payment-form[data-declined=true]").wait_for()
    assert page.locator("#alert").inner_text() == t("declined", reason=t("reason_DECLINED"))
    assert page.get_by_label(t("card_holder"), exact=True).input_value() == "Ada Lovelace"
    assert page.get_by_label(t("expiry"), exact=True).input_value() == "12/31"
    assert page.get_by_label(t("card_number"), exact=True).input_value() == ""
    assert page.get_by_label(t("cvc"), exact=True).input_value() == ""
    assert in_view_and_uncovered(page, pay)
    shot(page, f"7-declined-{name}", full_page=False)
    assert serious_violations(page) == []
    page.get_by_label(t("card_number"), exact=True).fill("4111 1111 1111 1111")
    page.get_by_label(t("cvc"), exact=True).fill("123")
    pay.click()
    page.wait_for_url(re.compile(r"/demo/order/"))
    assert page.get_by_role("heading", name=t("success_title")).is_visible()
    assert page.locator("#transaction-state").get_attribute("data-state") == "FULFILL"
    assert page.locator("#transaction-state").inner_text() == t.state("FULFILL")
    shot(page, f"8-order-{name}")
    assert serious_violations(page) == []

    # Paystead's own result page (a transaction without a success URL).
    paid = create_transaction(transactions, admin.space_id, product("a", "18.50"), language=language)
    transactions.post_payment_transactions_id_process_card_details_threed(paid.id, admin.space_id,
                                                                         tokenized_card("4111111111111111"))
    page.goto(transactions.get_payment_transactions_id_payment_page_url(paid.id, admin.space_id))
    assert page.get_by_role("heading", name=t("success_title")).is_visible()
    assert page.locator("#transaction-state").inner_text() == t.state("FULFILL")
    assert "FULFILL" not in page.locator("main").inner_text()
    shot(page, f"9-result-{name}")
    assert serious_violations(page) == []
    assert all(status == 200 for status in favicons), favicons
