"""What the model-based money test reads, sends and checks: exact (Decimal) JSON over raw HTTP
with real JWTs, and the money invariants of one transaction as read-only rules over what the
API shows (the transaction, its completions, refunds and line-item versions).

The invariants say nothing about *how* the server decides: they hold whatever it refuses or
accepts. A line item is identified by its ``uniqueId``; a refund or completion counts unless it
FAILED (pending and manual-check refunds hold money back too).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision

from tests.support.jwt_client import WalleeHttp

ZERO = Decimal(0)
COUNTING_REFUND_STATES = ("CREATE", "SCHEDULED", "PENDING", "MANUAL_CHECK", "SUCCESSFUL")
LINE_AMOUNT_FIELDS = (
    "amountIncludingTax", "amountExcludingTax", "taxAmount", "taxAmountPerUnit", "discountIncludingTax",
    "discountExcludingTax", "unitPriceIncludingTax", "unitPriceExcludingTax", "undiscountedAmountIncludingTax",
    "undiscountedAmountExcludingTax", "undiscountedUnitPriceIncludingTax", "undiscountedUnitPriceExcludingTax",
)


# --- exact JSON ---------------------------------------------------------------------------------

def dumps(value) -> str:
    """JSON with Decimals written as exact numbers (``json`` would refuse them, floats round)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key)}: {dumps(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(dumps(item) for item in value) + "]"
    return json.dumps(value)


def dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def digits_of(currency: str) -> int:
    return get_currency_precision(currency)


def minor_unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-digits_of(currency))


def rounded(value: Decimal, currency: str) -> Decimal:
    return value.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


@dataclass
class Answer:
    status: int
    body: object  # parsed JSON (numbers with a fraction as Decimal), or the text

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class ServerError(AssertionError):
    """A 5xx: always a bug."""


class MoneyApi:
    """The calls the test makes, in one space, each answer parsed exactly."""

    def __init__(self, http: WalleeHttp, space_id: int) -> None:
        self.http = http
        self.space_id = space_id
        self.requests = 0

    def call(self, method: str, path: str, body=None) -> Answer:
        self.requests += 1
        response = self.http.request(method, path, space=self.space_id,
                                     content=None if body is None else dumps(body).encode(),
                                     headers={"Content-Type": "application/json"} if body is not None else None)
        try:
            parsed = json.loads(response.text, parse_float=Decimal)
        except ValueError:
            parsed = response.text
        if response.status_code >= 500:
            raise ServerError(f"{method} {path} {dumps(body) if body is not None else ''} -> "
                              f"{response.status_code} {response.text[:500]}")
        return Answer(response.status_code, parsed)

    def transaction(self, transaction_id: int) -> dict:
        answer = self.call("GET", f"/payment/transactions/{transaction_id}")
        assert answer.status == 200, answer
        return answer.body

    def listed(self, path: str, query: str) -> list[dict]:
        answer = self.call("GET", f"{path}/search?query={query}&order=id:ASC&limit=100")
        assert answer.status == 200, answer
        return answer.body["data"]

    def completions(self, transaction_id: int) -> list[dict]:
        return self.listed("/payment/transactions/completions", f"linkedTransaction:{transaction_id}")

    def refunds(self, transaction_id: int) -> list[dict]:
        return self.listed("/payment/refunds", f"transaction.id:{transaction_id}")

    def versions(self, transaction_id: int) -> list[dict]:
        return self.listed("/payment/transactions/line-item-versions", f"linkedTransaction:{transaction_id}")


def completion_of(refund: dict) -> int | None:
    """The id of the completion a refund names (an id, or a linked object)."""
    named = refund.get("completion")
    return named.get("id") if isinstance(named, dict) else named


# --- the invariants -----------------------------------------------------------------------------

def _has_digits(value, digits: int) -> bool:
    value = dec(value)
    return value == value.quantize(Decimal(1).scaleb(-digits))


def _line_sum(lines: list[dict] | None) -> Decimal:
    return sum((dec(line["amountIncludingTax"]) for line in lines or []), ZERO)


def _within(part: Decimal, whole: Decimal) -> bool:
    """|part| <= |whole| and part does not have the opposite sign."""
    return abs(part) <= abs(whole) and (part == 0 or (part < 0) == (whole < 0))


def money_violations(transaction: dict, completions: list[dict], refunds: list[dict], versions: list[dict],
                     *, authorized: Decimal) -> list[tuple[str, str]]:
    """(invariant, what breaks it) for one transaction; empty when its money is sound."""
    found: list[tuple[str, str]] = []

    def broken(invariant: str, detail: str) -> None:
        found.append((invariant, detail))

    currency = transaction["currency"]
    digits = digits_of(currency)
    completed = dec(transaction.get("completedAmount") or 0)
    refunded = dec(transaction.get("refundedAmount") or 0)
    succeeded = [c for c in completions if c["state"] == "SUCCESSFUL"]
    counting = [r for r in refunds if r["state"] in COUNTING_REFUND_STATES]
    lines = {line["uniqueId"]: line for line in transaction["lineItems"]}

    # Totals.
    if dec(transaction["authorizationAmount"]) != authorized:
        broken("authorization-unchanged", f"authorizationAmount {transaction['authorizationAmount']} "
                                          f"!= {authorized} as authorized")
    captured = sum((dec(c["amount"]) for c in succeeded), ZERO)
    if completed != captured:
        broken("completed-equals-completions", f"completedAmount {completed} != {captured}, the sum of "
                                               f"{len(succeeded)} successful completions")
    if completed > authorized:
        broken("completed-within-authorized", f"completedAmount {completed} > authorized {authorized}")
    if completed > _line_sum(transaction["lineItems"]):
        broken("completed-within-line-items", f"completedAmount {completed} > {_line_sum(transaction['lineItems'])}"
                                              " the current line items add up to")
    if completed < 0 or refunded < 0:
        broken("no-negative-totals", f"completedAmount {completed}, refundedAmount {refunded}")
    paid_back = sum((dec(r["amount"]) for r in refunds if r["state"] == "SUCCESSFUL"), ZERO)
    if refunded != paid_back:
        broken("refunded-equals-refunds", f"refundedAmount {refunded} != {paid_back}, the sum of successful refunds")
    held = sum((dec(r["amount"]) for r in counting), ZERO)
    if held > completed:
        broken("refunds-within-completed", f"successful and pending refunds {held} > completed {completed}")

    # Each completion and refund.
    completed_by_line: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])  # quantity, amount
    for completion in succeeded:
        if dec(completion["amount"]) < 0:
            broken("completion-not-negative", f"completion {completion['id']} of {completion['amount']}")
        if completion.get("lineItems") is not None and _line_sum(completion["lineItems"]) != dec(completion["amount"]):
            broken("completion-lines-add-up", f"completion {completion['id']}: lines "
                                              f"{_line_sum(completion['lineItems'])} != amount {completion['amount']}")
        for line in completion.get("lineItems") or []:
            done = completed_by_line[line["uniqueId"]]
            done[0] += dec(line["quantity"])
            done[1] += dec(line["amountIncludingTax"])
    refunded_by_line: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])  # quantity removed, amount
    refunded_by_completion: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for refund in counting:
        if dec(refund["amount"]) <= 0:
            broken("refund-positive", f"refund {refund['id']} of {refund['amount']}")
        if refund.get("lineItems") and _line_sum(refund["lineItems"]) != dec(refund["amount"]):
            broken("refund-lines-add-up", f"refund {refund['id']}: lines {_line_sum(refund['lineItems'])} != "
                                          f"amount {refund['amount']}")
        for line in refund.get("lineItems") or []:
            refunded_by_line[line["uniqueId"]][1] += dec(line["amountIncludingTax"])
        for reduction in refund.get("reductions") or []:
            refunded_by_line[reduction["lineItemUniqueId"]][0] += dec(reduction["quantityReduction"])
        if completion_of(refund) is not None:
            refunded_by_completion[completion_of(refund)] += dec(refund["amount"])

    # Per line item.
    for unique_id, line in lines.items():
        quantity, amount = completed_by_line.get(unique_id, (ZERO, ZERO))
        if quantity > dec(line["quantity"]):
            broken("line-completed-within-line", f"line {unique_id}: {quantity} completed of {line['quantity']} units")
        if not _within(amount, dec(line["amountIncludingTax"])):
            broken("line-completed-within-line", f"line {unique_id}: {amount} completed of "
                                                 f"{line['amountIncludingTax']}")
    for unique_id, (quantity, amount) in refunded_by_line.items():
        done_quantity, done_amount = completed_by_line.get(unique_id, (ZERO, ZERO))
        if quantity > done_quantity:
            broken("line-refunded-within-completed", f"line {unique_id}: quantity {quantity} refunded, "
                                                     f"{done_quantity} completed")
        if not _within(amount, done_amount):
            broken("line-refunded-within-completed", f"line {unique_id}: {amount} refunded, {done_amount} completed")
    amounts_of = {c["id"]: dec(c["amount"]) for c in succeeded}
    for completion_id, amount in refunded_by_completion.items():
        if completion_id not in amounts_of or amount > amounts_of[completion_id]:
            broken("completion-refunded-within-completion", f"refunds naming completion {completion_id}: {amount}, "
                                                            f"the completion {amounts_of.get(completion_id)}")

    # Every amount in the currency's minor units.
    amounts = [("transaction." + key, transaction.get(key))
               for key in ("authorizationAmount", "completedAmount", "refundedAmount")]
    for kind, rows in (("line", [transaction]), ("completion", completions), ("refund", refunds),
                       ("version", versions)):
        for row in rows:
            if kind != "line":
                amounts += [(f"{kind} {row['id']}.{key}", row.get(key)) for key in ("amount", "taxAmount")]
            for line in row.get("lineItems") or []:
                amounts += [(f"{kind} {row.get('id')} line {line['uniqueId']}.{key}", line.get(key))
                            for key in LINE_AMOUNT_FIELDS]
    for where, value in amounts:
        if value is not None and not _has_digits(value, digits):
            broken("currency-decimals", f"{where} = {value} has more than the {digits} decimals of {currency}")
    return found
