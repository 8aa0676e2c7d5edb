"""Every buyer page speaks its locale: each page (shop, checkout, payment page with its errors and
after a decline, the embedded form, 3-D Secure, results, payment link, not found, the lightbox's
texts) is fetched in en-US and in de-CH, fr-CH and it-CH; a text of the non-English page that
is also on the English one is an English string left untranslated.

Amounts are written as each locale writes them (Babel, with CLDR's currency spacing)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import httpx
import pytest
from wallee.models.payment_link_create import PaymentLinkCreate
from wallee.service.payment_links_service import PaymentLinksService
from wallee.service.spaces_service import SpacesService

from paystead.pages.i18n import _TEXTS, SUPPORTED, Texts
from tests.payments.support import create_transaction, product
from tests.payments.test_hosted_pages import page_url, pay_form, read_form

NON_ENGLISH = ("de-CH", "fr-CH", "it-CH")
# Texts that are the same word in the locale (or names): not English left over.
SAME_IN_EVERY_LANGUAGE = {"TWINT", "Paystead", "3-D Secure", "Total", "T-shirt", "Status", "Transaction",
                          "MM/AA", "Sandbox space"}
# Data the test itself puts on the pages (the line item's name).
TEST_DATA = {"Lampe 42"}
# Attributes that a browser shows or reads out.
_SPOKEN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


class _Texts(HTMLParser):
    """The texts a buyer sees or hears on a page, leaving out elements marked as another
    language (the shop's language choices each name themselves, lang="en-US")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_lang: str | None = None
        self.stack: list[tuple[str, str | None, bool]] = []  # (tag, lang, skipped)
        self.found: set[str] = set()

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.page_lang = attributes.get("lang")
        lang = attributes.get("lang")
        skipped = self._skipped() or tag in ("script", "style") or (
            lang is not None and self.page_lang is not None and lang != self.page_lang)
        if tag not in ("input", "meta", "link", "br", "img"):
            self.stack.append((tag, lang, skipped))
        if not skipped:
            for name in _SPOKEN_ATTRIBUTES:
                self._add(attributes.get(name))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipped():
            self._add(data)

    def _add(self, text: str | None) -> None:
        # "Name · Paystead" (a title) is two texts.
        for part in " ".join((text or "").split()).split(" · "):
            # A text with a word in it ("CHF 18.50", "TWINT" and card numbers are not words).
            if re.search(r"[A-Za-z][a-z]+", part):
                self.found.add(part)


def texts_of(html: str) -> set[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.found


def _get(url: str, locale: str) -> httpx.Response:
    answer = httpx.get(url, headers={"Accept-Language": locale}, follow_redirects=True)
    assert answer.status_code < 500, (url, answer.status_code)
    return answer


def _pages(server, transactions, space_id, config, locale: str) -> dict[str, str]:
    """The HTML of every buyer page, in ``locale`` (by the transaction's language, the link's
    or the browser's)."""
    headers = {"Accept-Language": locale}
    pages: dict[str, str] = {}
    item = product("lamp", "18.50", name="Lampe 42")

    def new_transaction(**fields):
        return create_transaction(transactions, space_id, item, language=locale, **fields)

    fresh = new_transaction()
    url = page_url(transactions, space_id, fresh.id)
    pages["payment page"] = _get(url, locale).text
    pages["embedded form"] = _get(url.replace("/payment-page/", "/form/") + "&mode=iframe", locale).text
    pages["lightbox form"] = _get(url.replace("/payment-page/", "/form/") + "&mode=lightbox", locale).text
    pages["errors"] = pay_form(url, cardNumber="4111111111111112", expiry="13/99", cvc="1").text
    action, hidden = read_form(url)
    pages["no method"] = httpx.post(action, data={**hidden, "paymentMethodConfigurationId": "0"}).text

    declined = pay_form(url, cardNumber="4000000000000002")
    pages["after a decline"] = _get(declined.headers["location"], locale).text

    challenged = new_transaction()
    challenge = pay_form(page_url(transactions, space_id, challenged.id), cardNumber="4000000000003220")
    pages["3-D Secure"] = _get(challenge.headers["location"], locale).text
    httpx.post(challenge.headers["location"], data={"result": "approve", "mode": "page"})
    pages["3-D Secure, closed"] = httpx.post(challenge.headers["location"], data={"result": "approve"}).text

    paid = new_transaction()
    answer = pay_form(page_url(transactions, space_id, paid.id))
    pages["result, paid"] = _get(answer.headers["location"], locale).text
    cancelled = new_transaction()
    cancel_url = page_url(transactions, space_id, cancelled.id)
    token = read_form(cancel_url)[1]["securityToken"]
    answer = httpx.post(cancel_url.split("?")[0].replace("/payment-page/", "/cancel/"),
                        data={"securityToken": token, "mode": "page"})
    pages["result, failed"] = _get(answer.headers["location"], locale).text

    embedded = new_transaction()
    action, hidden = read_form(page_url(transactions, space_id, embedded.id))
    pages["embedded form, done"] = httpx.post(action, data={
        **hidden, "mode": "iframe", "cardNumber": "4111111111111111", "expiry": "12/31", "cvc": "123"}).text
    script = _get(transactions.get_payment_transactions_id_lightbox_javascript_url(fresh.id, space_id), locale).text
    config_texts = json.loads(re.search(r"\}\)\((\{.*\})\);\s*$", script, re.S).group(1))["texts"]
    pages["lightbox script"] = "<html lang='{}'><body>{}</body></html>".format(
        locale, "".join(f"<p>{text}</p>" for text in config_texts.values()))

    pages["demo shop"] = _get(f"{server.base_url}/demo?language={locale}", locale).text
    checkout = httpx.post(f"{server.base_url}/demo/checkout", data={"quantity.mug": "1", "quantity.book": "1",
                                                                    "language": locale}, headers=headers)
    checkout_url = server.base_url + checkout.headers["location"]
    pages["demo checkout"] = _get(checkout_url, locale).text
    pages["demo order"] = _get(checkout_url.replace("/demo/checkout/", "/demo/order/"), locale).text

    links = PaymentLinksService(config)
    link = links.post_payment_links(space_id, PaymentLinkCreate(
        external_id=f"translations-{locale}-{fresh.id}", protection_mode="NO_PROTECTION", name="Lampe 42",
        language=locale, billing_address_handling_mode="REQUIRED_ON_PAYMENT_PAGE"))
    pages["payment link"] = _get(link.url + "?currency=CHF&amount=25", locale).text
    pages["payment link, errors"] = httpx.post(link.url + "?currency=CHF&amount=25", data={}, headers=headers).text
    pages["payment link, no amount"] = _get(link.url + "?currency=CHF", locale).text
    pages["not found"] = _get(url.split("securityToken=")[0] + "securityToken=wrong", locale).text
    return pages


def test_no_english_string_is_left_on_a_page_in_another_language(server, transactions, space_id, config):
    data = TEST_DATA | {SpacesService(config).get_spaces_id(space_id).name}  # the merchant's name
    english = _pages(server, transactions, space_id, config, "en-US")
    left_over = {}
    for locale in NON_ENGLISH:
        pages = _pages(server, transactions, space_id, config, locale)
        assert pages.keys() == english.keys()
        for name, html in pages.items():
            assert f'lang="{locale}"' in html or f"lang='{locale}'" in html, (locale, name)
            same = texts_of(html) & texts_of(english[name])
            untranslated = sorted(same - SAME_IN_EVERY_LANGUAGE - data)
            if untranslated:
                left_over[f"{locale} {name}"] = untranslated
    assert left_over == {}, "\n".join(f"{page}: {texts}" for page, texts in left_over.items())


def test_every_text_has_all_four_locales():
    for key, translations in _TEXTS.items():
        assert set(translations) == set(SUPPORTED), key
        for locale in NON_ENGLISH:
            text = translations[locale]
            if text == translations["en-US"]:
                assert text in SAME_IN_EVERY_LANGUAGE or not re.search(r"[A-Za-z][a-z]+", text), (key, locale, text)


@pytest.mark.parametrize("locale, written", [
    ("en-US", "CHF\u00a01,018.50"),  # Babel alone writes "CHF1,018.50"
    ("de-CH", "CHF\u00a01'018.50"),
    ("fr-CH", "1'018,50\u00a0CHF"),
    ("it-CH", "CHF\u00a01'018.50"),
])
def test_amounts_are_written_as_the_locale_writes_them(locale, written):
    assert Texts(locale).money(Decimal("1018.50"), "CHF") == written
    # A symbol, not letters: nothing is added.
    assert Texts("en-US").money(Decimal("18.50"), "USD") == "$18.50"
    assert Texts("en-US").money(Decimal("-18.50"), "CHF") == "-CHF\u00a018.50"


@pytest.mark.parametrize("locale, total", [
    ("en-US", "Pay CHF\u00a018.50"), ("de-CH", "CHF\u00a018.50 bezahlen"),
    ("fr-CH", "Payer 18,50\u00a0CHF"), ("it-CH", "Paga CHF\u00a018.50"),
])
def test_the_pay_button_names_the_amount_in_the_locale(transactions, space_id, locale, total):
    created = create_transaction(transactions, space_id, product("lamp", "18.50"), language=locale)
    page = httpx.get(page_url(transactions, space_id, created.id))
    assert f'<button type="submit" class="pay">{total}</button>' in page.text
