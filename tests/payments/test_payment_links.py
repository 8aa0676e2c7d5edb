"""Payment links through the official SDK, and their public page's rules over HTTP."""

from __future__ import annotations

import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from wallee.exceptions import ApiException
from wallee.models.line_item_create import LineItemCreate
from wallee.models.payment_link_create import PaymentLinkCreate
from wallee.models.payment_link_update import PaymentLinkUpdate
from wallee.service.payment_links_service import PaymentLinksService
from wallee.service.payment_method_configurations_service import PaymentMethodConfigurationsService

NOW = datetime.now(timezone.utc)


@pytest.fixture()
def links(config) -> PaymentLinksService:
    return PaymentLinksService(config)



def new_link(links, space_id, **fields):
    fields.setdefault("external_id", uuid.uuid4().hex)
    fields.setdefault("protection_mode", "ACCESS_KEY")
    return links.post_payment_links(space_id, PaymentLinkCreate(**fields))


def ticket(amount=30.0, quantity=1) -> LineItemCreate:
    return LineItemCreate(unique_id="ticket", name="Ticket", type="PRODUCT", quantity=quantity,
                          amount_including_tax=amount)


def start(url: str, **form) -> httpx.Response:
    """The buyer presses "continue" on the link's page."""
    return httpx.post(url, data=form)


def started_transaction(transactions, space_id, answer: httpx.Response):
    assert answer.status_code == 303, answer.text
    transaction_id = int(re.search(r"/payment/payment-page/(\d+)", answer.headers["location"]).group(1))
    return transactions.get_payment_transactions_id(transaction_id, space_id)


def test_create_read_update_search_and_delete(links, space_id):
    created = new_link(links, space_id, name="Concert", currency="CHF", line_items=[ticket()],
                       maximal_number_of_transactions=10, language="fr-CH", allowed_redirection_domains=["shop.example"])
    assert created.state.value == "ACTIVE" and created.protection_mode.value == "ACCESS_KEY"
    assert re.fullmatch(rf"http://127\.0\.0\.1:\d+/s/{space_id}/payment/link/{created.id}\?securityToken=[\w-]+",
                        created.url)
    assert created.line_items[0].amount_including_tax == 30 and created.allowed_redirection_domains == ["shop.example"]
    assert links.get_payment_links_id(created.id, space_id).url == created.url
    updated = links.patch_payment_links_id(created.id, space_id, PaymentLinkUpdate(version=created.version,
                                                                                    name="Concert 2"))
    assert updated.name == "Concert 2" and updated.version == created.version + 1
    with pytest.raises(ApiException) as stale:
        links.patch_payment_links_id(created.id, space_id, PaymentLinkUpdate(version=created.version, name="x"))
    assert stale.value.status == 409
    found = links.get_payment_links_search(space_id, query='name:"Concert 2"')
    assert [link.id for link in found.data] == [created.id]
    open_link = new_link(links, space_id, protection_mode="NO_PROTECTION")
    assert open_link.url.endswith(f"/payment/link/{open_link.id}")
    links.delete_payment_links_id(created.id, space_id)
    with pytest.raises(ApiException) as gone:
        links.get_payment_links_id(created.id, space_id)
    assert gone.value.status == 404
    assert httpx.get(created.url).status_code == 404


def test_create_is_idempotent_by_external_id(links, space_id):
    first = new_link(links, space_id, external_id="link-once", name="Once")
    assert new_link(links, space_id, external_id="link-once", name="Once").id == first.id
    with pytest.raises(ApiException) as conflict:
        new_link(links, space_id, external_id="link-once", name="Other")
    assert conflict.value.status == 409


@pytest.mark.parametrize("fields, field", [
    ({"line_items": [ticket()]}, "currency"),
    ({"currency": "XYZ"}, "currency"),
    ({"maximal_number_of_transactions": 0}, "maximalNumberOfTransactions"),
    ({"available_from": NOW, "available_until": NOW - timedelta(days=1)}, "availableUntil"),
    ({"allowed_redirection_domains": ["not a domain"]}, "allowedRedirectionDomains"),
    ({"currency": "CHF", "line_items": [ticket(amount=10.005)]}, "lineItems[0].amountIncludingTax"),
])
def test_invalid_links_are_refused_naming_the_field(links, space_id, fields, field):
    with pytest.raises(ApiException) as refused:
        new_link(links, space_id, **fields)
    assert refused.value.status == 422 and field in refused.value.data.errors


def test_an_unknown_payment_method_configuration_is_refused(http, space_id):
    body = {"externalId": uuid.uuid4().hex, "protectionMode": "NO_PROTECTION"}
    unknown = http.post("/payment/links", space=space_id, json={
        **body, "allowedPaymentMethodConfigurations": [{"id": 987654321}]})
    assert unknown.status_code == 422 and "987654321" in unknown.json()["errors"]["allowedPaymentMethodConfigurations"]
    without_id = http.post("/payment/links", space=space_id, json={**body, "allowedPaymentMethodConfigurations": [{}]})
    assert without_id.status_code == 422


def test_opening_the_page_uses_nothing_and_continuing_starts_a_transaction(links, transactions, space_id, config,
                                                                         http):
    card_method = next(m for m in PaymentMethodConfigurationsService(config).get_payment_method_configurations(
        space_id, limit=100).data if m.payment_method.id == 1)
    # The SDK leaves a PaymentMethodConfiguration's (read-only) id out of request bodies, so the
    # allowed configurations are sent as plain JSON, as the README says.
    created = http.post("/payment/links", space=space_id, json={
        "externalId": uuid.uuid4().hex, "protectionMode": "ACCESS_KEY", "name": "Workshop", "currency": "CHF",
        "lineItems": [{"uniqueId": "ticket", "name": "Ticket", "type": "PRODUCT", "quantity": 3,
                       "amountIncludingTax": 45}],
        "language": "it-CH", "maximalNumberOfTransactions": 1, "allowedRedirectionDomains": ["shop.example"],
        "allowedPaymentMethodConfigurations": [{"id": card_method.id}]})
    assert created.status_code == 201, created.text
    link = links.get_payment_links_id(created.json()["id"], space_id)
    assert [configuration.id for configuration in link.allowed_payment_method_configurations] == [card_method.id]
    for _ in range(3):
        page = httpx.get(link.url)
        assert page.status_code == 200 and "Continua al pagamento" in page.text
    url = link.url + "&successUrl=https://www.shop.example/thanks&failedUrl=https://shop.example/failed"
    transaction = started_transaction(transactions, space_id, start(url))
    assert transaction.state.value == "PENDING" and transaction.authorization_amount == 45
    assert transaction.language == "it-CH" and transaction.currency == "CHF"
    assert transaction.success_url == "https://www.shop.example/thanks"
    assert transaction.allowed_payment_method_configurations == [card_method.id]
    assert [item.quantity for item in transaction.line_items] == [3]
    used_up = httpx.get(link.url)
    assert used_up.status_code == 410 and "numero massimo di pagamenti" in used_up.text
    assert start(link.url).status_code == 410


@pytest.mark.parametrize("fields, text", [
    ({"state": "INACTIVE"}, "The link has been deactivated."),
    ({"available_from": NOW + timedelta(days=2)}, "The link can be used from"),
    ({"available_until": NOW - timedelta(minutes=1)}, "The link could be used until"),
])
def test_links_outside_their_limits_refuse_with_a_message(links, space_id, fields, text):
    link = new_link(links, space_id, currency="CHF", line_items=[ticket()], language="en-US", **fields)
    for answer in (httpx.get(link.url), start(link.url)):
        assert answer.status_code == 410 and text in answer.text


def test_what_the_link_leaves_open_comes_from_the_url(links, transactions, space_id):
    donation = new_link(links, space_id, name="Donation", language="en-US", allowed_redirection_domains=["ngo.example"])
    assert "add ?currency=CHF" in httpx.get(donation.url).text
    assert "add ?amount=10.00" in httpx.get(donation.url + "&currency=EUR").text
    assert "not valid for JPY" in httpx.get(donation.url + "&currency=JPY&amount=10.5").text
    refused = httpx.get(donation.url + "&currency=EUR&amount=10&successUrl=https://evil.example/")
    assert refused.status_code == 400 and "not allowed" in refused.text
    transaction = started_transaction(transactions, space_id, start(donation.url + "&currency=EUR&amount=12.34"))
    assert transaction.currency == "EUR" and transaction.authorization_amount == pytest.approx(12.34)
    fixed = new_link(links, space_id, currency="CHF", line_items=[ticket()], language="en-US")
    assert "takes payments in CHF only" in httpx.get(fixed.url + "&currency=EUR").text
    assert httpx.get(fixed.url.replace("securityToken=", "securityToken=x")).status_code == 404


@pytest.mark.parametrize("hostile", [
    "http://evil.example\\@shop.example/",  # Python's urlsplit saw shop.example; browsers go to evil.example
    "http://evil.example\\.shop.example/", "https:\\\\evil.example\\@shop.example/",
    "http://evil.example%5C@shop.example/", "http://shop.example@evil.example/", "http://x@shop.example/",
    "http://evil.example\t\\@shop.example/", "//shop.example/", "http:shop.example", "javascript:alert(1)//shop.example",
    "http://shop.example%0a.evil.example/", "http://shop.example.evil.example/", "http://evilshop.example/",
])
def test_a_hostile_return_url_is_refused_by_the_link_page_without_a_redirect(links, transactions, space_id, hostile):
    link = new_link(links, space_id, currency="CHF", line_items=[ticket()], language="en-US",
                    allowed_redirection_domains=["shop.example"], maximal_number_of_transactions=1)
    for name in ("successUrl", "failedUrl"):
        url = str(httpx.URL(link.url).copy_add_param(name, hostile))
        for answer in (httpx.get(url), start(url)):
            assert answer.status_code == 400 and "location" not in answer.headers
            assert f"The address to return to ({name}) is not allowed for this link." in answer.text
    # No refused attempt took the link's one transaction.
    assert started_transaction(transactions, space_id, start(link.url)).success_url is None


def test_a_return_url_is_compared_and_stored_as_the_browser_reads_it(links, transactions, space_id):
    link = new_link(links, space_id, currency="CHF", line_items=[ticket()], language="en-US",
                    allowed_redirection_domains=["Shop.Example.", "shöp.example"])
    assert link.allowed_redirection_domains == ["shop.example", "xn--shp-tna.example"]
    url = str(httpx.URL(link.url).copy_add_param("successUrl", "HTTPS://WWW.ＳＨＯＰ.Example.:443/thanks")
              .copy_add_param("failedUrl", "https://SHÖP.example/failed"))
    transaction = started_transaction(transactions, space_id, start(url))
    assert transaction.success_url == "https://www.shop.example./thanks"
    assert transaction.failed_url == "https://xn--shp-tna.example/failed"


def test_billing_address_in_the_url_or_on_the_page(links, transactions, space_id):
    in_url = new_link(links, space_id, currency="CHF", line_items=[ticket()], language="en-US",
                      billing_address_handling_mode="REQUIRED_IN_URL")
    assert "must carry the billing address" in httpx.get(in_url.url).text
    address = ("&billingAddress.givenName=Ada&billingAddress.familyName=Lovelace&billingAddress.street=Main 1"
               "&billingAddress.postcode=8000&billingAddress.city=Zurich&billingAddress.country=ch")
    transaction = started_transaction(transactions, space_id, start(in_url.url + address))
    assert transaction.billing_address.family_name == "Lovelace" and transaction.billing_address.country == "CH"

    on_page = new_link(links, space_id, currency="CHF", line_items=[ticket()], language="en-US",
                       billing_address_handling_mode="REQUIRED_ON_PAYMENT_PAGE")
    page = httpx.get(on_page.url)
    assert 'autocomplete="postal-code"' in page.text
    missing = start(on_page.url, givenName="Ada")
    assert missing.status_code == 422 and "This field is required." in missing.text
    transaction = started_transaction(transactions, space_id, start(
        on_page.url, givenName="Ada", familyName="Lovelace", street="Main 1", postcode="8000", city="Zurich",
        country="CH", emailAddress="ada@example.com"))
    assert transaction.billing_address.city == "Zurich" and transaction.customer_email_address == "ada@example.com"


def test_concurrent_buyers_never_exceed_the_maximum(links, space_id):
    link = new_link(links, space_id, currency="CHF", line_items=[ticket()], maximal_number_of_transactions=5)
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = sorted(answer.status_code for answer in pool.map(lambda _: start(link.url), range(20)))
    assert statuses == [303] * 5 + [410] * 15
