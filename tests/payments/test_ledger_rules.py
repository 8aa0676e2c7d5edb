"""The money ledger's pure rules (payments/ledger.py), in process: each rule by example, then
random sequences of completions, line-item versions and refunds (by amount and by reductions) in
0-, 2- and 3-decimal currencies, checking after every accepted step that completed <= authorized,
refunded <= completed (in total and per line) and that nothing is negative (500 sequences, 10,000
with PAYSTEAD_TEST_FULL=1). The same rules through the real server are in test_money_ledger.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paystead.errors import UnprocessableEntity
from paystead.payments.ledger import (
    build_ledger,
    check_line_item_version,
    check_refund,
    plan_amount_refund,
    plan_completion,
    plan_reduction_refund,
)
from paystead.payments.money import quantum
from tests.reliability.conftest import count

D = Decimal


def line(unique_id: str, amount: str, quantity: str = "1", kind: str = "PRODUCT") -> dict:
    return {"uniqueId": unique_id, "type": kind, "quantity": quantity, "amountIncludingTax": amount, "name": unique_id}


def captured(captures) -> tuple[Decimal, list[dict]]:
    items = [line(c.unique_id, str(c.amount), str(c.quantity)) for c in captures]
    return sum((c.amount for c in captures), D(0)), items


def refused(call, *args) -> dict:
    with pytest.raises(UnprocessableEntity) as caught:
        call(*args)
    return {"code": caught.value.code, "errors": caught.value.errors, "message": caught.value.message}


# --- by example ----------------------------------------------------------------------------------

def test_a_partial_completion_may_not_exceed_its_units_share():
    ledger = build_ledger("CHF", D(100), [line("a", "100", "2")], [], [])
    body = refused(plan_completion, ledger, [{"uniqueId": "a", "quantity": 1, "amount": 60}])
    assert body["code"] == "amount_exceeds_remaining" and "50.00" in body["errors"]["lineItems[0].amount"]
    assert [c.amount for c in plan_completion(ledger, [{"uniqueId": "a", "quantity": 1, "amount": 50}])] == [50]


def test_a_share_is_rounded_up_to_the_minor_unit_and_the_last_unit_takes_the_rest():
    ledger = build_ledger("CHF", D(100), [line("a", "100", "3")], [], [])
    plan_completion(ledger, [{"uniqueId": "a", "quantity": 1, "amount": D("33.34")}])
    refused(plan_completion, ledger, [{"uniqueId": "a", "quantity": 1, "amount": D("33.35")}])
    ledger = build_ledger("CHF", D(100), [line("a", "100", "3")], [(D("33.34"), [line("a", "33.34")])], [])
    assert [(c.quantity, c.amount) for c in plan_completion(ledger)] == [(2, D("66.66"))]


def test_leaving_out_the_discount_cannot_complete_more_than_authorized():
    lines = [line("p", "100"), line("d", "-20", kind="DISCOUNT")]
    ledger = build_ledger("CHF", D(80), lines, [], [])
    body = refused(plan_completion, ledger, [{"uniqueId": "p", "quantity": 1, "amount": 100}])
    assert body["code"] == "completion_exceeds_authorization"
    assert "80.00" in body["message"] and "'d' (DISCOUNT, -20.00)" in body["message"]
    assert sum(c.amount for c in plan_completion(ledger, [{"uniqueId": "p", "quantity": 1, "amount": 80}])) == 80
    assert sum(c.amount for c in plan_completion(ledger)) == 80


def test_no_negative_completion():
    ledger = build_ledger("CHF", D(80), [line("p", "100"), line("d", "-20", kind="DISCOUNT")], [], [])
    body = refused(plan_completion, ledger, [{"uniqueId": "d", "quantity": 1, "amount": -20}])
    assert body["code"] == "negative_completion"
    refused(plan_completion, ledger, [{"uniqueId": "p", "quantity": 1, "amount": 10},
                                      {"uniqueId": "d", "quantity": 1, "amount": -20}])
    body = refused(plan_completion, ledger, [{"uniqueId": "p", "quantity": 1, "amount": -10}])
    assert "lineItems[0].amount" in body["errors"]


def test_a_version_keeps_every_completed_line():
    ledger = build_ledger("CHF", D(100), [line("a", "100", "2")], [(D(50), [line("a", "50")])], [])
    body = refused(check_line_item_version, ledger, [line("z", "100")])
    assert body["code"] == "completed_line_item_changed" and "'a'" in body["errors"]["lineItems"]
    assert "lineItems[0].type" in refused(check_line_item_version, ledger, [line("a", "-60", kind="DISCOUNT"),
                                                                            line("b", "160")])["errors"]
    assert "lineItems[0].quantity" in refused(check_line_item_version, ledger, [line("a", "60", "0.5")])["errors"]
    assert "lineItems[1].amountIncludingTax" in refused(check_line_item_version, ledger,
                                                        [line("b", "60"), line("a", "40", "2")])["errors"]
    check_line_item_version(ledger, [line("a", "50", "1"), line("z", "50")])
    assert refused(check_line_item_version, ledger, [line("a", "50"), line("z", "50.01")])["code"] == \
        "amount_out_of_range"


def test_a_line_is_named_once_per_refund_and_refunded_once():
    ledger = build_ledger("CHF", D(100), [line("l", "40"), line("m", "60")],
                          [(D(100), [line("l", "40"), line("m", "60")])], [])
    body = refused(plan_reduction_refund, ledger, [
        {"lineItemUniqueId": "l", "quantityReduction": 1, "unitPriceReduction": 0},
        {"lineItemUniqueId": "l", "quantityReduction": 1, "unitPriceReduction": 0}])
    assert "reductions[1].lineItemUniqueId" in body["errors"]
    ledger = build_ledger("CHF", D(100), [line("l", "40"), line("m", "60")],
                          [(D(100), [line("l", "40"), line("m", "60")])],
                          [(D(40), [line("l", "40")], [{"lineItemUniqueId": "l", "quantityReduction": "1"}])])
    body = refused(plan_reduction_refund, ledger, [{"lineItemUniqueId": "l", "quantityReduction": 1,
                                                    "unitPriceReduction": 0}])
    assert "reductions[0].quantityReduction" in body["errors"]


def test_reductions_are_priced_at_what_was_captured():
    ledger = build_ledger("CHF", D(100), [line("u", "60", "2"), line("v", "40")],
                          [(D("40.50"), [line("u", "0.50"), line("v", "40")])], [])
    planned = plan_reduction_refund(ledger, [{"lineItemUniqueId": "u", "quantityReduction": 1,
                                              "unitPriceReduction": 0}])
    assert [p.amount for p in planned] == [D("0.50")]
    body = refused(plan_reduction_refund, ledger, [{"lineItemUniqueId": "v", "quantityReduction": 0,
                                                    "unitPriceReduction": D("40.01")}])
    assert "reductions[0].unitPriceReduction" in body["errors"]


def test_a_refund_of_a_completion_stays_within_it():
    completion = build_ledger("CHF", D(30), [line("a", "30")], [(D(30), [line("a", "30")])], [],
                              scope="completion 1")
    body = refused(check_refund, completion, D(60), [])
    assert body["code"] == "refund_exceeds_refundable_amount" and "completion 1" in body["message"]


@pytest.mark.parametrize("currency", ["JPY", "CHF", "KWD"])
def test_amount_refunds_spread_exactly_over_the_lines(currency):
    step = quantum(currency)
    lines = [line("a", str(1000 * step * 7), "3"), line("b", str(333 * step)),
             line("d", str(-100 * step), kind="DISCOUNT")]
    completed = sum(D(item["amountIncludingTax"]) for item in lines)
    ledger = build_ledger(currency, completed, lines, [(completed, lines)], [])
    for amount in (step, 301 * step, completed - step, completed):
        planned = plan_amount_refund(ledger, amount)
        assert sum(p.amount for p in planned) == amount
        check_refund(ledger, amount, planned)
        assert all(p.amount == p.amount.quantize(step) for p in planned)


# --- random sequences ------------------------------------------------------------------------------

CURRENCIES = ["JPY", "CHF", "KWD"]


@st.composite
def transactions(draw):
    currency = draw(st.sampled_from(CURRENCIES))
    step = quantum(currency)
    lines = []
    for index in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["PRODUCT", "PRODUCT", "SHIPPING", "FEE", "DISCOUNT"]))
        units = draw(st.integers(0, 5000)) * step
        lines.append(line(f"l{index}", str(-units if kind == "DISCOUNT" else units),
                          str(draw(st.integers(1, 4))), kind))
    total = sum(D(item["amountIncludingTax"]) for item in lines)
    if total < 0:
        lines.append(line("fix", str(-total), "1", "FEE"))
    return currency, lines


class Model:
    """The rows a server keeps, fed to the ledger the way domains/transactions/ledger.py does."""

    def __init__(self, currency, lines):
        self.currency, self.lines = currency, lines
        self.authorized = sum(D(item["amountIncludingTax"]) for item in lines)
        self.completions: list[tuple] = []
        self.refunds: list[tuple] = []

    def ledger(self):
        return build_ledger(self.currency, self.authorized, self.lines, self.completions, self.refunds)

    def check(self):
        ledger = self.ledger()
        assert D(0) <= ledger.completed <= self.authorized
        assert D(0) <= ledger.refunded <= ledger.completed
        assert all(amount >= 0 for amount, _ in self.completions)
        for each in ledger.lines.values():
            assert each.completed_quantity <= each.quantity
            assert abs(each.completed_amount) <= abs(each.amount) or not each.current
            assert each.completed_amount == 0 or (each.completed_amount < 0) == (each.amount < 0)
            assert 0 <= each.refunded_quantity <= each.completed_quantity
            assert abs(each.refunded_amount) <= abs(each.completed_amount)
            assert each.refunded_amount == 0 or (each.refunded_amount < 0) == (each.completed_amount < 0)
        assert sum(each.completed_amount for each in ledger.lines.values()) == ledger.completed
        assert sum(each.refunded_amount for each in ledger.lines.values()) == ledger.refunded


@settings(max_examples=count(500, 10_000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transactions(), st.data())
def test_random_sequences_keep_the_invariants(transaction, data):
    currency, lines = transaction
    model = Model(currency, lines)
    step = quantum(currency)
    for _ in range(data.draw(st.integers(1, 8))):
        operation = data.draw(st.sampled_from(["partial", "rest", "version", "amount", "reductions"]))
        ledger = model.ledger()
        try:
            if operation == "partial":
                chosen = data.draw(st.lists(st.sampled_from([item["uniqueId"] for item in model.lines]), min_size=1,
                                            max_size=3))
                requested = [{"uniqueId": uid, "quantity": data.draw(st.integers(1, 4)),
                              "amount": data.draw(st.integers(-3000, 6000)) * step} for uid in chosen]
                model.completions.append(captured(plan_completion(ledger, requested)))
            elif operation == "rest":
                model.completions.append(captured(plan_completion(ledger)))
            elif operation == "version":
                new = [dict(item, amountIncludingTax=str(D(item["amountIncludingTax"]) * data.draw(
                    st.sampled_from([D(0), D("0.5"), D(1)])).quantize(step)))
                       for item in model.lines if data.draw(st.booleans())] or [line("new", "0")]
                check_line_item_version(ledger, new)
                model.lines = new
            elif operation == "amount":
                amount = data.draw(st.integers(1, 8000)) * step
                check_refund(ledger, amount, [])
                planned = plan_amount_refund(ledger, amount)
                check_refund(ledger, amount, planned)
                model.refunds.append((amount, [line(p.unique_id, str(p.amount)) for p in planned], None))
            else:
                reductions = [{"lineItemUniqueId": uid, "quantityReduction": data.draw(st.integers(0, 2)),
                               "unitPriceReduction": data.draw(st.integers(0, 50)) * step}
                              for uid in data.draw(st.lists(st.sampled_from(sorted(ledger.lines)), min_size=1,
                                                            max_size=3))]
                planned = plan_reduction_refund(ledger, reductions)
                amount = sum(p.amount for p in planned)
                check_refund(ledger, amount, planned)
                model.refunds.append((amount, [line(p.unique_id, str(p.amount)) for p in planned],
                                      [{"lineItemUniqueId": p.unique_id, "quantityReduction": str(p.removed)}
                                       for p in planned]))
        except UnprocessableEntity as refused_step:
            assert refused_step.errors  # always names the field
        model.check()
