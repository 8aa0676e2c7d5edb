"""Money invariants that hold whatever the sequence of calls: a model-based test (hypothesis
stateful testing) against the real server, on SQLite and PostgreSQL.

Each generated sequence authorizes one transaction (1-4 line items: PRODUCT, SHIPPING, FEE and
negative DISCOUNT lines, with and without taxes, in a 2- or 0-decimal currency, and in a
3-decimal one when the server's simulator can authorize it; COMPLETE_DEFERRED, sometimes
COMPLETE_IMMEDIATELY), then runs 3-8 of: complete online/offline; complete partially by line
items and amounts (with or without the discount lines, lastCompletion true/false/absent,
amounts above quantity x unit price, lines that no longer exist); line-item versions (rename,
drop, shrink, reprice, add a line, one line for the whole total); voids; refunds by amount and
by line-item reductions (the same line twice, lines already refunded, quantity and unit-price
reductions), naming a completion or not, of every type; manual refunds then mark-succeeded or
mark-failed; and races, two calls at once on the same transaction (refund+refund, refund+refund
naming the same completion, complete+void, complete+line-item version, partial+partial). A
sequence ends early once its money is settled (voided, or completed and refunded in full); one
step in 20 is a call the state should refuse (a 4xx that must change nothing).

After every step the transaction is read back and checked against ``money_violations``
(tests/reliability/money_support.py): completed == the successful completions and never above
what was authorized (which never changes) nor the current line items; no negative completion
or total; per line item completed quantity and amount within the line, with its sign; refunded
== the successful refunds; successful plus pending refunds within what was completed, per line
(from the refunds' line items and reductions) and per completion a refund names; every amount in
the currency's minor units. The completions, refunds and versions checked are those the API
answered with; at the end of each sequence they are read back and must be exactly what is
stored. Besides: never a 5xx; a 4xx changes nothing (the transaction reads the same before and
after); the transaction's totals and state follow an in-test model fed by the successful
answers; and requests that must succeed do (a void or a first completion of an authorized
transaction, a refund by amount within what is left, deciding a manual refund).

400 sequences per database (derandomized: the same choices every run), 10,000 with
PAYSTEAD_TEST_FULL=1 (progress on stderr every 500); PAYSTEAD_TEST_MONEY_SEQUENCES=n sets any
count. A violation fails the test with the invariant, the amounts and every call of its sequence
with the answers (a reproduction); it is not shrunk, since a replayed race may go the other way.
Raw HTTP with real JWTs (tests/support/jwt_client.py) rather than the SDK: amounts stay exact
Decimals both ways (the SDK's models carry floats), and the server, not the client, is the cost.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from tests.reliability.conftest import FULL, count
from tests.reliability.money_support import (
    ZERO,
    Answer,
    MoneyApi,
    dec,
    digits_of,
    dumps,
    minor_unit,
    money_violations,
    rounded,
)
from tests.support.jwt_client import WalleeHttp

# PAYSTEAD_TEST_MONEY_SEQUENCES overrides the count (a quick look, or a longer run).
SEQUENCES = int(os.environ.get("PAYSTEAD_TEST_MONEY_SEQUENCES") or count(400, 10000))
MAX_STEPS = 8  # after the authorization
CANDIDATE_CURRENCIES = ["CHF", "EUR", "USD", "JPY", "KWD", "BHD"]
REFUNDABLE_STATES = ("COMPLETED", "FULFILL", "DECLINE")
# Completing a transaction in these states answers its last completion.
COMPLETED_STATES = REFUNDABLE_STATES
REFUND_TYPES = ["MERCHANT_INITIATED_ONLINE", "MERCHANT_INITIATED_OFFLINE", "CUSTOMER_INITIATED_AUTOMATIC",
                "CUSTOMER_INITIATED_MANUAL"]
TAXES = [[], [("VAT", "8.1")], [("VAT", "7.7")], [("MwSt", "19")], [("State", "2.5"), ("City", "5")]]
CARD = {"cardData": {"primaryAccountNumber": "4111111111111111", "expiryDate": "2031-12"}}


class MoneyViolation(AssertionError):
    """An invariant broken; one subclass per invariant, so that hypothesis tells the broken
    invariants apart (it reports each as a bug of its own)."""

    kinds: dict[str, type] = {}

    @classmethod
    def named(cls, invariant_name: str) -> type:
        name = "Violation_" + invariant_name.replace("-", "_")
        return cls.kinds.setdefault(name, type(name, (cls,), {}))


def violated(invariant_name: str, detail: str):
    raise MoneyViolation.named(invariant_name)(f"{invariant_name}: {detail}")


def brief(body) -> str:
    """The money of an answer, for the call log."""
    if not isinstance(body, dict):
        return str(body)[:200]
    if "code" in body and "message" in body:
        return f"{body['code']}: {body['message']}"
    shown = {key: body[key] for key in ("id", "state", "amount", "authorizationAmount", "completedAmount",
                                         "refundedAmount", "completion", "reductions", "lastCompletion") if key in body}
    if body.get("lineItems") is not None:
        shown["lineItems"] = [(line["uniqueId"], line["type"], str(line["quantity"]), str(line["amountIncludingTax"]))
                              for line in body["lineItems"]]
    return dumps(shown)


class Run:
    """What one test run has done, for its summary and its coverage checks."""

    def __init__(self) -> None:
        self.sequences = 0
        self.steps = 0
        self.outcomes: Counter = Counter()  # (operation, status) -> count
        self.started = time.monotonic()

    def progress(self, label: str) -> None:
        if FULL and self.sequences % 500 == 0:
            elapsed = time.monotonic() - self.started
            print(f"money invariants [{label}]: {self.sequences} sequences, {self.steps} steps, {elapsed:.0f} s",
                  file=sys.__stderr__, flush=True)


class MoneyMachine(RuleBasedStateMachine):
    """One transaction, its money moved by generated calls and checked after each."""

    api: MoneyApi  # set by the test
    currencies: list[str]
    run: Run
    label: str
    pool: ThreadPoolExecutor

    def __init__(self) -> None:
        super().__init__()
        self.transaction: dict | None = None  # as last read back
        self.authorized = ZERO
        self.completions: dict[int, dict] = {}  # as the API answered, by id
        self.refunds: dict[int, dict] = {}
        self.versions: dict[int, dict] = {}
        self.length = 0
        self.steps = 0
        self.expected_states: set[str] | None = None
        self.finished = False
        self.log: list[str] = []  # every call of the sequence and its answer

    # --- the sequence -----------------------------------------------------------------------

    @initialize(data=st.data())
    def authorize(self, data) -> None:
        currency = data.draw(st.sampled_from(self.currencies), label="currency")
        lines = data.draw(line_items(currency), label="lineItems")
        immediately = data.draw(st.integers(0, 5), label="behaviour") == 5
        self.length = data.draw(st.integers(3, MAX_STEPS), label="length")
        created = self.send("create", "POST", "/payment/transactions", {
            "currency": currency, "lineItems": lines,
            "completionBehavior": "COMPLETE_IMMEDIATELY" if immediately else "COMPLETE_DEFERRED"})
        assert created.status == 201, created
        paid = self.send("pay", "POST", f"/payment/transactions/{created.body['id']}/process-card-details", CARD)
        assert paid.status == 200 and paid.body["state"] in ("AUTHORIZED", "FULFILL"), paid
        self.transaction = paid.body
        self.expected_states = {paid.body["state"]}
        self.authorized = dec(paid.body["authorizationAmount"])
        if immediately:
            for completion in self.api.completions(created.body["id"]):
                self.completions[completion["id"]] = completion
        self.check(self.transaction)

    def teardown(self) -> None:
        self.run.sequences += 1
        self.run.progress(self.label)

    def step_done(self) -> None:
        self.steps += 1
        self.run.steps += 1

    @property
    def state(self) -> str:
        return self.transaction["state"]

    @property
    def completed(self) -> Decimal:
        return sum((dec(c["amount"]) for c in self.completions.values() if c["state"] == "SUCCESSFUL"), ZERO)

    @property
    def held_back(self) -> Decimal:
        """Successful and outstanding refunds."""
        return sum((dec(r["amount"]) for r in self.refunds.values() if r["state"] != "FAILED"), ZERO)

    @property
    def currency(self) -> str:
        return self.transaction["currency"]

    def minor(self) -> Decimal:
        return minor_unit(self.currency)

    # --- operations ---------------------------------------------------------------------------

    @rule(operation=st.integers(0, 999), anything=st.integers(0, 19), choice=st.deferred(lambda: CHOICES))
    def step(self, operation: int, anything: int, choice: dict) -> None:
        """One call (or two at once). Every argument is drawn whatever the state, so that the
        choices hypothesis records never depend on the server's answers; the operation is then
        picked by weight among those the transaction's state allows (1 step in 20 among all, a
        call the state should refuse)."""
        if self.finished:
            return
        allowed = OPERATIONS if anything == 13 else self.applicable()
        if not allowed:
            self.finish()
            return
        weights = [(name, WEIGHTS[name]) for name in allowed]
        point = operation % sum(weight for _, weight in weights)
        for name, weight in weights:  # noqa: B007 - the name the loop stops at is used below
            if point < weight:
                break
            point -= weight
        getattr(self, name.replace("-", "_"))(choice)

    def applicable(self) -> list[str]:
        allowed = []
        if self.state == "AUTHORIZED":
            allowed += ["complete", "complete-partially", "change-line-items", "void"]
        if self.state in REFUNDABLE_STATES and self.completed - self.held_back > 0:
            allowed += ["refund-by-amount", "refund-by-reductions"]
        if any(refund["state"] == "MANUAL_CHECK" for refund in self.refunds.values()):
            allowed.append("decide-manual-refund")
        return allowed + ["race"] if allowed else []

    def complete(self, choice: dict) -> None:
        untouched = not self.completions and not self.versions and self.state == "AUTHORIZED"
        path = f"/payment/transactions/{self.transaction['id']}/complete-{choice['mode']}"
        answer = self.send("complete", "POST", path)
        if untouched:
            self.must_succeed(answer, "completing an untouched authorized transaction")
        self.completion_answered(answer, last=True)
        self.after(answer)

    def complete_partially(self, choice: dict) -> None:
        body = self.partial_completion(choice)
        answer = self.send("complete-partially", "POST",
                           f"/payment/transactions/{self.transaction['id']}/complete-partially-{choice['mode']}", body)
        self.completion_answered(answer, last=bool(body.get("lastCompletion", False)))
        self.after(answer)

    def change_line_items(self, choice: dict) -> None:
        answer = self.send("line-item-version", "POST", "/payment/transactions/line-item-versions",
                           self.line_item_version(choice))
        self.version_answered(answer)
        self.after(answer)

    def void(self, choice: dict) -> None:
        authorized = self.state == "AUTHORIZED"
        answer = self.send("void", "POST", f"/payment/transactions/{self.transaction['id']}/void-{choice['mode']}")
        if authorized:
            self.must_succeed(answer, "voiding an authorized transaction")
        self.void_answered(answer)
        self.after(answer)

    def refund_by_amount(self, choice: dict) -> None:
        body = self.amount_refund(choice)
        answer = self.send("refund-amount", "POST", "/payment/refunds", body)
        left = self.completed - self.held_back
        if "completion" not in body and self.state in REFUNDABLE_STATES and 0 < dec(body["amount"]) <= left:
            self.must_succeed(answer, f"a refund of {body['amount']} with {left} left to refund")
        self.refund_answered(answer)
        self.after(answer)

    def refund_by_reductions(self, choice: dict) -> None:
        answer = self.send("refund-reductions", "POST", "/payment/refunds", self.reductions_refund(choice))
        self.refund_answered(answer)
        self.after(answer)

    def decide_manual_refund(self, choice: dict) -> None:
        waiting = [r for r in self.refunds.values() if r["state"] == "MANUAL_CHECK"]
        candidates = waiting or list(self.refunds.values())  # none waiting: one the state should refuse
        if not candidates:
            return self.complete(choice)
        refund = candidates[choice["which"] % len(candidates)]
        verb = "mark-succeeded" if choice["decision"] % 2 == 0 else "mark-failed"
        answer = self.send(verb, "POST", f"/payment/refunds/{refund['id']}/{verb}")
        if waiting:
            self.must_succeed(answer, f"{verb} of a refund awaiting its manual check")
        self.refund_answered(answer)
        self.after(answer)

    def race(self, choice: dict) -> None:
        """Two calls at once on the same transaction."""
        races = []
        if self.state == "AUTHORIZED":
            races += ["complete+void", "complete+version", "partial+partial"]
        if self.state in REFUNDABLE_STATES and self.completed - self.held_back > 0:
            races += ["refund+refund", "refund+refund naming a completion"]
        kind = races[choice["race"] % len(races)] if races else "complete+void"
        transaction_id = self.transaction["id"]
        complete = ("complete", "POST", f"/payment/transactions/{transaction_id}/complete-online", None)
        if kind == "complete+void":
            calls = [complete, ("void", "POST", f"/payment/transactions/{transaction_id}/void-online", None)]
        elif kind == "complete+version":
            calls = [complete, ("line-item-version", "POST", "/payment/transactions/line-item-versions",
                                self.line_item_version(choice))]
        elif kind == "partial+partial":
            path = f"/payment/transactions/{transaction_id}/complete-partially-online"
            calls = [("complete-partially", "POST", path, self.partial_completion(choice)) for _ in range(2)]
        else:
            name = kind.endswith("completion")
            calls = [("refund-amount", "POST", "/payment/refunds", self.amount_refund(choice, share="race", name=name))
                     for _ in range(2)]
        futures = [self.pool.submit(self.send, f"race {operation}", method, path, body)
                   for operation, method, path, body in calls]
        answers = [future.result() for future in futures]
        for (operation, _, _, body), answer in zip(calls, answers):
            if operation == "complete":
                self.completion_answered(answer, last=True, predict=False)
            elif operation == "complete-partially":
                self.completion_answered(answer, last=bool(body.get("lastCompletion")), predict=False)
            elif operation == "void":
                self.void_answered(answer, predict=False)
            elif operation == "line-item-version":
                self.version_answered(answer)
            else:
                self.refund_answered(answer)
        refused = [answer for answer in answers if not answer.ok]
        if len(refused) < len(answers):
            self.expected_states = None  # the order they took is the server's
        self.after(refused[0] if len(refused) == len(answers) else None)

    # --- bodies ---------------------------------------------------------------------------------

    def completed_by_line(self) -> dict[str, tuple[Decimal, Decimal]]:
        done: dict[str, tuple[Decimal, Decimal]] = {}
        for completion in self.completions.values():
            if completion["state"] == "SUCCESSFUL":
                for line in completion.get("lineItems") or []:
                    quantity, amount = done.get(line["uniqueId"], (ZERO, ZERO))
                    done[line["uniqueId"]] = (quantity + dec(line["quantity"]),
                                              amount + dec(line["amountIncludingTax"]))
        return done

    def partial_completion(self, choice: dict) -> dict:
        lines = self.transaction["lineItems"]
        done = self.completed_by_line()
        chosen = []
        for pick in choice["lines"]:
            if lines[pick % len(lines)] not in chosen:
                chosen.append(lines[pick % len(lines)])
        if choice["withDiscounts"]:
            chosen += [line for line in lines if line["type"] == "DISCOUNT" and line not in chosen]
        requested = []
        for line, (quantity_choice, amount_choice) in zip(chosen, choice["perLine"]):
            done_quantity, done_amount = done.get(line["uniqueId"], (ZERO, ZERO))
            left_quantity = dec(line["quantity"]) - done_quantity
            left_amount = dec(line["amountIncludingTax"]) - done_amount
            quantity = {"all": left_quantity, "one": min(Decimal(1), left_quantity), "half": left_quantity / 2,
                        "over": left_quantity + 1}[quantity_choice]
            if quantity <= 0:
                quantity = Decimal(1)
            share = rounded(left_amount * quantity / left_quantity, self.currency) if left_quantity > 0 else left_amount
            sign = -1 if dec(line["amountIncludingTax"]) < 0 else 1
            amount = {"all": left_amount, "share": share,
                      "above-share": rounded((share + left_amount) / 2, self.currency) + sign * self.minor(),
                      "minimum": sign * self.minor(), "zero": ZERO,
                      "over": left_amount + sign * self.minor()}[amount_choice]
            requested.append({"uniqueId": line["uniqueId"], "quantity": quantity.normalize(), "amount": amount})
        if choice["ghostLine"] == 0:  # a line that is not (or no longer) there
            requested.append({"uniqueId": "gone", "quantity": Decimal(1), "amount": self.minor()})
        body = {"lineItems": requested, "externalId": uuid.uuid4().hex}
        if choice["lastCompletion"] is not None:
            body["lastCompletion"] = choice["lastCompletion"]
        return body

    def line_item_version(self, choice: dict) -> dict:
        lines = [line_create(line) for line in self.transaction["lineItems"]]
        kind = choice["version"]
        index = choice["line"] % len(lines)
        line = lines[index]
        if kind == "rename":
            line["uniqueId"] += "r"
            line["name"] = "Renamed " + line["name"]
        elif kind == "one-line":
            total = sum((item["amountIncludingTax"] for item in lines), ZERO)
            lines = [{"uniqueId": "z", "name": "Everything", "type": "PRODUCT", "quantity": Decimal(1),
                      "amountIncludingTax": total}]
        elif kind == "drop" and len(lines) > 1:
            del lines[index]
        elif kind == "shrink":
            if line["quantity"] > 1:
                line["amountIncludingTax"] = rounded(line["amountIncludingTax"] * (line["quantity"] - 1)
                                                     / line["quantity"], self.currency)
                line["quantity"] -= 1
            else:
                line["amountIncludingTax"] = rounded(line["amountIncludingTax"] / 2, self.currency)
        elif kind == "reprice":
            change = choice["change"] * self.minor() * 10
            line["amountIncludingTax"] += -change if line["type"] == "DISCOUNT" else change
            if (line["amountIncludingTax"] < 0) != (line["type"] == "DISCOUNT"):
                line["amountIncludingTax"] = ZERO
        elif kind == "add":
            lines.append({"uniqueId": f"added{len(self.versions)}", "name": "Gift wrap", "type": "FEE",
                          "quantity": Decimal(1), "amountIncludingTax": self.minor() * 50})
        return {"transaction": self.transaction["id"], "lineItems": lines, "externalId": uuid.uuid4().hex}

    def pick_completion(self, choice: dict) -> dict | None:
        completions = list(self.completions.values())
        return completions[choice["completion"] % len(completions)] if completions else None

    def amount_refund(self, choice: dict, share: str | None = None, name: bool | None = None) -> dict:
        if name is None:
            name = choice["nameCompletion"] == 0
        completion = self.pick_completion(choice) if name else None
        base = dec(completion["amount"]) if completion is not None else self.completed - self.held_back
        amount = {"rest": base, "half": rounded(base / 2, self.currency), "minimum": self.minor(),
                  "over": base + self.minor(), "all-completed": self.completed,
                  "race": rounded(base * 6 / 10, self.currency) + self.minor()}[share or choice["refundAmount"]]
        body = {"transaction": self.transaction["id"], "amount": amount, "externalId": uuid.uuid4().hex,
                "type": choice["refundType"]}
        if completion is not None:
            body["completion"] = completion["id"]
        return body

    def reductions_refund(self, choice: dict) -> dict:
        done = self.completed_by_line()
        current = {line["uniqueId"]: line for line in self.transaction["lineItems"]}
        candidates = list(done) + [unique_id for unique_id in current if unique_id not in done]
        reductions = []
        for pick, quantity_choice, price_choice in choice["reductions"]:
            unique_id = candidates[pick % len(candidates)]
            done_quantity = done.get(unique_id, (Decimal(1), ZERO))[0]
            line = current.get(unique_id)
            unit_price = abs(dec(line["unitPriceIncludingTax"])) if line else self.minor()
            quantity = {"zero": ZERO, "one": Decimal(1), "all": done_quantity,
                        "over": done_quantity + 1}[quantity_choice]
            price_cut = {"zero": ZERO, "minimum": self.minor(), "half": rounded(unit_price / 2, self.currency),
                         "full": unit_price}[price_choice]
            reductions.append({"lineItemUniqueId": unique_id, "quantityReduction": quantity.normalize(),
                               "unitPriceReduction": price_cut})
        body = {"transaction": self.transaction["id"], "reductions": reductions, "externalId": uuid.uuid4().hex,
                "type": choice["refundType"]}
        if choice["nameCompletion"] == 0 and self.completions:
            body["completion"] = self.pick_completion(choice)["id"]
        return body

    # --- answers into the model -----------------------------------------------------------------

    def send(self, operation: str, method: str, path: str, body=None) -> Answer:
        answer = self.api.call(method, path, body)
        self.log.append(f"{operation}: {method} {path} {'' if body is None else dumps(body)}\n"
                        f"    -> {answer.status} {brief(answer.body)}")
        self.run.outcomes[(operation, answer.status)] += 1
        if not answer.ok and answer.status not in (400, 404, 409, 422):
            self.fail("expected-status", f"{operation}: {method} {path} -> {answer.status} {answer.body}")
        return answer

    def fail(self, invariant_name: str, detail: str) -> None:
        """An invariant broken: raised with the sequence's calls, a reproduction."""
        violated(invariant_name, detail + "\nThe calls of this sequence:\n" + "\n".join(self.log))

    def must_succeed(self, answer: Answer, what: str) -> None:
        if not answer.ok:
            self.fail("valid-request-accepted", f"{what} was refused: {answer.status} {answer.body}")

    def completion_answered(self, answer: Answer, *, last: bool, predict: bool = True) -> None:
        if not answer.ok:
            return
        if answer.body["id"] in self.completions:
            # A completion of a completed transaction answers its completion (issue 14): nothing
            # is made or moved, so the transaction stays as it was. (In a race, the other call may
            # have just completed it.)
            if predict:
                if self.state not in COMPLETED_STATES:
                    self.fail("completion-answered-again", f"completion {answer.body['id']} answered again while "
                                                           f"the transaction was {self.state}")
                self.expected_states = {self.state}
            return
        self.completions[answer.body["id"]] = answer.body
        if predict:
            self.expected_states = {"COMPLETED", "FULFILL"} if last else {"AUTHORIZED"}

    def void_answered(self, answer: Answer, predict: bool = True) -> None:
        if answer.ok and predict:
            if self.completed > 0:
                self.expected_states = {"COMPLETED", "FULFILL"}
            elif not self.completions:
                self.expected_states = {"VOIDED"}
            else:  # only zero-amount completions: either reading is fair
                self.expected_states = {"VOIDED", "COMPLETED", "FULFILL"}

    def version_answered(self, answer: Answer) -> None:
        if answer.ok:
            self.versions[answer.body["id"]] = answer.body

    def refund_answered(self, answer: Answer) -> None:
        if answer.ok:
            self.refunds[answer.body["id"]] = answer.body

    def after(self, answer: Answer | None) -> None:
        """Reads the transaction back and checks it; ``answer`` refused means nothing may change."""
        before = self.transaction
        if answer is not None and not answer.ok:
            self.expected_states = {before["state"]}
        self.transaction = self.api.transaction(before["id"])
        if answer is not None and not answer.ok and self.transaction != before:
            changed = sorted(key for key in set(before) | set(self.transaction)
                             if before.get(key) != self.transaction.get(key))
            values = [(key, before.get(key), self.transaction.get(key)) for key in changed]
            self.fail("refused-changes-nothing", f"answered {answer.status} {answer.body} but the transaction "
                                                 f"changed (field, before, after): {values}")
        self.check(self.transaction)
        self.step_done()
        if self.steps >= self.length and not self.finished:
            self.finish()

    def check(self, transaction: dict) -> None:
        """The invariants over what was read and answered, and the model's totals and state."""
        for invariant_name, detail in money_violations(transaction, list(self.completions.values()),
                                                       list(self.refunds.values()), list(self.versions.values()),
                                                       authorized=self.authorized):
            self.fail(invariant_name, detail)
        refunded = sum((dec(r["amount"]) for r in self.refunds.values() if r["state"] == "SUCCESSFUL"), ZERO)
        if (dec(transaction["completedAmount"] or 0), dec(transaction["refundedAmount"] or 0)) != (self.completed,
                                                                                                     refunded):
            self.fail("model-totals", f"completed {transaction['completedAmount']}, refunded "
                                     f"{transaction['refundedAmount']}; the answers say {self.completed}, {refunded}")
        if self.expected_states is not None and transaction["state"] not in self.expected_states:
            self.fail("model-state", f"state {transaction['state']}, expected one of {sorted(self.expected_states)}")

    def finish(self) -> None:
        """The end of the sequence: what is stored is exactly what the API answered, and sound."""
        self.finished = True
        transaction_id = self.transaction["id"]
        # Each kind is read back when the sequence called for one (a call of another kind that
        # made one and moved money would show in the transaction's totals, read after every step).
        operations = [entry.split(":", 1)[0] for entry in self.log]
        asked = {"completions": self.completions or any("complete" in op for op in operations),
                 "refunds": self.refunds or any("refund" in op or "mark-" in op for op in operations),
                 "versions": any("line-item-version" in op for op in operations)}
        reads = {"completions": self.api.completions, "refunds": self.api.refunds, "versions": self.api.versions}
        stored = {name: reads[name](transaction_id) if asked[name] else [] for name in reads}
        # The first line-item version is the authorization's own (no call of ours answered it).
        made_by_authorization = {"versions": stored["versions"][:1], "completions": [], "refunds": []}
        for name, answered in (("completions", self.completions), ("refunds", self.refunds),
                               ("versions", self.versions)):
            rows = [row for row in stored[name] if row not in made_by_authorization[name]]
            for row in rows:
                mine = answered.get(row["id"])
                if mine is None or {k: mine.get(k) for k in SETTLED_FIELDS} != {k: row.get(k) for k in SETTLED_FIELDS}:
                    self.fail("stored-as-answered", f"{name}: stored {brief(row)}, answered {brief(mine)}")
            if asked[name] and len(rows) != len(answered):
                self.fail("stored-as-answered", f"{len(rows)} {name} stored, {len(answered)} answered")
        for invariant_name, detail in money_violations(self.transaction, stored["completions"], stored["refunds"],
                                                       stored["versions"], authorized=self.authorized):
            self.fail(invariant_name, detail + " (as stored)")


OPERATIONS = ["complete", "complete-partially", "change-line-items", "void", "refund-by-amount",
              "refund-by-reductions", "decide-manual-refund", "race"]
WEIGHTS = {"complete": 10, "complete-partially": 25, "change-line-items": 15, "void": 5, "refund-by-amount": 20,
           "refund-by-reductions": 20, "decide-manual-refund": 15, "race": 10}
CHOICES = st.fixed_dictionaries({
    "mode": st.sampled_from(["online", "offline"]),
    # partial completions
    "lines": st.lists(st.integers(0, 7), min_size=1, max_size=3),
    "withDiscounts": st.booleans(),
    # (Repeated values make the common choices likelier than those the server should refuse.)
    "perLine": st.lists(st.tuples(st.sampled_from(["all", "one", "half", "all", "one", "over"]),
                                  st.sampled_from(["all", "share", "above-share", "minimum", "zero", "over", "all",
                                                   "share", "share"])),
                        min_size=4, max_size=4),
    "ghostLine": st.integers(0, 9),
    "lastCompletion": st.sampled_from([False, True, None]),
    # line-item versions
    "version": st.sampled_from(["rename", "one-line", "drop", "shrink", "reprice", "add", "same"]),
    "line": st.integers(0, 7),
    "change": st.integers(-3, 3),
    # refunds
    "nameCompletion": st.integers(0, 2),
    "completion": st.integers(0, 7),
    "refundAmount": st.sampled_from(["rest", "half", "minimum", "over", "all-completed"]),
    "refundType": st.sampled_from(REFUND_TYPES),
    "reductions": st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["one", "all", "zero", "one", "all", "over"]),
                                     st.sampled_from(["zero", "zero", "minimum", "half", "full"])),
                           min_size=1, max_size=3),
    "which": st.integers(0, 7),
    "decision": st.integers(0, 9),
    "race": st.integers(0, 4),
})
SETTLED_FIELDS = ("state", "amount", "lineItems", "reductions", "completion", "lastCompletion")


def line_create(line: dict) -> dict:
    """A current line item as a LineItemCreate (for a new line-item version)."""
    return {"uniqueId": line["uniqueId"], "name": line["name"], "type": line["type"],
            "quantity": dec(line["quantity"]), "amountIncludingTax": dec(line["amountIncludingTax"]),
            "taxes": [{"title": tax["title"], "rate": dec(tax["rate"])} for tax in line.get("taxes") or []]}


@st.composite
def line_items(draw, currency: str) -> list[dict]:
    """1-4 lines: a PRODUCT first, then PRODUCT, SHIPPING, FEE or DISCOUNT lines; the discounts
    never take the total to zero or below."""
    minor = minor_unit(currency)
    kinds = ["PRODUCT"] + draw(st.lists(st.sampled_from(["PRODUCT", "DISCOUNT", "SHIPPING", "FEE"]), max_size=3))
    lines, positive = [], ZERO
    for index, kind in enumerate(kinds):
        quantity = draw(st.sampled_from([Decimal(1), Decimal(2), Decimal(3), Decimal("1.5")])) \
            if kind == "PRODUCT" else Decimal(1)
        minor_units = draw(st.one_of(st.integers(1, 30000), st.sampled_from([100, 5000, 10000])))
        amount = minor_units * minor
        if kind == "DISCOUNT":
            amount = -min(amount, positive - minor)
            if amount >= 0:
                continue
        positive += amount
        taxes = draw(st.sampled_from(TAXES))
        lines.append({"uniqueId": f"{kind[0].lower()}{index}", "name": f"{kind.title()} {index}", "type": kind,
                      "quantity": quantity, "amountIncludingTax": amount,
                      "taxes": [{"title": title, "rate": Decimal(rate)} for title, rate in taxes]})
    return lines


def payable_currencies(api: MoneyApi) -> list[str]:
    """The candidate currencies the simulator authorizes (one 2-decimal and one 0-decimal at least)."""
    payable = []
    for currency in CANDIDATE_CURRENCIES:
        created = api.call("POST", "/payment/transactions", {"currency": currency, "lineItems": [
            {"uniqueId": "probe", "name": "Probe", "type": "PRODUCT", "quantity": 1, "amountIncludingTax": 1}]})
        assert created.status == 201, created
        paid = api.call("POST", f"/payment/transactions/{created.body['id']}/process-card-details", CARD)
        if paid.status == 200:
            payable.append(currency)
    assert {digits_of(currency) for currency in payable} >= {0, 2}, payable
    return payable


@pytest.fixture(scope="module")
def money_api(server, admin) -> MoneyApi:
    http = WalleeHttp(server.base_url, admin.user_id, admin.key)
    space = http.post("/spaces", account=admin.account_id,
                      json={"name": f"Money invariants {uuid.uuid4().hex[:8]}", "account": admin.account_id})
    assert space.status_code in (200, 201), space.text
    return MoneyApi(http, space.json()["id"])


def test_money_invariants_hold_over_generated_sequences(server, money_api):
    run = Run()
    currencies = payable_currencies(money_api)
    print(f"currencies the simulator authorizes: {currencies}")
    with ThreadPoolExecutor(max_workers=2) as pool:
        machine = type("MoneyMachineRun", (MoneyMachine,), {
            "api": money_api, "currencies": currencies, "run": run, "label": server.backend, "pool": pool})
        run_state_machine_as_test(machine, settings=settings(
            max_examples=SEQUENCES, stateful_step_count=MAX_STEPS + 1, deadline=None, derandomize=True,
            database=None, suppress_health_check=list(HealthCheck),
            # No shrinking: sequences are short and a violation carries its calls; a replay of
            # one that raced may go the other way (hypothesis would report that as flaky).
            phases=[Phase.explicit, Phase.generate]))
    elapsed = time.monotonic() - run.started
    summary = (f"{server.backend}: {run.sequences} sequences, {run.steps} steps, {money_api.requests} requests in "
               f"{elapsed:.0f} s ({elapsed / max(run.sequences, 1) * 1000:.0f} s per 1,000 sequences)")
    print(summary)
    print(sorted(run.outcomes.items()))
    if FULL:
        print(summary, file=sys.__stderr__, flush=True)
    assert run.sequences >= SEQUENCES
    # The sequences went where the money moves: every kind of call succeeded somewhere.
    succeeded = {operation for (operation, status), n in run.outcomes.items() if 200 <= status < 300}
    assert succeeded >= {"complete", "complete-partially", "line-item-version", "void", "refund-amount",
                         "refund-reductions", "mark-succeeded", "mark-failed", "race complete",
                         "race refund-amount"}, sorted(run.outcomes.items())
