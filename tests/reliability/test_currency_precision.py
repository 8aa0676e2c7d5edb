"""Amounts are exact in every currency: generated amounts with exactly the currency's minor units
come back unchanged (line items, totals, completions), and one digit more is refused, never
rounded. 300 cases per database by default, 10,000 with PAYSTEAD_TEST_FULL=1."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from babel.numbers import get_currency_precision
from wallee.models.space_create import SpaceCreate
from wallee.service.spaces_service import SpacesService

from tests.reliability.conftest import count

# Currencies with 0, 2 and 3 fraction digits. The only 4-digit codes (CLF, UYW) are units of
# account, not money, and are refused as a transaction's currency.
CURRENCIES = ["CHF", "EUR", "USD", "JPY", "KRW", "ISK", "VND", "BHD", "KWD", "JOD", "TND", "OMR"]


def _amount(rng: random.Random, digits: int) -> Decimal:
    minor = rng.choice([1, 5, 99, 100, 12345, 999_999, rng.randrange(1, 10**12)])
    return Decimal(minor).scaleb(-digits)


@pytest.fixture()
def space(config, admin) -> int:
    return SpacesService(config).post_spaces(SpaceCreate(name=f"Precision {random.random()}",
                                                         account=admin.account_id)).id


def test_generated_amounts_stay_exact(http, space):
    rng = random.Random(20261124)
    cases = count(150, 5000)
    for case in range(cases):
        currency = rng.choice(CURRENCIES)
        digits = get_currency_precision(currency)
        amounts = [_amount(rng, digits) for _ in range(rng.randint(1, 4))]
        items = [{"uniqueId": f"i{n}", "quantity": rng.choice([1, 2, 3, 7]), "amountIncludingTax": str(amount)}
                 for n, amount in enumerate(amounts)]
        body = '{"currency": "%s", "lineItems": [%s]}' % (currency, ", ".join(
            '{"uniqueId": "%s", "name": "x", "type": "PRODUCT", "quantity": %d, "amountIncludingTax": %s}'
            % (item["uniqueId"], item["quantity"], item["amountIncludingTax"]) for item in items))
        created = http.request("POST", "/payment/transactions", space=space, content=body,
                               headers={"Content-Type": "application/json"})
        assert created.status_code == 201, (currency, body, created.text)
        data = created.json()
        assert Decimal(str(data["authorizationAmount"])) == sum(amounts), (currency, amounts, data["authorizationAmount"])
        for item, amount in zip(data["lineItems"], amounts):
            assert Decimal(str(item["amountIncludingTax"])) == amount
            assert Decimal(str(item["amountExcludingTax"])) + Decimal(str(item["taxAmount"])) == amount

        # One digit more than the currency has: refused, naming the field.
        finer = amounts[0] + Decimal(1).scaleb(-(digits + 1))
        refused = http.request("POST", "/payment/transactions", space=space, headers={"Content-Type": "application/json"},
                               content='{"currency": "%s", "lineItems": [{"uniqueId": "a", "name": "x", "type": '
                                       '"PRODUCT", "quantity": 1, "amountIncludingTax": %s}]}' % (currency, finer))
        assert refused.status_code == 422 and "lineItems[0].amountIncludingTax" in refused.json()["errors"], (
            currency, finer, refused.text)
        if case % 10 == 0:
            paid = http.post(f"/payment/transactions/{data['id']}/process-card-details", space=space, json={
                "cardData": {"primaryAccountNumber": "4111111111111111", "expiryDate": "2031-12"}})
            if paid.status_code == 200:  # the simulator's cards take the major currencies only
                assert Decimal(str(paid.json()["completedAmount"])) == sum(amounts)
