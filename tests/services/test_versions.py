"""Optimistic-locking versions as wallee's clients observe them, on every versioned resource.

A new object has version 1 and every write adds 1. An update is accepted when it names the
object's current version or the next one (wallee's own SDK suite PATCHes a fresh transaction
with ``version: 2`` and expects 2 back, and elsewhere sends the object's own version); anything
older (stale) or further ahead is a 409 naming the current version. ``confirm`` with a body is
an update and then a state change: a fresh transaction confirmed with ``version: 2`` is 3.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from wallee.models.application_user_create import ApplicationUserCreate
from wallee.models.application_user_update import ApplicationUserUpdate
from wallee.models.customer_active import CustomerActive
from wallee.models.customer_create import CustomerCreate
from wallee.models.space_create import SpaceCreate
from wallee.models.token_create import TokenCreate
from wallee.models.token_update import TokenUpdate
from wallee.models.transaction_pending import TransactionPending
from wallee.models.webhook_url_create import WebhookUrlCreate
from wallee.models.webhook_url_update import WebhookUrlUpdate
from wallee.service.application_users_service import ApplicationUsersService
from wallee.service.customers_service import CustomersService
from wallee.service.spaces_service import SpacesService
from wallee.service.tokens_service import TokensService
from wallee.service.transactions_service import TransactionsService
from wallee.service.webhook_urls_service import WebhookURLsService

from tests.payments.support import create_transaction
from tests.services.conftest import refused, unique


@pytest.fixture()
def space_id(config, admin) -> int:
    return SpacesService(config).post_spaces(SpaceCreate(name=unique("Versions"), account=admin.account_id,
                                                         primary_currency="CHF")).id


def assert_conflict_names_current(body: dict, current: int, word: str) -> None:
    assert body["code"] == "version_conflict", body
    assert f"the current version is {current}" in body["message"] and word in body["message"], body["message"]
    assert body["errors"] == {"version": f"current version is {current}"}


# --- transactions, as wallee's SDK suite drives them -----------------------------------


def test_a_transaction_update_names_the_current_version_or_the_next(config, space_id):
    transactions = TransactionsService(config)
    created = create_transaction(transactions, space_id, merchant_reference="first")
    assert created.version == 1

    # wallee's test_update_should_change_transaction_data: version 2 on a fresh transaction.
    ahead_by_one = transactions.patch_payment_transactions_id(
        created.id, space_id, TransactionPending(version=2, language="en-GB"))
    assert ahead_by_one.version == 2 and ahead_by_one.language == "en-GB"
    assert ahead_by_one.merchant_reference == "first"
    # Its own version, as the token tests send it: accepted too, one more write.
    current = transactions.patch_payment_transactions_id(
        created.id, space_id, TransactionPending(version=2, merchant_reference="second"))
    assert current.version == 3 and current.merchant_reference == "second"

    ahead = refused(409, transactions.patch_payment_transactions_id, created.id, space_id,
                    TransactionPending(version=5, merchant_reference="too far"))
    assert_conflict_names_current(ahead, 3, "ahead")
    stale = refused(409, transactions.patch_payment_transactions_id, created.id, space_id,
                    TransactionPending(version=2, merchant_reference="too late"))
    assert_conflict_names_current(stale, 3, "stale")
    read = transactions.get_payment_transactions_id(created.id, space_id)
    assert read.version == 3 and read.merchant_reference == "second"


def test_an_update_that_changes_no_value_is_still_a_write(config, space_id):
    transactions = TransactionsService(config)
    created = create_transaction(transactions, space_id, merchant_reference="same")
    same = transactions.patch_payment_transactions_id(
        created.id, space_id, TransactionPending(version=1, merchant_reference="same"))
    assert same.version == 2
    assert transactions.patch_payment_transactions_id(created.id, space_id, TransactionPending(version=3)).version == 3


@pytest.mark.parametrize("sent", [1, 2], ids=["current", "next"])
def test_confirm_with_a_body_is_an_update_then_a_state_change(config, space_id, sent):
    transactions = TransactionsService(config)
    created = create_transaction(transactions, space_id, merchant_reference="Test Initial Confirm")
    # wallee's test_confirm_should_make_transaction_confirmed sends version 2 and expects 3.
    confirmed = transactions.post_payment_transactions_id_confirm(
        created.id, space_id, TransactionPending(version=sent, merchant_reference="Test Confirm"))
    assert confirmed.state.value == "CONFIRMED" and confirmed.version == 3
    assert confirmed.merchant_reference == "Test Confirm"
    assert transactions.get_payment_transactions_id(created.id, space_id).version == 3


def test_confirm_refuses_a_version_two_ahead_and_leaves_the_transaction_pending(config, space_id):
    transactions = TransactionsService(config)
    created = create_transaction(transactions, space_id)
    body = refused(409, transactions.post_payment_transactions_id_confirm, created.id, space_id,
                   TransactionPending(version=3, merchant_reference="no"))
    assert_conflict_names_current(body, 1, "ahead")
    read = transactions.get_payment_transactions_id(created.id, space_id)
    assert read.state.value == "PENDING" and read.version == 1


# --- the same rule on other kinds of objects --------------------------------------------


@dataclass
class Kind:
    """How to create one object of a versioned resource and update it through the SDK."""

    create: Callable[[Any, int], Any]
    update: Callable[[Any, int, int, int, str], Any]  # (config, space, id, version, label)
    label_of: Callable[[Any], str]


KINDS = {
    "token": Kind(
        create=lambda config, space: TokensService(config).post_payment_tokens(
            space, TokenCreate(external_id=str(uuid.uuid4()), token_reference="first", state="ACTIVE")),
        update=lambda config, space, ident, version, label: TokensService(config).patch_payment_tokens_id(
            ident, space, TokenUpdate(version=version, token_reference=label)),
        label_of=lambda token: token.token_reference),
    "customer": Kind(
        create=lambda config, space: CustomersService(config).post_customers(space, CustomerCreate(given_name="first")),
        update=lambda config, space, ident, version, label: CustomersService(config).patch_customers_id(
            ident, space, CustomerActive(version=version, given_name=label)),
        label_of=lambda customer: customer.given_name),
    "webhook URL": Kind(
        create=lambda config, space: WebhookURLsService(config).post_webhooks_urls(
            space, WebhookUrlCreate(name="first", url="https://shop.example/hooks")),
        update=lambda config, space, ident, version, label: WebhookURLsService(config).patch_webhooks_urls_id(
            ident, space, WebhookUrlUpdate(version=version, name=label)),
        label_of=lambda url: url.name),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_versioned_resource_takes_the_current_or_the_next_version(config, space_id, kind):
    spec = KINDS[kind]
    created = spec.create(config, space_id)
    assert created.version == 1
    following = spec.update(config, space_id, created.id, 2, "second")  # the next version
    assert following.version == 2 and spec.label_of(following) == "second"
    own = spec.update(config, space_id, created.id, 2, "third")  # the current version
    assert own.version == 3 and spec.label_of(own) == "third"
    assert_conflict_names_current(refused(409, spec.update, config, space_id, created.id, 5, "ahead"), 3, "ahead")
    assert_conflict_names_current(refused(409, spec.update, config, space_id, created.id, 2, "stale"), 3, "stale")
    assert spec.label_of(spec.update(config, space_id, created.id, 4, "fourth")) == "fourth"


def test_an_update_the_service_writes_in_steps_is_still_one_version(config, admin):
    # A state change is checked on its own (the account must keep an administrator) before
    # the other fields are written: the answer is still one version more, not two.
    users = ApplicationUsersService(config)
    user = users.post_application_users(ApplicationUserCreate(name=unique("Versioned"), primary_account=admin.account_id))
    assert user.version == 1
    changed = users.patch_application_users_id(
        user.id, ApplicationUserUpdate(version=1, state="INACTIVE", name=unique("Renamed")))
    assert changed.state.value == "INACTIVE" and changed.version == 2
    assert users.get_application_users_id(user.id).version == 2


# --- bulk updates ----------------------------------------------------------------------


@pytest.mark.parametrize("path, create, label", [
    ("/customers/bulk", lambda config, space: KINDS["customer"].create(config, space), "givenName"),
    ("/webhooks/urls/bulk", lambda config, space: KINDS["webhook URL"].create(config, space), "name"),
], ids=["customers", "webhook URLs"])
def test_bulk_updates_follow_the_same_rule_per_item(config, http, space_id, path, create, label):
    current, following, ahead, stale = (create(config, space_id) for _ in range(4))
    stale = KINDS["customer" if "customers" in path else "webhook URL"].update(config, space_id, stale.id, 1, "moved")
    response = http.patch(path, space=space_id, json=[
        {"id": current.id, "version": 1, label: "current"},
        {"id": following.id, "version": 2, label: "next"},
        {"id": ahead.id, "version": 3, label: "ahead"},
        {"id": stale.id, "version": 1, label: "stale"},
    ])
    assert response.status_code == 200, response.text
    results = response.json()
    assert [item["statusCode"] for item in results] == [200, 200, 409, 409], results
    assert_conflict_names_current(results[2]["error"], 1, "ahead")
    assert_conflict_names_current(results[3]["error"], 2, "stale")
    read_path = path.removesuffix("/bulk")
    for row, version, name in [(current, 2, "current"), (following, 2, "next"), (ahead, 1, "first"), (stale, 2, "moved")]:
        shown = http.get(f"{read_path}/{row.id}", space=space_id).json()
        assert (shown["version"], shown[label]) == (version, name)
