"""process-without-interaction and charge flows answer PROCESSING, as wallee does, and the worker
finishes them (this session's servers run it without delay: tests/conftest.py FAST_PROCESSING).
Every sandbox space has the default charge flow: the customer's token first, then a payment link."""

from __future__ import annotations

import time

import httpx
import pytest
from wallee.service.charge_flow_levels_service import ChargeFlowLevelsService

from tests.payments.support import VISA_OK, create_transaction, pay, settled, sql
from tests.services.conftest import refused

EMAIL_LINK = 1453447675844  # the type wallee's SDK tests send an email recipient for
TOKEN_CHARGE_FAILS = "4000000000000341"


def levels_of(config, space_id: int, transaction_id: int, *, until=None, within: float = 30.0):
    """The transaction's charge flow levels, oldest first; with ``until``, polled until it holds."""
    service = ChargeFlowLevelsService(config)
    deadline = time.monotonic() + within
    while True:
        found = service.get_payment_charge_flows_levels_search(
            space_id, query=f"linkedTransaction:{transaction_id}", order="id:ASC", expand=["configuration"]).data
        if until is None or until(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def tokenized_customer(transactions, space_id: int, customer: str, number: str = VISA_OK) -> int:
    first = create_transaction(transactions, space_id, customer_id=customer, tokenization_mode="FORCE_CREATION")
    paid = pay(transactions, space_id, first.id, number)
    assert paid.token is not None
    return paid.token.id


def test_process_without_interaction_answers_processing_and_the_worker_pays_by_invoice(transactions, space_id):
    created = create_transaction(transactions, space_id)
    started = transactions.post_payment_transactions_id_process_without_interaction(created.id, space_id)
    assert started.id == created.id and started.state.value == "PROCESSING"
    assert settled(transactions, space_id, created.id).state.value == "FULFILL"
    # Done: doing it again is refused, as for any processed transaction.
    body = refused(422, transactions.post_payment_transactions_id_process_without_interaction, created.id, space_id)
    assert body["code"] == "invalid_state_transition"


def test_process_without_interaction_with_a_declined_token_fails_in_the_worker(transactions, space_id):
    token_id = tokenized_customer(transactions, space_id, "c-declining", TOKEN_CHARGE_FAILS)
    created = create_transaction(transactions, space_id, token=token_id)
    assert transactions.post_payment_transactions_id_process_without_interaction(
        created.id, space_id).state.value == "PROCESSING"
    failed = settled(transactions, space_id, created.id)
    assert failed.state.value == "FAILED" and failed.failure_reason is not None


def test_apply_answers_processing_and_cancel_fails_it(config, transactions, space_id):
    created = create_transaction(transactions, space_id)
    applied = transactions.post_payment_transactions_id_charge_flow_apply(created.id, space_id)
    assert applied.state.value == "PROCESSING"
    canceled = transactions.post_payment_transactions_id_charge_flow_cancel(created.id, space_id)
    assert canceled.state.value == "FAILED"
    assert canceled.failure_reason.name["en-US"] == "Charge flow canceled"
    levels = levels_of(config, space_id, created.id)
    assert levels and all(level.state.value == "FAILED" for level in levels)
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "FAILED"
    body = refused(422, transactions.post_payment_transactions_id_charge_flow_cancel, created.id, space_id)
    assert body["code"] == "no_charge_flow"
    body = refused(422, transactions.post_payment_transactions_id_charge_flow_apply, created.id, space_id)
    assert body["code"] == "invalid_state_transition"


def test_apply_charges_the_customers_token_first(config, transactions, space_id):
    token_id = tokenized_customer(transactions, space_id, "c-flow")
    created = create_transaction(transactions, space_id, customer_id="c-flow")
    assert transactions.post_payment_transactions_id_charge_flow_apply(created.id, space_id).state.value \
        == "PROCESSING"
    paid = settled(transactions, space_id, created.id)
    assert paid.state.value == "FULFILL" and paid.token.id == token_id
    [level] = levels_of(config, space_id, created.id)
    assert level.state.value == "SUCCESSFUL" and level.token_charge is not None
    assert level.configuration.name == "Charge the customer's token"


def test_without_a_token_the_flow_sends_a_payment_link_and_waits(config, transactions, space_id):
    created = create_transaction(transactions, space_id, customer_id="c-no-token",
                                 customer_email_address="buyer@example.com")
    transactions.post_payment_transactions_id_charge_flow_apply(created.id, space_id)
    first, link = levels_of(config, space_id, created.id, until=lambda found: len(found) == 2
                            and found[1].timeout_on is not None)
    assert first.state.value == "FAILED" and first.token_charge is None
    assert link.state.value == "PENDING" and link.configuration.type == EMAIL_LINK
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "PROCESSING"


def test_a_declined_token_moves_on_to_the_payment_link(config, transactions, space_id):
    tokenized_customer(transactions, space_id, "c-flow-declined", TOKEN_CHARGE_FAILS)
    created = create_transaction(transactions, space_id, customer_id="c-flow-declined")
    transactions.post_payment_transactions_id_charge_flow_apply(created.id, space_id)
    first, link = levels_of(config, space_id, created.id, until=lambda found: len(found) == 2)
    assert first.state.value == "FAILED" and first.token_charge is not None
    assert link.state.value == "PENDING"
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "PROCESSING"


def test_a_payment_link_level_that_times_out_fails_the_transaction(server, config, transactions, space_id):
    sql(server, "UPDATE charge_flow_level_configurations SET period = 'PT0S' WHERE space_id = :space",
            space=space_id)
    created = create_transaction(transactions, space_id)
    transactions.post_payment_transactions_id_charge_flow_apply(created.id, space_id)
    failed = settled(transactions, space_id, created.id)
    assert failed.state.value == "FAILED" and failed.failure_reason.name["en-US"] == "Transaction timeout"
    assert [level.state.value for level in levels_of(config, space_id, created.id)] == ["FAILED", "FAILED"]


@pytest.mark.parametrize("without", ["flows", "levels"])
def test_apply_without_an_applicable_flow_is_a_422(server, transactions, space_id, without):
    table = "charge_flows" if without == "flows" else "charge_flow_level_configurations"
    sql(server, f"UPDATE {table} SET state = 'INACTIVE' WHERE space_id = :space", space=space_id)
    created = create_transaction(transactions, space_id)
    body = refused(422, transactions.post_payment_transactions_id_charge_flow_apply, created.id, space_id)
    assert body["code"] == "no_charge_flow" and "No charge flow applies" in body["message"]
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "PENDING"


def test_update_recipient_of_the_running_flow(transactions, space_id):
    created = create_transaction(transactions, space_id)
    body = refused(422, transactions.post_payment_transactions_id_charge_flow_update_recipient,
                   created.id, EMAIL_LINK, "test2@domain.com", space_id)
    assert body["code"] == "no_charge_flow"
    transactions.post_payment_transactions_id_charge_flow_apply(created.id, space_id)
    assert transactions.post_payment_transactions_id_charge_flow_update_recipient(
        created.id, EMAIL_LINK, "test2@domain.com", space_id) is None
    refused(422, transactions.post_payment_transactions_id_charge_flow_update_recipient,
            created.id, EMAIL_LINK, "not an address", space_id)
    refused(400, transactions.post_payment_transactions_id_charge_flow_update_recipient,
            created.id, 0, "test2@domain.com", space_id)


def test_payment_page_urls_of_a_transaction_in_a_charge_flow(transactions, space_id):
    created = create_transaction(transactions, space_id)
    transactions.post_payment_transactions_id_charge_flow_apply(created.id, space_id)
    page = transactions.get_payment_transactions_id_payment_page_url(created.id, space_id)
    flow_page = transactions.get_payment_transactions_id_charge_flow_payment_page_url(created.id, space_id)
    for url in (page, flow_page):
        assert f"/s/{space_id}/" in url and str(created.id) in url and "securityToken=" in url
    opened = httpx.get(flow_page)
    assert opened.status_code == 303 and f"/payment/payment-page/{created.id}" in opened.headers["location"]
