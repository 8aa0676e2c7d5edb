"""The money ledger through the real server and the official SDK (issue 13, items 1 and 2): each
sequence of ordinary calls that once completed more than was authorized, or refunded a line more
than it was captured for, is now refused with a 422 naming the line and the amounts; amount
refunds spread exactly over the lines in 0- and 2-decimal currencies."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from wallee.models.completion_line_item_create import CompletionLineItemCreate
from wallee.models.line_item_create import LineItemCreate
from wallee.models.line_item_reduction_create import LineItemReductionCreate
from wallee.models.refund_create import RefundCreate
from wallee.models.transaction_completion_details import TransactionCompletionDetails
from wallee.models.transaction_line_item_version_create import TransactionLineItemVersionCreate
from wallee.service.transaction_line_item_versions_service import TransactionLineItemVersionsService

from tests.payments.support import create_transaction, pay, product
from tests.services.conftest import refused




def discount(unique_id: str, amount: str) -> LineItemCreate:
    return LineItemCreate(unique_id=unique_id, name=f"Coupon {unique_id}", type="DISCOUNT", quantity=1,
                          amount_including_tax=float(Decimal(amount)))


def authorized(transactions, space_id, *items, currency="CHF"):
    created = create_transaction(transactions, space_id, *items, currency=currency,
                                 completion_behavior="COMPLETE_DEFERRED")
    assert pay(transactions, space_id, created.id).state.value == "AUTHORIZED"
    return created


def partially(unique_id: str, quantity, amount, last: bool = False) -> TransactionCompletionDetails:
    return TransactionCompletionDetails(
        line_items=[CompletionLineItemCreate(unique_id=unique_id, quantity=quantity, amount=amount)],
        last_completion=last)


def by_amount(transaction_id: int, amount, **fields) -> RefundCreate:
    return RefundCreate(transaction=transaction_id, amount=amount, external_id=uuid.uuid4().hex,
                        type="MERCHANT_INITIATED_ONLINE", **fields)


def by_reductions(transaction_id: int, *reductions: tuple) -> RefundCreate:
    return RefundCreate(transaction=transaction_id, external_id=uuid.uuid4().hex, type="MERCHANT_INITIATED_ONLINE",
                        reductions=[LineItemReductionCreate(line_item_unique_id=unique_id, quantity_reduction=quantity,
                                                            unit_price_reduction=cut)
                                    for unique_id, quantity, cut in reductions])


# --- item 1: never more completed than authorized --------------------------------------------------

def test_a_version_renaming_completed_lines_cannot_complete_them_again(config, transactions, refunds, space_id):
    """authorize 100 (a: 2 x 50), complete a 1 unit for 60, a version with one line z of 100,
    complete the rest: once a completion of 100, completedAmount 160 and a refund of 160."""
    versions = TransactionLineItemVersionsService(config)
    created = authorized(transactions, space_id, product("a", "100.00", quantity="2"))
    body = refused(422, transactions.post_payment_transactions_id_complete_partially_online, created.id, space_id,
                   partially("a", 1, 60.0))
    assert body["code"] == "amount_exceeds_remaining" and "50.00" in body["errors"]["lineItems[0].amount"]
    assert transactions.post_payment_transactions_id_complete_partially_online(
        created.id, space_id, partially("a", 1, 50.0)).amount == 50
    body = refused(422, versions.post_payment_transactions_line_item_versions, space_id,
                   TransactionLineItemVersionCreate(transaction=created.id, external_id=uuid.uuid4().hex,
                                                    line_items=[product("z", "100.00")]))
    assert body["code"] == "completed_line_item_changed" and "'a'" in body["errors"]["lineItems"]
    assert "50.00" in body["message"]
    rest = transactions.post_payment_transactions_id_complete_online(created.id, space_id)
    assert rest.amount == 50
    final = transactions.get_payment_transactions_id(created.id, space_id)
    assert final.state.value == "FULFILL" and final.completed_amount == 100
    body = refused(422, refunds.post_payment_refunds, space_id, by_amount(created.id, 160.0))
    assert body["code"] == "refund_exceeds_refundable_amount"
    assert refunds.post_payment_refunds(space_id, by_amount(created.id, 100.0)).amount == 100


def test_a_version_may_change_what_was_not_completed(config, transactions, space_id):
    versions = TransactionLineItemVersionsService(config)
    created = authorized(transactions, space_id, product("a", "100.00", quantity="2"), product("b", "20.00"))
    transactions.post_payment_transactions_id_complete_partially_online(created.id, space_id, partially("a", 1, 50.0))
    body = refused(422, versions.post_payment_transactions_line_item_versions, space_id,
                   TransactionLineItemVersionCreate(transaction=created.id, external_id=uuid.uuid4().hex,
                                                    line_items=[product("a", "40.00", quantity="2")]))
    assert "lineItems[0].amountIncludingTax" in body["errors"]
    kept = versions.post_payment_transactions_line_item_versions(space_id, TransactionLineItemVersionCreate(
        transaction=created.id, external_id=uuid.uuid4().hex,
        line_items=[product("a", "90.00", quantity="2"), product("c", "30.00")]))
    assert kept.amount == 120
    assert transactions.post_payment_transactions_id_complete_online(created.id, space_id).amount == 70
    assert transactions.get_payment_transactions_id(created.id, space_id).completed_amount == 120


@pytest.mark.parametrize("last", [True, False])
def test_a_partial_completion_leaving_out_the_discount_cannot_exceed_the_authorization(
        transactions, refunds, space_id, last):
    """p 100 and d -20 (authorization 80): p alone once completed 100, and a refund of 100 passed."""
    created = authorized(transactions, space_id, product("p", "100.00"), discount("d", "-20.00"))
    body = refused(422, transactions.post_payment_transactions_id_complete_partially_online, created.id, space_id,
                   partially("p", 1, 100.0, last=last))
    assert body["code"] == "completion_exceeds_authorization"
    assert "80.00" in body["message"] and "'d' (DISCOUNT, -20.00)" in body["message"]
    unchanged = transactions.get_payment_transactions_id(created.id, space_id)
    assert unchanged.state.value == "AUTHORIZED" and unchanged.completed_amount == 0
    completion = transactions.post_payment_transactions_id_complete_partially_online(
        created.id, space_id, partially("p", 1, 80.0, last=True))
    assert completion.amount == 80
    assert transactions.get_payment_transactions_id(created.id, space_id).completed_amount == 80
    refused(422, refunds.post_payment_refunds, space_id, by_amount(created.id, 100.0))
    # p was captured for 80: that is what giving back its unit refunds.
    assert refunds.post_payment_refunds(space_id, by_reductions(created.id, ("p", 1, 0))).amount == 80


def test_the_discount_line_alone_cannot_be_completed(transactions, space_id):
    created = authorized(transactions, space_id, product("p", "100.00"), discount("d", "-20.00"))
    body = refused(422, transactions.post_payment_transactions_id_complete_partially_online, created.id, space_id,
                   partially("d", 1, -20.0, last=True))
    assert body["code"] == "negative_completion" and "-20.00" in body["message"]
    unchanged = transactions.get_payment_transactions_id(created.id, space_id)
    assert unchanged.state.value == "AUTHORIZED" and unchanged.completed_amount == 0
    assert transactions.post_payment_transactions_id_complete_online(created.id, space_id).amount == 80


# --- item 2: refunds counted per line and per completion ------------------------------------------

def test_the_same_line_twice_in_one_refund_is_refused(transactions, refunds, space_id):
    """80 was refunded on a 40 line by naming it twice."""
    paid = create_transaction(transactions, space_id, product("l", "40.00"), product("m", "60.00"))
    pay(transactions, space_id, paid.id)
    body = refused(422, refunds.post_payment_refunds, space_id, by_reductions(paid.id, ("l", 1, 0), ("l", 1, 0)))
    assert "reductions[1].lineItemUniqueId" in body["errors"] and "'l'" in body["message"]
    assert transactions.get_payment_transactions_id(paid.id, space_id).refunded_amount == 0


def test_a_refunded_line_cannot_be_refunded_again(transactions, refunds, space_id):
    paid = create_transaction(transactions, space_id, product("l", "40.00"), product("m", "60.00"))
    pay(transactions, space_id, paid.id)
    assert refunds.post_payment_refunds(space_id, by_reductions(paid.id, ("l", 1, 0))).amount == 40
    body = refused(422, refunds.post_payment_refunds, space_id, by_reductions(paid.id, ("l", 1, 0)))
    assert "reductions[0].quantityReduction" in body["errors"] and "40.00 refunded already" in body["message"]
    body = refused(422, refunds.post_payment_refunds, space_id, by_reductions(paid.id, ("l", 0, 1)))
    assert "reductions[0].unitPriceReduction" in body["errors"]
    assert refunds.post_payment_refunds(space_id, by_amount(paid.id, 60.0)).amount == 60
    assert transactions.get_payment_transactions_id(paid.id, space_id).refunded_amount == 100


def test_reductions_are_priced_at_the_captured_price(transactions, refunds, space_id):
    """A unit authorized at 30 and captured at 0.50 once refunded 30."""
    created = authorized(transactions, space_id, product("u", "60.00", quantity="2"), product("v", "40.00"))
    transactions.post_payment_transactions_id_complete_partially_online(created.id, space_id, partially("v", 1, 40.0))
    transactions.post_payment_transactions_id_complete_partially_online(created.id, space_id,
                                                                        partially("u", 1, 0.5, last=True))
    assert transactions.get_payment_transactions_id(created.id, space_id).completed_amount == Decimal("40.50")
    refund = refunds.post_payment_refunds(space_id, by_reductions(created.id, ("u", 1, 0)))
    assert refund.amount == Decimal("0.50") and [line.amount_including_tax for line in refund.line_items] == [0.5]
    refused(422, refunds.post_payment_refunds, space_id, by_reductions(created.id, ("u", 1, 0)))
    assert transactions.get_payment_transactions_id(created.id, space_id).refunded_amount == Decimal("0.50")


def test_a_refund_naming_a_completion_stays_within_it(transactions, refunds, space_id):
    """60 was refunded against a completion of 30."""
    created = authorized(transactions, space_id, product("a", "30.00"), product("b", "70.00"))
    first = transactions.post_payment_transactions_id_complete_partially_online(created.id, space_id,
                                                                                partially("a", 1, 30.0))
    transactions.post_payment_transactions_id_complete_online(created.id, space_id)
    body = refused(422, refunds.post_payment_refunds, space_id,
                   RefundCreate(completion=first.id, amount=60.0, external_id=uuid.uuid4().hex,
                                type="MERCHANT_INITIATED_ONLINE"))
    assert body["code"] == "refund_exceeds_refundable_amount" and f"completion {first.id}" in body["message"]
    assert refunds.post_payment_refunds(space_id, RefundCreate(
        completion=first.id, amount=20.0, external_id=uuid.uuid4().hex, type="MERCHANT_INITIATED_ONLINE")).amount == 20
    refused(422, refunds.post_payment_refunds, space_id, RefundCreate(
        completion=first.id, amount=10.01, external_id=uuid.uuid4().hex, type="MERCHANT_INITIATED_ONLINE"))
    refused(422, refunds.post_payment_refunds, space_id, RefundCreate(
        completion=first.id, external_id=uuid.uuid4().hex, type="MERCHANT_INITIATED_ONLINE",
        reductions=[LineItemReductionCreate(line_item_unique_id="b", quantity_reduction=1, unit_price_reduction=0)]))
    assert refunds.post_payment_refunds(space_id, by_amount(created.id, 80.0)).amount == 80


def test_outstanding_manual_refunds_count_per_line(transactions, refunds, space_id):
    paid = create_transaction(transactions, space_id, product("l", "40.00"), product("m", "60.00"))
    pay(transactions, space_id, paid.id)
    waiting = refunds.post_payment_refunds(space_id, RefundCreate(
        transaction=paid.id, external_id=uuid.uuid4().hex, type="CUSTOMER_INITIATED_MANUAL",
        reductions=[LineItemReductionCreate(line_item_unique_id="l", quantity_reduction=1, unit_price_reduction=0)]))
    assert waiting.state.value == "MANUAL_CHECK"
    refused(422, refunds.post_payment_refunds, space_id, by_reductions(paid.id, ("l", 1, 0)))
    refunds.post_payment_refunds_id_mark_failed(waiting.id, space_id)
    assert refunds.post_payment_refunds(space_id, by_reductions(paid.id, ("l", 1, 0))).amount == 40


# The simulator's cards take the major currencies only (no 3-decimal one): KWD is covered by the
# in-process tests of the same rules (test_ledger_rules.py).
@pytest.mark.parametrize("currency, unit", [("JPY", "1"), ("CHF", "0.01")])
def test_amount_refunds_spread_over_the_lines_exactly(transactions, refunds, space_id, currency, unit):
    step = Decimal(unit)
    paid = create_transaction(transactions, space_id, product("a", str(7000 * step), quantity="3", tax=None),
                              product("b", str(333 * step), tax=None), discount("d", str(-100 * step)),
                              currency=currency)
    pay(transactions, space_id, paid.id)
    completed = 7233 * step
    first = refunds.post_payment_refunds(space_id, by_amount(paid.id, float(301 * step)))
    assert sum(Decimal(str(line.amount_including_tax)) for line in first.line_items) == 301 * step
    rest = refunds.post_payment_refunds(space_id, by_reductions(paid.id, ("a", 3, 0), ("b", 1, 0), ("d", 1, 0)))
    assert Decimal(str(rest.amount)) == completed - 301 * step
    refused(422, refunds.post_payment_refunds, space_id, by_amount(paid.id, float(step)))
    assert Decimal(str(transactions.get_payment_transactions_id(paid.id, space_id).refunded_amount)) == completed


# --- under concurrency: the row lock makes each check see the others' movements -------------------

def test_concurrent_partial_completions_never_exceed_the_authorization(http, transactions, space_id):
    created = authorized(transactions, space_id, product("a", "100.00", quantity="10"))

    def complete(_):
        return http.post(f"/payment/transactions/{created.id}/complete-partially-online", space=space_id, json={
            "lineItems": [{"uniqueId": "a", "quantity": 2, "amount": 20}], "lastCompletion": False}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(complete, range(12)))
    assert statuses.count(200) == 5 and set(statuses) == {200, 422}, statuses
    assert transactions.get_payment_transactions_id(created.id, space_id).completed_amount == 100


def test_concurrent_reductions_of_one_line_refund_it_once(http, transactions, space_id):
    paid = create_transaction(transactions, space_id, product("l", "40.00"), product("m", "60.00"))
    pay(transactions, space_id, paid.id)

    def refund(_):
        return http.post("/payment/refunds", space=space_id, json={
            "transaction": paid.id, "externalId": uuid.uuid4().hex, "type": "MERCHANT_INITIATED_ONLINE",
            "reductions": [{"lineItemUniqueId": "l", "quantityReduction": 1, "unitPriceReduction": 0}]}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(refund, range(12)))
    assert statuses.count(201) == 1 and set(statuses) == {201, 422}, statuses
    assert transactions.get_payment_transactions_id(paid.id, space_id).refunded_amount == 40
