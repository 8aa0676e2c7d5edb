"""What the SDK suite asks of a paid card transaction besides its completion (issue 14):
whether a token can be created from it, and its terminal receipts (none for a card payment)."""

from __future__ import annotations

import pytest
from wallee.models.terminal_receipt_format import TerminalReceiptFormat

from tests.payments.support import VISA_3DS, VISA_DECLINED, create_transaction, pay, settled, tokenized_card
from tests.services.conftest import refused


def _possible(transactions, space_id, transaction_id) -> bool:
    return transactions.get_payment_transactions_id_check_token_creation_possible(transaction_id, space_id)


@pytest.mark.parametrize("mode", [None, "FORCE_CREATION", "FORCE_CREATION_WITH_ONE_CLICK_PAYMENT",
                                  "ALLOW_ONE_CLICK_PAYMENT", "FORCE_UPDATE"])
def test_a_card_payment_authorized_once_can_make_a_token_whatever_its_tokenization_mode(
        transactions, space_id, mode):
    fields = {"tokenization_mode": mode} if mode else {}
    fulfilled = create_transaction(transactions, space_id, customer_id="tok-check", **fields)
    assert pay(transactions, space_id, fulfilled.id).state.value == "FULFILL"
    assert _possible(transactions, space_id, fulfilled.id) is True
    voided = create_transaction(transactions, space_id, customer_id="tok-check",
                                completion_behavior="COMPLETE_DEFERRED", **fields)
    assert pay(transactions, space_id, voided.id).state.value == "AUTHORIZED"
    assert _possible(transactions, space_id, voided.id) is True
    transactions.post_payment_transactions_id_void_online(voided.id, space_id)
    assert transactions.get_payment_transactions_id(voided.id, space_id).state.value == "VOIDED"
    assert _possible(transactions, space_id, voided.id) is True


def test_a_token_charge_can_make_a_token_too(transactions, space_id):
    first = create_transaction(transactions, space_id, customer_id="tok-charge", tokenization_mode="FORCE_CREATION")
    token = pay(transactions, space_id, first.id).token
    again = create_transaction(transactions, space_id, token=token.id)
    transactions.post_payment_transactions_id_process_with_token(again.id, space_id)
    assert _possible(transactions, space_id, again.id) is True


def test_what_was_never_authorized_or_holds_no_card_cannot(transactions, space_id):
    pending = create_transaction(transactions, space_id)
    assert _possible(transactions, space_id, pending.id) is False
    failed = create_transaction(transactions, space_id, tokenization_mode="FORCE_CREATION")
    assert pay(transactions, space_id, failed.id, VISA_DECLINED).state.value == "FAILED"
    assert _possible(transactions, space_id, failed.id) is False
    challenged = create_transaction(transactions, space_id)
    transactions.post_payment_transactions_id_process_card_details_threed(challenged.id, space_id,
                                                                          tokenized_card(VISA_3DS))
    assert transactions.get_payment_transactions_id(challenged.id, space_id).state.value == "PROCESSING"
    assert _possible(transactions, space_id, challenged.id) is False
    # Paid by invoice: authorized, but there is no payment information to keep.
    by_invoice = create_transaction(transactions, space_id)
    transactions.post_payment_transactions_id_process_without_interaction(by_invoice.id, space_id)
    assert settled(transactions, space_id, by_invoice.id).authorized_on is not None
    assert _possible(transactions, space_id, by_invoice.id) is False
    refused(404, transactions.get_payment_transactions_id_check_token_creation_possible, 99_999_999, space_id)


def test_a_card_payment_has_no_terminal_receipts(http, transactions, space_id):
    created = create_transaction(transactions, space_id)
    pay(transactions, space_id, created.id)
    transactions.post_payment_transactions_id_complete_online(created.id, space_id)
    receipts = transactions.get_payment_transactions_id_terminal_receipts(
        created.id, TerminalReceiptFormat.TXT, 200, space_id)
    assert receipts is not None and receipts.data == [] and receipts.has_more is False
    assert len(transactions.get_payment_transactions_id_terminal_receipts(
        created.id, TerminalReceiptFormat.PDF, 80, space_id).data) == 0
    raw = http.get(f"/payment/transactions/{created.id}/terminal-receipts?format=TXT&width=200", space=space_id)
    assert raw.status_code == 200 and raw.json()["data"] == []
    refused(404, transactions.get_payment_transactions_id_terminal_receipts, 99_999_999, TerminalReceiptFormat.TXT,
            200, space_id)
