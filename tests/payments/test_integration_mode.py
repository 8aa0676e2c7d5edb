"""``integrationMode`` on the payment method endpoints is a free string in the contract; wallee's
plugins send it lowercase (``payment_page``, ``iframe``, ``lightbox``). Any case is accepted; a
name that is no integration mode is a 400 naming the known ones."""

from __future__ import annotations

import httpx
import pytest

from tests.payments.support import create_transaction
from tests.services.conftest import refused


@pytest.mark.parametrize("mode", ["payment_page", "iframe", "lightbox", "Lightbox", "PaYmEnT_PaGe", "IFRAME",
                                  "payment-page"])
def test_any_case_of_a_mode_is_accepted(transactions, space_id, mode):
    created = create_transaction(transactions, space_id)
    methods = transactions.get_payment_transactions_id_payment_method_configurations(created.id, mode, space_id).data
    upper = transactions.get_payment_transactions_id_payment_method_configurations(
        created.id, "PAYMENT_PAGE", space_id).data
    assert [m.id for m in methods] == [m.id for m in upper] and methods


def test_the_credentials_variant_accepts_lowercase_too(server, transactions, space_id):
    created = create_transaction(transactions, space_id)
    credentials = transactions.get_payment_transactions_id_credentials(created.id, space_id)
    base = f"{server.api_url}/payment/transactions/by-credentials/{credentials}/payment-method-configurations"
    for mode in ("iframe", "payment_page", "Lightbox"):
        answer = httpx.get(f"{base}?integrationMode={mode}")
        assert answer.status_code == 200 and answer.json()["data"], (mode, answer.text)
    unknown = httpx.get(f"{base}?integrationMode=popup")
    assert unknown.status_code == 400 and "integrationMode" in unknown.json()["errors"]


@pytest.mark.parametrize("mode", ["popup", "payment page", "pay"])
def test_an_unknown_mode_is_400(transactions, space_id, mode):
    created = create_transaction(transactions, space_id)
    body = refused(400, transactions.get_payment_transactions_id_payment_method_configurations, created.id, mode,
                   space_id)
    assert "PAYMENT_PAGE" in body["message"]
