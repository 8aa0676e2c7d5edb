"""Time-outs enforced by the worker, on a server whose time-outs are a second long: an
unauthorized transaction fails, an authorized one is voided (a partly completed one ends
fulfilled with what was completed)."""

from __future__ import annotations

import time

import pytest
from wallee.models.completion_line_item_create import CompletionLineItemCreate
from wallee.models.transaction_completion_details import TransactionCompletionDetails
from wallee.service.transactions_service import TransactionsService

from tests.conftest import BACKENDS, running_server, sdk_config
from tests.payments.support import VISA_3DS, create_transaction, pay, product, tokenized_card

FAST_TIMEOUTS = {
    "PAYSTEAD_PAYMENTS__AUTHORIZATION_TIMEOUT_SECONDS": 2,
    "PAYSTEAD_PAYMENTS__COMPLETION_TIMEOUT_SECONDS": 2,
    "PAYSTEAD_PAYMENTS__TIMEOUT_CHECK_SECONDS": 0.2,
}


@pytest.fixture(scope="module", params=BACKENDS)
def hurried_server(request, tmp_path_factory):
    with running_server(request.param, tmp_path_factory, **FAST_TIMEOUTS) as server:
        yield server


def _eventually(read, expected: str, seconds: float = 15.0) -> str:
    deadline = time.monotonic() + seconds
    state = read()
    while state != expected and time.monotonic() < deadline:
        time.sleep(0.2)
        state = read()
    return state


def test_time_outs(hurried_server):
    credentials = hurried_server.credentials
    transactions = TransactionsService(sdk_config(hurried_server, credentials))
    space_id = credentials.space_id

    def state_of(transaction_id: int):
        return lambda: transactions.get_payment_transactions_id(transaction_id, space_id).state.value

    unpaid = create_transaction(transactions, space_id)
    challenged = create_transaction(transactions, space_id)
    transactions.post_payment_transactions_id_process_card_details_threed(challenged.id, space_id,
                                                                          tokenized_card(VISA_3DS))
    authorized = create_transaction(transactions, space_id, completion_behavior="COMPLETE_DEFERRED")
    pay(transactions, space_id, authorized.id)
    partly = create_transaction(transactions, space_id, product("a", "50.00"), completion_behavior="COMPLETE_DEFERRED")
    pay(transactions, space_id, partly.id)
    transactions.post_payment_transactions_id_complete_partially_offline(partly.id, space_id, TransactionCompletionDetails(
        line_items=[CompletionLineItemCreate(unique_id="a", quantity=1, amount=20.0)], last_completion=False))

    assert _eventually(state_of(unpaid.id), "FAILED") == "FAILED"
    failed = transactions.get_payment_transactions_id(unpaid.id, space_id)
    assert failed.failure_reason.category.value == "TEMPORARY_ISSUE"
    assert _eventually(state_of(challenged.id), "FAILED") == "FAILED"
    assert _eventually(state_of(authorized.id), "VOIDED") == "VOIDED"
    assert _eventually(state_of(partly.id), "FULFILL") == "FULFILL"
    assert transactions.get_payment_transactions_id(partly.id, space_id).completed_amount == 20
