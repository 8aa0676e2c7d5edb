"""Refunds: partial and full, by amount and by line-item reductions, idempotent by externalId,
never more than what was completed, also under 50 concurrent requests."""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

from wallee.models.line_item_reduction_create import LineItemReductionCreate
from wallee.models.refund_create import RefundCreate

from tests.payments.support import create_transaction, pay, product
from tests.services.conftest import refused




def _refund(transaction_id: int, amount: float | None = None, **fields) -> RefundCreate:
    return RefundCreate(transaction=transaction_id, amount=amount, external_id=fields.pop("external_id", None)
                        or uuid.uuid4().hex, type=fields.pop("type", "MERCHANT_INITIATED_ONLINE"), **fields)


def test_partial_then_full_refund(transactions, refunds, space_id):
    paid = create_transaction(transactions, space_id, product("a", "100.00"))
    pay(transactions, space_id, paid.id)
    first = refunds.post_payment_refunds(space_id, _refund(paid.id, 30.0))
    assert first.state.value == "SUCCESSFUL" and first.amount == 30 and first.transaction.id == paid.id
    assert transactions.get_payment_transactions_id(paid.id, space_id).refunded_amount == 30
    body = refused(422, refunds.post_payment_refunds, space_id, _refund(paid.id, 70.01))
    assert body["code"] == "refund_exceeds_refundable_amount" and "70.00" in body["message"]
    rest = refunds.post_payment_refunds(space_id, _refund(paid.id, 70.0))
    assert rest.state.value == "SUCCESSFUL"
    assert transactions.get_payment_transactions_id(paid.id, space_id).refunded_amount == 100
    refused(422, refunds.post_payment_refunds, space_id, _refund(paid.id, 0.01))
    found = refunds.get_payment_refunds_search(space_id, query=f"transaction.id:{paid.id}", order="amount:DESC").data
    assert [r.id for r in found] == [rest.id, first.id]


def test_refund_by_line_item_reductions(transactions, refunds, space_id):
    paid = create_transaction(transactions, space_id, product("shirt", "60.00", quantity="3"), product("cap", "15.00"))
    pay(transactions, space_id, paid.id)
    refund = refunds.post_payment_refunds(space_id, RefundCreate(
        transaction=paid.id, external_id=uuid.uuid4().hex, type="MERCHANT_INITIATED_ONLINE",
        reductions=[LineItemReductionCreate(line_item_unique_id="shirt", quantity_reduction=1, unit_price_reduction=0),
                    LineItemReductionCreate(line_item_unique_id="cap", quantity_reduction=0, unit_price_reduction=5)]))
    assert refund.amount == 25  # one shirt at 20.00 and 5.00 off the cap
    assert {line.unique_id for line in refund.line_items} == {"shirt", "cap"}
    refused(422, refunds.post_payment_refunds, space_id, RefundCreate(
        transaction=paid.id, external_id=uuid.uuid4().hex, type="MERCHANT_INITIATED_ONLINE",
        reductions=[LineItemReductionCreate(line_item_unique_id="shirt", quantity_reduction=4, unit_price_reduction=0)]))


def test_refunds_are_idempotent_by_external_id(transactions, refunds, space_id):
    paid = create_transaction(transactions, space_id)
    pay(transactions, space_id, paid.id)
    body = _refund(paid.id, 10.0, external_id="refund-once")
    first = refunds.post_payment_refunds(space_id, body)
    again = refunds.post_payment_refunds(space_id, body)
    assert again.id == first.id
    assert transactions.get_payment_transactions_id(paid.id, space_id).refunded_amount == 10
    refused(409, refunds.post_payment_refunds, space_id, _refund(paid.id, 11.0, external_id="refund-once"))


def test_only_completed_money_is_refunded(transactions, refunds, space_id):
    pending = create_transaction(transactions, space_id)
    body = refused(422, refunds.post_payment_refunds, space_id, _refund(pending.id, 1.0))
    assert body["code"] == "invalid_state_transition"
    refused(422, refunds.post_payment_refunds, space_id, _refund(999999999, 1.0))
    paid = create_transaction(transactions, space_id)
    pay(transactions, space_id, paid.id)
    refused(422, refunds.post_payment_refunds, space_id, _refund(paid.id, 1.001))
    refused(422, refunds.post_payment_refunds, space_id, _refund(paid.id, -5.0))


def test_manual_refunds_wait_for_a_decision(transactions, refunds, space_id):
    paid = create_transaction(transactions, space_id)
    pay(transactions, space_id, paid.id)
    manual = refunds.post_payment_refunds(space_id, _refund(paid.id, 40.0, type="CUSTOMER_INITIATED_MANUAL"))
    assert manual.state.value == "MANUAL_CHECK"
    assert transactions.get_payment_transactions_id(paid.id, space_id).refunded_amount == 0
    # Waiting refunds count against what can still be refunded.
    refused(422, refunds.post_payment_refunds, space_id, _refund(paid.id, 60.01))
    assert refunds.post_payment_refunds_id_mark_succeeded(manual.id, space_id).state.value == "SUCCESSFUL"
    assert transactions.get_payment_transactions_id(paid.id, space_id).refunded_amount == 40
    body = refused(422, refunds.post_payment_refunds_id_mark_failed, manual.id, space_id)
    assert body["code"] == "invalid_state_transition"
    other = refunds.post_payment_refunds(space_id, _refund(paid.id, 10.0, type="CUSTOMER_INITIATED_MANUAL"))
    assert refunds.post_payment_refunds_id_mark_failed(other.id, space_id).state.value == "FAILED"
    offline = refunds.post_payment_refunds(space_id, _refund(paid.id, 60.0, type="MERCHANT_INITIATED_OFFLINE"))
    assert offline.state.value == "SUCCESSFUL"


def test_fifty_concurrent_refunds_never_exceed_the_completed_amount(server, http, transactions, space_id):
    paid = create_transaction(transactions, space_id, product("a", "100.00"))
    pay(transactions, space_id, paid.id)

    def refund(_):
        body = {"transaction": paid.id, "amount": 10, "externalId": uuid.uuid4().hex,
                "type": "MERCHANT_INITIATED_ONLINE"}
        return http.post("/payment/refunds", json=body, space=space_id).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(refund, range(50)))
    assert statuses.count(201) == 10
    assert set(statuses) == {201, 422}, statuses
    final = transactions.get_payment_transactions_id(paid.id, space_id)
    assert final.refunded_amount == 100
    listed = http.get(f"/payment/refunds/search?query=transaction.id:{paid.id}&limit=100", space=space_id).json()
    assert sum(item["amount"] for item in listed["data"]) == 100
    assert json.dumps(listed)  # the answer is plain JSON
