"""The hosted pages over plain HTTP: localisation, what the page sends and never sends, the
server's own checks of card data, retries after a decline, other methods, the embed scripts."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from wallee.service.charge_attempts_service import ChargeAttemptsService

from tests.payments.support import create_transaction

SUCCESS_CARD = "4111111111111111"



def page_url(transactions, space_id, transaction_id) -> str:
    return transactions.get_payment_transactions_id_payment_page_url(transaction_id, space_id)


def read_form(url: str) -> tuple[str, dict]:
    """The payment page's form as a browser sees it: where it posts and its card method."""
    page = httpx.get(url)
    assert page.status_code == 200, page.text
    action = re.search(r'<form id="payment-form" method="post" action="([^"]+)"', page.text).group(1)
    method = re.search(r'name="paymentMethodConfigurationId" value="(\d+)" data-kind="card"', page.text).group(1)
    token = parse_qs(urlsplit(url).query)["securityToken"][0]
    base = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    return base + action.replace("&amp;", "&"), {"securityToken": token, "mode": "page",
                                                 "paymentMethodConfigurationId": method}


def pay_form(url: str, form: tuple[str, dict] | None = None, **fields) -> httpx.Response:
    """Submits the payment page's form as a browser would."""
    action, hidden = form or read_form(url)
    data = {**hidden, "cardHolderName": "Ada Lovelace", "cardNumber": SUCCESS_CARD, "expiry": "12/31", "cvc": "123",
            **fields}
    return httpx.post(action, data={k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize("language, words", [
    ("en-US", ["Your order", "Card number", "Pay CHF"]),
    ("de-CH", ["Ihre Bestellung", "Kartennummer", "bezahlen", "Kredit- / Debitkarte", "Rechnung"]),
    ("fr-CH", ["Votre commande", "Numéro de carte", "Payer", "Facture"]),
    ("it-CH", ["Il suo ordine", "Numero della carta", "Paga", "Fattura"]),
    ("de", ["Ihre Bestellung"]),  # any German tag gets the Swiss German page
])
def test_the_page_speaks_the_transactions_language(transactions, space_id, language, words):
    created = create_transaction(transactions, space_id, language=language)
    page = httpx.get(page_url(transactions, space_id, created.id))
    assert page.status_code == 200
    for word in words:
        assert word in page.text, word
    assert f'<html lang="{language if "-" in language else "de-CH"}">' in page.text


def test_the_page_is_self_contained_and_fields_say_what_they_hold(transactions, space_id):
    created = create_transaction(transactions, space_id)
    page = httpx.get(page_url(transactions, space_id, created.id))
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert page.headers["referrer-policy"] == "no-referrer" and page.headers["cache-control"] == "no-store"
    # Nothing is loaded from another server.
    assert not re.search(r'(src|href)="(https?:)?//', page.text)
    for name, autocomplete in (("cardHolderName", "cc-name"), ("cardNumber", "cc-number"), ("expiry", "cc-exp"),
                               ("cvc", "cc-csc")):
        assert re.search(rf'id="{name}" name="{name}" type="text" autocomplete="{autocomplete}"', page.text), name
        assert f'<label for="{name}">' in page.text
    for asset in re.findall(r'(?:src|href)="(/assets/[^"]+)"', page.text):
        assert httpx.get(str(page.url.copy_with(path=asset, query=None))).status_code == 200


@pytest.mark.parametrize("fields, field, message", [
    ({"cardNumber": "4111111111111112"}, "cardNumber", "This is not a valid card number."),
    ({"cardNumber": ""}, "cardNumber", "This field is required."),
    ({"expiry": "01/20"}, "expiry", "This card has expired."),
    ({"expiry": "13/30"}, "expiry", "Enter the expiry date as MM/YY."),
    ({"cvc": "12"}, "cvc", "Enter the 3-digit security code."),
    ({"cardNumber": "378282246310005", "cvc": "123"}, "cvc", "Enter the 4-digit security code."),
    ({"cardHolderName": "x" * 101}, "cardHolderName", "Enter at most 100 characters."),
])
def test_the_server_checks_card_data_again(transactions, space_id, fields, field, message):
    created = create_transaction(transactions, space_id)
    answer = pay_form(page_url(transactions, space_id, created.id), **fields)
    assert answer.status_code == 422
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in answer.text
    # Nothing was tried, and what was typed as a card number or CVC is not sent back.
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "PENDING"
    for secret in (fields.get("cardNumber"), fields.get("cvc"), SUCCESS_CARD):
        if secret and len(secret) > 3:
            assert secret not in answer.text


def test_the_name_on_the_card_is_optional(transactions, space_id):
    """None of the simulator's connectors needs the name: the page says it is optional, and a
    card without it pays."""
    created = create_transaction(transactions, space_id, success_url="https://shop.example/ok")
    url = page_url(transactions, space_id, created.id)
    page = httpx.get(url).text
    holder = re.search(r'<input id="cardHolderName"[^>]*>', page).group(0)
    assert "aria-required" not in holder and 'aria-describedby="cardHolderName-error cardHolderName-hint"' in holder
    assert '<span class="hint" id="cardHolderName-hint">Optional</span>' in page
    assert 'id="cardNumber"' in page and re.search(r'<input id="cardNumber"[^>]*aria-required="true"', page)
    paid = pay_form(url, cardHolderName=" ")
    assert paid.status_code == 303 and paid.headers["location"] == "https://shop.example/ok"
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "FULFILL"


def test_a_method_whose_connector_needs_the_name_requires_it():
    from starlette.datastructures import FormData

    from paystead.pages.i18n import Texts
    from paystead.pages.payment import MethodChoice, read_card_fields

    typed = FormData({"cardHolderName": " ", "cardNumber": SUCCESS_CARD, "expiry": "12/31", "cvc": "123"})
    _, errors = read_card_fields(typed, MethodChoice(1, "Card", "card", holder_required=True), Texts("de-CH"))
    assert errors["cardHolderName"] == "Dieses Feld ist erforderlich."
    _, errors = read_card_fields(typed, MethodChoice(1, "Card", "card"), Texts("de-CH"))
    assert "cardHolderName" not in errors


def test_after_a_decline_the_chosen_method_stays_chosen(transactions, space_id):
    created = create_transaction(transactions, space_id)
    url = page_url(transactions, space_id, created.id)
    wallet = re.search(r'value="(\d+)" data-kind="wallet"', httpx.get(url).text).group(1)
    confirm = pay_form(url, paymentMethodConfigurationId=wallet)
    refused = httpx.post(confirm.headers["location"], data={"result": "fail", "mode": "page"})
    again = httpx.get(refused.headers["location"]).text
    assert 'data-declined="true"' in again
    assert re.search(rf'value="{wallet}" data-kind="wallet"[^>]*checked', again)
    assert not re.search(r'data-kind="card"[^>]*checked', again)
    # Without a decline, the first method is chosen and nothing is put back.
    fresh = httpx.get(url).text
    assert "data-declined" not in fresh and re.search(r'data-kind="card"[^>]*checked', fresh)


def test_the_result_page_says_in_words_how_the_payment_ended(transactions, space_id):
    paid = create_transaction(transactions, space_id, language="fr-CH")
    result = httpx.get(pay_form(page_url(transactions, space_id, paid.id)).headers["location"])
    assert "<h1>Paiement réussi</h1>" in result.text
    assert '<dd id="transaction-state" data-state="FULFILL">Payé</dd>' in result.text
    assert ">FULFILL<" not in result.text


def test_every_page_has_a_favicon(server, transactions, space_id):
    icon = httpx.get(f"{server.base_url}/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert icon.headers["x-content-type-options"] == "nosniff"
    created = create_transaction(transactions, space_id)
    page = httpx.get(page_url(transactions, space_id, created.id))
    assert '<link rel="icon" href="/favicon.ico"' in page.text
    # The page's own policy lets it load (img-src 'self').
    assert "img-src 'self'" in page.headers["content-security-policy"]


def test_a_brand_the_transaction_does_not_allow_is_refused(transactions, space_id):
    created = create_transaction(transactions, space_id, allowed_payment_method_brands=[1])  # Visa only
    answer = pay_form(page_url(transactions, space_id, created.id), cardNumber="5555555555554444")
    assert answer.status_code == 422 and "This card type is not accepted here." in answer.text


def test_decline_then_retry_keeps_one_transaction_and_records_both_tries(transactions, space_id, config):
    created = create_transaction(transactions, space_id, success_url="https://shop.example/ok")
    url = page_url(transactions, space_id, created.id)
    declined = pay_form(url, cardNumber="4000000000009995")
    assert declined.status_code == 303
    again = httpx.get(declined.headers["location"])
    assert "The payment did not go through: the card has not enough funds." in again.text
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "PROCESSING"
    form = read_form(url)
    paid = pay_form(url, form)
    assert paid.status_code == 303 and paid.headers["location"] == "https://shop.example/ok"
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "FULFILL"
    attempts = ChargeAttemptsService(config).get_payment_charge_attempts_search(
        space_id, query=f"linkedTransaction:{created.id}", order="id:ASC").data
    assert [(a.state.value, a.failure_reason.id if a.failure_reason else None) for a in attempts] == \
        [("FAILED", 2), ("SUCCESSFUL", None)]
    # A second submit (a double click, a reload) pays nothing more: it goes to the result.
    twice = pay_form(url, form)
    assert twice.status_code == 303 and twice.headers["location"] == "https://shop.example/ok"
    assert len(ChargeAttemptsService(config).get_payment_charge_attempts_search(
        space_id, query=f"linkedTransaction:{created.id}").data) == 2


def test_pay_by_invoice_and_by_app_confirmation(transactions, space_id):
    by_invoice = create_transaction(transactions, space_id)
    url = page_url(transactions, space_id, by_invoice.id)
    page = httpx.get(url)
    invoice = re.search(r'value="(\d+)" data-kind="invoice"', page.text).group(1)
    answer = pay_form(url, paymentMethodConfigurationId=invoice, cardNumber=None)
    assert answer.status_code == 303
    assert transactions.get_payment_transactions_id(by_invoice.id, space_id).state.value in ("COMPLETED", "FULFILL")

    by_app = create_transaction(transactions, space_id, failed_url="https://shop.example/failed")
    url = page_url(transactions, space_id, by_app.id)
    wallet = re.search(r'value="(\d+)" data-kind="wallet"', httpx.get(url).text).group(1)
    confirm = pay_form(url, paymentMethodConfigurationId=wallet)
    assert confirm.status_code == 303 and "/payment/3ds/" in confirm.headers["location"]
    challenge = httpx.get(confirm.headers["location"])
    assert "Confirm in the app" in challenge.text
    refused = httpx.post(confirm.headers["location"], data={"result": "fail", "mode": "page"})
    assert refused.status_code == 303 and "attempt=" in refused.headers["location"]
    assert transactions.get_payment_transactions_id(by_app.id, space_id).state.value == "PROCESSING"
    confirm = pay_form(url, paymentMethodConfigurationId=wallet)
    approved = httpx.post(confirm.headers["location"], data={"result": "approve", "mode": "page"})
    assert approved.status_code == 303
    assert transactions.get_payment_transactions_id(by_app.id, space_id).state.value == "FULFILL"


def test_three_d_secure_from_the_page_fails_back_to_the_form(transactions, space_id):
    created = create_transaction(transactions, space_id)
    url = page_url(transactions, space_id, created.id)
    challenge = pay_form(url, cardNumber="4000000000003220")
    assert challenge.status_code == 303
    page = httpx.get(challenge.headers["location"])
    assert "3-D Secure verification" in page.text and "4000000000003220" not in page.text
    failed = httpx.post(challenge.headers["location"], data={"result": "fail", "mode": "page"})
    assert "the card could not be verified" in httpx.get(failed.headers["location"]).text
    # Leaving a challenge open and paying again gives the open one up.
    open_challenge = pay_form(url, cardNumber="4000000000003220")
    paid = pay_form(url)
    assert paid.status_code == 303
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "FULFILL"
    assert httpx.post(open_challenge.headers["location"], data={"result": "approve"}).status_code == 422


def test_the_api_cannot_process_a_transaction_the_page_is_processing(transactions, space_id):
    from wallee.exceptions import ApiException

    from tests.payments.support import pay

    created = create_transaction(transactions, space_id)
    pay_form(page_url(transactions, space_id, created.id), cardNumber="4000000000000002")
    with pytest.raises(ApiException) as refused:
        pay(transactions, space_id, created.id)
    assert refused.value.status == 422


def test_urls_without_the_right_token_find_nothing(server, transactions, space_id):
    created = create_transaction(transactions, space_id)
    url = page_url(transactions, space_id, created.id)
    wrong = url.split("securityToken=")[0] + "securityToken=wrong"
    assert httpx.get(wrong).status_code == 404
    assert httpx.get(url.replace(f"/{space_id}/", f"/{space_id + 100000}/")).status_code == 404
    assert pay_form(url, securityToken="wrong").status_code == 404
    script = transactions.get_payment_transactions_id_iframe_javascript_url(created.id, space_id)
    assert httpx.get(script.split("securityToken=")[0] + "securityToken=x").status_code == 404
    assert httpx.get(f"{server.base_url}/s/x/payment/payment-page/y?securityToken=z").status_code == 404


def test_embed_scripts_and_the_other_buyer_urls(transactions, space_id):
    created = create_transaction(transactions, space_id)
    for url in (transactions.get_payment_transactions_id_iframe_javascript_url(created.id, space_id),
                transactions.get_payment_transactions_id_lightbox_javascript_url(created.id, space_id)):
        script = httpx.get(url)
        assert script.status_code == 200 and script.headers["content-type"].startswith("application/javascript")
        assert "IframeCheckoutHandler" in script.text and "LightboxCheckoutHandler" in script.text
        assert f"/payment/form/{created.id}?securityToken=" in script.text
    charge_flow = transactions.get_payment_transactions_id_charge_flow_payment_page_url(created.id, space_id)
    moved = httpx.get(charge_flow)
    assert moved.status_code == 303 and f"/payment/payment-page/{created.id}" in moved.headers["location"]
    credentials = transactions.get_payment_transactions_id_credentials(created.id, space_id)
    mobile = transactions.get_payment_transactions_by_credentials_credentials_mobile_sdk_url(credentials, space_id)
    mobile_page = httpx.get(mobile)
    assert mobile_page.status_code == 200 and "mode-mobile" in mobile_page.text and 'id="cardNumber"' in mobile_page.text
    embedded = httpx.get(script.text.split('"formUrl": "')[1].split('"')[0] + "&mode=iframe")
    assert embedded.status_code == 200 and "mode-iframe" in embedded.text
    assert "frame-ancestors *" in embedded.headers["content-security-policy"]


def test_no_card_number_reaches_the_log(server, transactions, space_id):
    created = create_transaction(transactions, space_id)
    pay_form(page_url(transactions, space_id, created.id), cardNumber="4242424242424242", cvc="987")
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "FULFILL"
    log = server.log_text()
    assert "4242424242424242" not in log and "4242 4242" not in log
    if server.backend == "sqlite":
        stored = (server.data_dir / "paystead.db").read_bytes()
        for path in server.data_dir.glob("paystead.db-wal"):
            stored += path.read_bytes()
        assert b"4242424242424242" not in stored


def test_the_buyer_can_cancel_and_goes_to_the_failed_url(transactions, space_id):
    created = create_transaction(transactions, space_id, success_url="https://shop.example/ok",
                                 failed_url="https://shop.example/failed")
    url = page_url(transactions, space_id, created.id)
    page = httpx.get(url)
    action = re.search(r'<form method="post" action="([^"]+)" class="cancel">', page.text).group(1)
    token = parse_qs(urlsplit(url).query)["securityToken"][0]
    cancel = str(page.url.copy_with(path=action, query=None))
    assert httpx.post(cancel, data={"securityToken": "wrong"}).status_code == 404
    cancelled = httpx.post(cancel, data={"securityToken": token, "mode": "page"})
    assert cancelled.status_code == 303 and cancelled.headers["location"] == "https://shop.example/failed"
    failed = transactions.get_payment_transactions_id(created.id, space_id)
    assert failed.state.value == "FAILED" and failed.failure_reason.id == 10
    # Decided: the page and the form lead to the failed URL, nothing more can be tried.
    assert httpx.get(url).headers["location"] == "https://shop.example/failed"
    assert pay_form(url, read_form_of(cancel, token)).headers["location"] == "https://shop.example/failed"


def read_form_of(cancel_url: str, token: str) -> tuple[str, dict]:
    return cancel_url.replace("/cancel/", "/pay/"), {"securityToken": token, "mode": "page",
                                                     "paymentMethodConfigurationId": "1"}


def test_hostile_values_in_buyer_urls_and_forms_never_cause_a_server_error(server, transactions, space_id, http):
    link = http.post("/payment/links", space=space_id, json={"externalId": "hostile-link",
                                                             "protectionMode": "NO_PROTECTION"}).json()["url"]
    created = create_transaction(transactions, space_id)
    url = page_url(transactions, space_id, created.id)
    base = server.base_url
    huge = "9" * 30
    answers = [httpx.get(link + f"?currency=CHF&amount={amount}")
               for amount in ("1e30", "1e999999", "NaN", "-5", "Infinity", "99999999999999999999.99", "0.001", "x")]
    answers += [httpx.post(link + f"?currency=CHF&amount={amount}") for amount in ("1e30", "1e999999", "-1")]
    answers += [httpx.get(link + "?currency=%00"), httpx.get(link + "?currency=CHF&amount=1&successUrl=javascript:x")]
    answers += [httpx.get(f"{base}{path}") for path in (
        f"/s/{huge}/payment/payment-page/1?securityToken=x", f"/s/{space_id}/payment/payment-page/-1",
        f"/payment/3ds/{space_id}/{huge}", f"/s/{space_id}/payment/link/0", f"/demo/order/{huge}/{huge}",
        f"/s/{space_id}/payment/form/{created.id}?securityToken=x&mode=<script>")]
    answers.append(httpx.get(url + f"&attempt={huge}&paymentMethodConfigurationId={huge}&mode=%00"))
    action, hidden = read_form(url)
    for fields in ({"paymentMethodConfigurationId": huge}, {"paymentMethodConfigurationId": "abc"},
                   {"cardNumber": "٤١١١١١١١١١١١١١١١"}, {"expiry": "99/9999999999"}, {"cvc": "１２３"},
                   {"cardHolderName": "x" * 10_000}):
        answers.append(httpx.post(action, data={**hidden, "cardHolderName": "A", "cardNumber": SUCCESS_CARD,
                                                "expiry": "12/31", "cvc": "123", **fields}))
    assert [answer.status_code for answer in answers if answer.status_code >= 500] == []
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "PENDING"
