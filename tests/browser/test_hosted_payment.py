"""A buyer's payments in a real browser: the demo shop's lightbox, 3-D Secure, a declined card
and a retry, the iframe form inside a merchant page on another origin, and a payment link."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from wallee.models.line_item_create import LineItemCreate
from wallee.models.payment_link_create import PaymentLinkCreate
from wallee.models.tax_create import TaxCreate
from wallee.service.charge_attempts_service import ChargeAttemptsService
from wallee.service.payment_links_service import PaymentLinksService
from wallee.service.transactions_service import TransactionsService

from tests.browser.conftest import shot
from tests.payments.support import create_transaction, product

SUCCESS_CARD = "4111111111111111"
DECLINED_CARD = "4000000000000002"
THREE_D_SECURE_CARD = "4000000000003220"


@pytest.fixture()
def transactions(config) -> TransactionsService:
    return TransactionsService(config)


def fill_card(frame, number: str, *, holder="Ada Lovelace", expiry="12/31", cvc="123",
              labels=("Name on card", "Card number", "Expiry date", "Security code (CVC)")) -> None:
    for label, value in zip(labels, (holder, number, expiry, cvc)):
        frame.get_by_label(label, exact=True).fill(value)


def demo_checkout(page, server) -> int:
    """Opens the demo shop and checks out its default cart; returns the transaction id."""
    page.goto(f"{server.base_url}/demo")
    shot(page, "1-shop")
    page.get_by_role("button", name="Checkout").click()
    page.wait_for_url(re.compile(r"/demo/checkout/\d+/\d+"))
    return int(re.search(r"/demo/checkout/\d+/(\d+)", page.url).group(1))


def test_demo_shop_lightbox_pays_and_the_transaction_is_fulfilled(page, server, transactions, admin):
    transaction_id = demo_checkout(page, server)
    page.get_by_role("button", name=re.compile("^Pay ")).first.click()
    lightbox = page.frame_locator("#paystead-lightbox iframe")
    assert page.get_by_role("dialog").is_visible()
    fill_card(lightbox, SUCCESS_CARD)
    # The fields say what they hold, for browsers and password managers.
    for name, autocomplete in (("cardHolderName", "cc-name"), ("cardNumber", "cc-number"), ("expiry", "cc-exp"),
                               ("cvc", "cc-csc")):
        assert lightbox.locator(f"#{name}").get_attribute("autocomplete") == autocomplete
    shot(page, "2-lightbox-filled")
    lightbox.get_by_role("button", name=re.compile("^Pay ")).click()
    page.wait_for_url(re.compile(r"/demo/order/"))
    shot(page, "3-order-page")
    # The state in words; the raw state stays readable for scripts.
    assert page.locator("#transaction-state").inner_text() == "Paid"
    assert page.locator("#transaction-state").get_attribute("data-state") == "FULFILL"
    assert transactions.get_payment_transactions_id(transaction_id, admin.space_id).state.value == "FULFILL"


def test_three_d_secure_card_shows_the_challenge_and_approved_completes(page, server, transactions, admin):
    transaction_id = demo_checkout(page, server)
    page.get_by_role("button", name=re.compile("^Pay ")).first.click()
    lightbox = page.frame_locator("#paystead-lightbox iframe")
    fill_card(lightbox, THREE_D_SECURE_CARD, holder="")  # the name on the card is optional
    lightbox.get_by_role("button", name=re.compile("^Pay ")).click()
    challenge = lightbox.get_by_role("heading", name="3-D Secure verification")
    challenge.wait_for()
    assert transactions.get_payment_transactions_id(transaction_id, admin.space_id).state.value == "PROCESSING"
    shot(page, "2-challenge")
    lightbox.get_by_role("button", name="Approve").click()
    page.wait_for_url(re.compile(r"/demo/order/"))
    shot(page, "3-order-page")
    assert transactions.get_payment_transactions_id(transaction_id, admin.space_id).state.value == "FULFILL"


def test_declined_card_shows_the_error_and_a_retry_with_a_good_card_pays(page, merchant, transactions, admin, config):
    created = create_transaction(transactions, admin.space_id, product("lamp", "49.90"),
                                 success_url=f"{merchant.origin}/shop/success",
                                 failed_url=f"{merchant.origin}/shop/failed")
    page.goto(transactions.get_payment_transactions_id_payment_page_url(created.id, admin.space_id))
    shot(page, "1-payment-page")
    fill_card(page, DECLINED_CARD)
    page.get_by_role("button", name=re.compile("^Pay ")).click()
    alert = page.get_by_role("alert").filter(has_text="did not go through")
    alert.wait_for()
    assert "declined" in alert.inner_text()
    shot(page, "2-declined")
    # The try failed; the transaction waits for another.
    assert transactions.get_payment_transactions_id(created.id, admin.space_id).state.value == "PROCESSING"
    # The page never shows the card number back; what else the buyer typed is still there.
    assert DECLINED_CARD not in page.content() and page.locator("#cardNumber").input_value() == ""
    assert page.locator("#cvc").input_value() == ""
    assert page.get_by_label("Name on card", exact=True).input_value() == "Ada Lovelace"
    assert page.get_by_label("Expiry date", exact=True).input_value() == "12/31"
    # Kept for the retry only: nothing is left in the tab's storage, the card number never was.
    assert page.evaluate("JSON.stringify(sessionStorage)") == "{}"

    fill_card(page, SUCCESS_CARD)
    page.get_by_role("button", name=re.compile("^Pay ")).click()
    page.wait_for_url(f"{merchant.origin}/shop/success")
    shot(page, "3-merchant-success-page")
    assert transactions.get_payment_transactions_id(created.id, admin.space_id).state.value == "FULFILL"
    attempts = ChargeAttemptsService(config).get_payment_charge_attempts_search(
        admin.space_id, query=f"linkedTransaction:{created.id}", order="id:ASC")
    assert [attempt.state.value for attempt in attempts.data] == ["FAILED", "SUCCESSFUL"]


def test_browser_validation_catches_bad_card_data_before_sending(page, transactions, admin):
    created = create_transaction(transactions, admin.space_id)
    page.goto(transactions.get_payment_transactions_id_payment_page_url(created.id, admin.space_id))
    fill_card(page, "4111111111111112", expiry="01/20", cvc="12")
    page.get_by_role("button", name=re.compile("^Pay ")).click()
    assert page.locator("#cardNumber-error").inner_text() == "This is not a valid card number."
    assert page.locator("#expiry-error").inner_text() == "This card has expired."
    assert page.locator("#cvc-error").inner_text() == "Enter the 3-digit security code."
    assert page.evaluate("document.activeElement.id") == "cardNumber"
    shot(page, "1-errors")
    # Nothing reached the server: no try was made.
    assert transactions.get_payment_transactions_id(created.id, admin.space_id).state.value == "PENDING"
    # American Express takes four digits.
    fill_card(page, "378282246310005", cvc="123")
    page.get_by_role("button", name=re.compile("^Pay ")).click()
    assert page.locator("#cvc-error").inner_text() == "Enter the 4-digit security code."


def test_iframe_form_inside_a_merchant_page_on_another_origin(page, merchant, transactions, admin):
    created = create_transaction(transactions, admin.space_id, product("chair", "120.00"),
                                 success_url=f"{merchant.origin}/shop/thanks",
                                 failed_url=f"{merchant.origin}/shop/failed")
    script = transactions.get_payment_transactions_id_iframe_javascript_url(created.id, admin.space_id)
    merchant.pages["/shop/checkout"] = f"""<!doctype html><html lang="en"><head><title>Checkout</title></head>
<body><main><h1>Checkout at the shop</h1>
<div id="payment-form"></div>
<p id="validation" role="status"></p>
<button type="button" id="pay">Pay at the shop</button></main>
<script src="{script}"></script>
<script>
  var handler = window.IframeCheckoutHandler(null);
  handler.setValidationCallback(function (result) {{
    document.getElementById("validation").textContent = result.success ? "valid" : result.errors.join(" | ");
  }});
  handler.setInitializeCallback(function () {{ document.body.setAttribute("data-initialized", "yes"); }});
  handler.create("payment-form");
  document.getElementById("pay").addEventListener("click", function () {{ handler.submit(); }});
</script></body></html>"""
    page.goto(f"{merchant.origin}/shop/checkout")
    page.locator("body[data-initialized=yes]").wait_for()
    form = page.frame_locator("#payment-form iframe")
    page.get_by_role("button", name="Pay at the shop").click()
    page.locator("#validation").filter(has_text="required").wait_for()
    shot(page, "1-merchant-page-validation")
    fill_card(form, SUCCESS_CARD)
    shot(page, "2-merchant-page-filled")
    # As a buyer would: scroll to the shop's button (below the form), then click it.
    page.get_by_role("button", name="Pay at the shop").scroll_into_view_if_needed()
    page.get_by_role("button", name="Pay at the shop").click()
    page.wait_for_url(f"{merchant.origin}/shop/thanks")
    shot(page, "3-merchant-thanks")
    assert transactions.get_payment_transactions_id(created.id, admin.space_id).state.value == "FULFILL"


def test_payment_link_is_paid_end_to_end_and_refuses_past_its_limit(page, config, transactions, admin):
    links = PaymentLinksService(config)
    link = links.post_payment_links(admin.space_id, PaymentLinkCreate(
        external_id=f"link-{datetime.now(timezone.utc).timestamp()}", protection_mode="ACCESS_KEY",
        name="Konzertticket", currency="CHF", language="de-CH", maximal_number_of_transactions=1,
        available_until=datetime.now(timezone.utc) + timedelta(days=1),
        line_items=[LineItemCreate(unique_id="ticket", name="Konzertticket", type="PRODUCT", quantity=2,
                                   amount_including_tax=90.0, taxes=[TaxCreate(title="MWST", rate=8.1)])]))
    page.goto(link.url)
    shot(page, "1-link-page")
    assert page.get_by_role("heading", name="Konzertticket").is_visible()
    page.get_by_role("button", name="Weiter zur Zahlung").click()
    page.wait_for_url(re.compile(r"/payment/payment-page/\d+"))
    shot(page, "2-payment-page-de-CH")
    fill_card(page, SUCCESS_CARD, labels=("Name auf der Karte", "Kartennummer", "Ablaufdatum", "Prüfnummer (CVC)"))
    page.get_by_role("button", name=re.compile("bezahlen$")).click()
    page.get_by_role("heading", name="Zahlung erfolgreich").wait_for()
    shot(page, "3-result")
    transaction_id = int(re.search(r"/result/(\d+)", page.url).group(1))
    paid = transactions.get_payment_transactions_id(transaction_id, admin.space_id)
    assert paid.state.value == "FULFILL" and paid.authorization_amount == 90 and paid.language == "de-CH"

    # The link allowed one transaction: it is used up.
    page.goto(link.url)
    page.get_by_role("heading", name="Dieser Zahlungslink ist nicht nutzbar").wait_for()
    assert "maximale Anzahl" in page.get_by_role("alert").inner_text()
    shot(page, "4-link-used-up")
