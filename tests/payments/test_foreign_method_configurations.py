"""A transaction may be limited to payment method configurations of its own space only: another
space's configuration (or a deleted one) is a 422 naming ``allowedPaymentMethodConfigurations``
and nothing is stored, on creation and on change, exactly as payment links refuse them."""

from __future__ import annotations

import pytest
from wallee.models.space_create import SpaceCreate
from wallee.models.transaction_pending import TransactionPending
from wallee.service.payment_method_configurations_service import PaymentMethodConfigurationsService
from wallee.service.spaces_service import SpacesService

from tests.payments.support import create_transaction
from tests.services.conftest import refused, unique

FIELD = "allowedPaymentMethodConfigurations"



@pytest.fixture()
def foreign_configuration(config, admin) -> int:
    """A live payment method configuration of another space of the same account."""
    other = SpacesService(config).post_spaces(SpaceCreate(name=unique("Other"), account=admin.account_id,
                                                          primary_currency="CHF"))
    return PaymentMethodConfigurationsService(config).get_payment_method_configurations(other.id).data[0].id


def _own_configurations(config, space_id) -> list[int]:
    return [m.id for m in PaymentMethodConfigurationsService(config).get_payment_method_configurations(space_id).data]


def _transaction_ids(transactions, space_id) -> set[int]:
    return {t.id for t in transactions.get_payment_transactions(space_id, limit=100).data}


def _assert_names_the_field(body: dict) -> None:
    assert FIELD in (body.get("errors") or {}) or FIELD in body["message"], body


def test_creating_with_another_spaces_configuration_is_422_and_stores_nothing(
        config, transactions, space_id, foreign_configuration):
    own = _own_configurations(config, space_id)
    before = _transaction_ids(transactions, space_id)
    for allowed in ([foreign_configuration], [own[0], foreign_configuration]):
        body = refused(422, create_transaction, transactions, space_id,
                       allowed_payment_method_configurations=allowed)
        _assert_names_the_field(body)
        assert str(foreign_configuration) in body["message"]
    assert _transaction_ids(transactions, space_id) == before
    # The space's own configurations are accepted and kept.
    created = create_transaction(transactions, space_id, allowed_payment_method_configurations=[own[0]])
    assert created.allowed_payment_method_configurations == [own[0]]


def test_changing_to_another_spaces_configuration_is_422_and_changes_nothing(
        config, transactions, space_id, foreign_configuration):
    own = _own_configurations(config, space_id)
    created = create_transaction(transactions, space_id, allowed_payment_method_configurations=[own[0]])
    body = refused(422, transactions.patch_payment_transactions_id, created.id, space_id, TransactionPending(
        version=created.version, allowed_payment_method_configurations=[foreign_configuration],
        merchant_reference="changed"))
    _assert_names_the_field(body)
    after = transactions.get_payment_transactions_id(created.id, space_id)
    assert after.allowed_payment_method_configurations == [own[0]]
    assert after.version == created.version and after.merchant_reference != "changed"


def test_a_deleted_configuration_is_refused(config, transactions, space_id):
    methods = PaymentMethodConfigurationsService(config)
    deleted = _own_configurations(config, space_id)[-1]
    methods.delete_payment_method_configurations_id(deleted, space_id)
    _assert_names_the_field(refused(422, create_transaction, transactions, space_id,
                                    allowed_payment_method_configurations=[deleted]))


def test_links_and_transactions_refuse_alike(http, space_id, foreign_configuration, transactions):
    """The same check serves both: the same code and the same field. (The SDK's model of a link
    leaves the configurations' ids out, read-only there: raw HTTP sends them.)"""
    answer = http.post("/payment/links", space=space_id, json={
        "externalId": unique("link"), "protectionMode": "NO_PROTECTION",
        FIELD: [{"id": foreign_configuration}]})
    assert answer.status_code == 422, answer.text
    link_body = answer.json()
    transaction_body = refused(422, create_transaction, transactions, space_id,
                               allowed_payment_method_configurations=[foreign_configuration])
    assert link_body["code"] == transaction_body["code"] == "unknown_reference"
    _assert_names_the_field(link_body)
    _assert_names_the_field(transaction_body)
