"""ISO 4217 codes that are not money (no currency, testing, metals, bond-market units, special
drawing rights and other units of account, and the fund codes) are refused wherever a currency
is taken: a 422 naming the field, nothing stored; ``/currencies`` does not list them either.
The X-codes that are legal tender (CFA and CFP francs, East Caribbean dollar) are currencies.

In the fast tier (the rules, request by request); what the official SDK reads of ``/currencies``
is checked through the real server in tests/payments/test_currencies_listed.py."""

from __future__ import annotations

import uuid

import pytest

from tests.support.currencies import LEGAL_TENDER_X_CODES, NOT_MONEY

LINE = {"uniqueId": "a", "name": "A", "type": "PRODUCT", "quantity": 1, "amountIncludingTax": 10}


def _refused(response, field: str) -> None:
    assert response.status_code == 422, (response.status_code, response.text)
    body = response.json()
    assert body["code"] == "invalid_currency" and field in body["errors"], body


def _ids(http, path: str, **scope) -> set[int]:
    return {row["id"] for row in http.get(f"{path}?limit=100", **scope).json()["data"]}


@pytest.mark.parametrize("code", NOT_MONEY)
def test_not_money_is_refused_everywhere_and_nothing_is_stored(http, admin, space_id, code):
    transactions, links = _ids(http, "/payment/transactions", space=space_id), _ids(http, "/payment/links",
                                                                                    space=space_id)
    _refused(http.post("/payment/transactions", space=space_id, json={"currency": code, "lineItems": [LINE]}),
             "currency")
    _refused(http.post("/payment/links", space=space_id, json={
        "externalId": uuid.uuid4().hex, "protectionMode": "NO_PROTECTION", "currency": code, "lineItems": [LINE]}),
        "currency")
    assert _ids(http, "/payment/transactions", space=space_id) == transactions
    assert _ids(http, "/payment/links", space=space_id) == links

    pending = http.post("/payment/transactions", space=space_id, json={"currency": "CHF", "lineItems": [LINE]}).json()
    _refused(http.patch(f"/payment/transactions/{pending['id']}", space=space_id,
                        json={"version": pending["version"], "currency": code}), "currency")
    assert http.get(f"/payment/transactions/{pending['id']}", space=space_id).json()["currency"] == "CHF"

    spaces = _ids(http, "/spaces")
    _refused(http.post("/spaces", json={"name": f"Space {code}", "account": admin.account_id,
                                        "primaryCurrency": code}), "primaryCurrency")
    assert _ids(http, "/spaces") == spaces
    space = http.get(f"/spaces/{space_id}").json()
    _refused(http.patch(f"/spaces/{space_id}", json={"version": space["version"], "primaryCurrency": code}),
             "primaryCurrency")
    assert http.get(f"/spaces/{space_id}").json()["primaryCurrency"] == "CHF"

    customers = _ids(http, "/customers", space=space_id)
    _refused(http.post("/customers", space=space_id, json={"customerId": uuid.uuid4().hex,
                                                           "preferredCurrency": code}), "preferredCurrency")
    assert _ids(http, "/customers", space=space_id) == customers


def test_every_listed_currency_is_accepted_by_a_transaction(http, space_id):
    listed = {currency["currencyCode"] for currency in http.get("/currencies").json()["data"]}
    # The legal-tender X-codes are listed, money is not (the SDK's view: tests/payments/test_currencies_listed.py).
    assert set(LEGAL_TENDER_X_CODES) <= listed and {"CHF", "EUR", "JPY", "BHD"} <= listed
    assert not listed & set(NOT_MONEY)
    for code in sorted(listed):
        created = http.post("/payment/transactions", space=space_id,
                            json={"currency": code, "lineItems": [LINE]})
        assert created.status_code == 201 and created.json()["currency"] == code, (code, created.text)


def test_a_currency_that_is_not_iso_is_still_refused(http, space_id):
    for code in ("ZZZ", "chf", "CH", ""):
        _refused(http.post("/payment/transactions", space=space_id, json={"currency": code, "lineItems": [LINE]}),
                 "currency")
