"""Tokens: created by a tokenizing payment and charged later, created by the merchant
(idempotently), one-click payments through transaction credentials."""

from __future__ import annotations

import httpx
import pytest
from wallee.models.token_create import TokenCreate
from wallee.models.token_update import TokenUpdate
from wallee.models.transaction_create import TransactionCreate
from wallee.service.token_versions_service import TokenVersionsService
from wallee.service.tokens_service import TokensService

from tests.payments.support import VISA_OK, create_transaction, pay, product, settled
from tests.services.conftest import refused

TOKEN_CHARGE_FAILS = "4000000000000341"



@pytest.fixture()
def tokens(config) -> TokensService:
    return TokensService(config)


def _tokenized_payment(transactions, space_id, number=VISA_OK, customer="cust-tok", mode="FORCE_CREATION"):
    created = create_transaction(transactions, space_id, customer_id=customer, tokenization_mode=mode)
    paid = pay(transactions, space_id, created.id, number)
    assert paid.state.value == "FULFILL" and paid.token is not None
    return paid


def test_a_tokenizing_payment_creates_a_token_that_can_be_charged(config, transactions, tokens, space_id):
    paid = _tokenized_payment(transactions, space_id)
    token = tokens.get_payment_tokens_id(paid.token.id, space_id)
    assert token.customer_id == "cust-tok" and token.state.value == "ACTIVE"
    version = tokens.get_payment_tokens_id_active_version(token.id, space_id)
    assert version.name == "411111******1111" and version.state.value == "ACTIVE"
    assert VISA_OK not in str(version.to_dict())
    assert TokenVersionsService(config).get_payment_token_versions_id(version.id, space_id).token.id == token.id

    again = create_transaction(transactions, space_id, product("sub", "20.00"), token=token.id)
    charge = transactions.post_payment_transactions_id_process_with_token(again.id, space_id)
    assert charge.state.value == "SUCCESSFUL" and charge.type.value == "TOKEN"
    assert transactions.get_payment_transactions_id(again.id, space_id).state.value == "FULFILL"

    third = create_transaction(transactions, space_id, product("sub", "20.00"), token=token.id)
    started = transactions.post_payment_transactions_id_process_without_interaction(third.id, space_id)
    assert started.state.value == "PROCESSING"  # the worker charges the token, as on wallee
    assert settled(transactions, space_id, third.id).state.value == "FULFILL"


def test_a_card_whose_token_charges_fail(transactions, space_id):
    paid = _tokenized_payment(transactions, space_id, TOKEN_CHARGE_FAILS)
    again = create_transaction(transactions, space_id, token=paid.token.id)
    charge = transactions.post_payment_transactions_id_process_with_token(again.id, space_id)
    assert charge.state.value == "FAILED" and charge.failure_reason is not None
    assert transactions.get_payment_transactions_id(again.id, space_id).state.value == "FAILED"


def test_process_with_token_needs_a_token(transactions, space_id):
    created = create_transaction(transactions, space_id)
    body = refused(422, transactions.post_payment_transactions_id_process_with_token, created.id, space_id)
    assert body["code"] == "token_required"


def test_merchant_tokens_crud_and_idempotency(tokens, space_id):
    body = TokenCreate(external_id="tok-1", customer_id="c-1", token_reference="ref", language="de-CH")
    first = tokens.post_payment_tokens(space_id, body)
    assert tokens.post_payment_tokens(space_id, body).id == first.id
    refused(409, tokens.post_payment_tokens, space_id, TokenCreate(external_id="tok-1", customer_id="other"))
    updated = tokens.patch_payment_tokens_id(first.id, space_id, TokenUpdate(version=first.version,
                                                                             enabled_for_one_click_payment=True))
    assert updated.enabled_for_one_click_payment is True
    refused(404, tokens.get_payment_tokens_id_active_version, first.id, space_id)
    assert [t.id for t in tokens.get_payment_tokens_search(space_id, query="customerId:c-1").data] == [first.id]
    created = tokens.post_payment_tokens_id_create_transaction_for_token_update(first.id, space_id)
    assert created.token.id == first.id and created.tokenization_mode.value == "FORCE_UPDATE"
    tokens.delete_payment_tokens_id(first.id, space_id)
    refused(404, tokens.get_payment_tokens_id, first.id, space_id)


def test_values_longer_than_their_columns_are_a_422_naming_the_field(tokens, space_id):
    # Found by schemathesis (tests/reliability/test_schemathesis.py): the contract gives a token's
    # language and time zone no maximum, their columns have one; PostgreSQL answered with a 500.
    for field, value in (("language", "x" * 21), ("time_zone", "x" * 101), ("customer_id", "x" * 101)):
        body = refused(422, tokens.post_payment_tokens, space_id,
                       TokenCreate(external_id=f"too-long-{field}", **{field: value}))
        wire = {"language": "language", "time_zone": "timeZone", "customer_id": "customerId"}[field]
        assert wire in body["errors"], body
    fits = tokens.post_payment_tokens(space_id, TokenCreate(external_id="long-enough", language="x" * 20))
    assert fits.language == "x" * 20


def test_one_click_payment_with_credentials(server, transactions, tokens, space_id):
    paid = _tokenized_payment(transactions, space_id, customer="one-click", mode="FORCE_CREATION_WITH_ONE_CLICK_PAYMENT")
    checkout = create_transaction(transactions, space_id, product("x", "12.50"), customer_id="one-click",
                                  success_url="https://shop.example/ok")
    credentials = transactions.get_payment_transactions_id_credentials(checkout.id, space_id)
    assert credentials.startswith(f"{space_id}-") and f"-{checkout.id}-" in credentials
    # The buyer's app has no key: only the credentials.
    base = f"{server.api_url}/payment/transactions/by-credentials/{credentials}"
    read = httpx.get(base, headers={"Space": str(space_id)})
    assert read.status_code == 200 and read.json()["id"] == checkout.id
    versions = httpx.get(f"{base}/one-click-tokens").json()["data"]
    assert [v["token"]["id"] for v in versions] == [paid.token.id]
    processed = httpx.post(f"{base}/one-click-tokens/{versions[0]['id']}/process")
    assert processed.status_code == 200 and processed.json() == "https://shop.example/ok"
    assert transactions.get_payment_transactions_id(checkout.id, space_id).state.value == "FULFILL"
    methods = httpx.get(f"{base}/payment-method-configurations?integrationMode=PAYMENT_PAGE")
    assert methods.status_code == 200 and methods.json()["data"]
    # Credentials reach their transaction only, and a tampered or foreign one is refused.
    assert httpx.get(base[:-3] + "abc").status_code == 401
    assert httpx.get(base, headers={"Space": str(space_id + 1000)}).status_code == 403


def test_sdk_uses_credentials_too(config, transactions, space_id):
    created = transactions.post_payment_transactions(space_id, TransactionCreate(
        line_items=[product("a", "5.00")], currency="CHF"))
    credentials = transactions.get_payment_transactions_id_credentials(created.id, space_id)
    assert transactions.get_payment_transactions_by_credentials_credentials(credentials, space_id).id == created.id
    url = transactions.get_payment_transactions_by_credentials_credentials_mobile_sdk_url(credentials, space_id)
    assert f"/{created.id}" in url and "securityToken=" in url
