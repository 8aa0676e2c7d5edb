"""After payments with every documented test card, through the API and the payment page, with
tokens and 3-D Secure, neither the database nor the server's log holds a card number."""

from __future__ import annotations

from wallee.service.transactions_service import TransactionsService

from paystead.simulator import TEST_CARDS
from tests.payments.support import create_transaction, pay, tokenized_card
from tests.payments.test_hosted_pages import page_url, pay_form
from tests.support.card_data import card_numbers_found


def test_no_card_number_is_kept_or_logged(server, config, admin):
    transactions = TransactionsService(config)
    space_id = admin.space_id
    numbers = [card.number for card in TEST_CARDS]
    for number in numbers:
        created = create_transaction(transactions, space_id, tokenization_mode="FORCE_CREATION",
                                     customer_id="card-data-check")
        expiry = "2031-12"
        cvc = "1234" if number.startswith(("34", "37")) else "123"
        pay(transactions, space_id, created.id, number, expiry=expiry, cvc=cvc)
        on_page = create_transaction(transactions, space_id)
        pay_form(page_url(transactions, space_id, on_page.id), cardNumber=" ".join(
            number[i:i + 4] for i in range(0, len(number), 4)), cvc=cvc)
    challenged = create_transaction(transactions, space_id)
    transactions.post_payment_transactions_id_process_card_details_threed(challenged.id, space_id,
                                                                         tokenized_card("4000000000003220"))
    assert card_numbers_found(server) == []
