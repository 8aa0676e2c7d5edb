"""The money ledger of one transaction, and the one place its rules are checked.

Per line item (identified by its ``uniqueId``, which a completed line keeps across line-item
versions: see ``check_line_item_version``) and in total, the ledger holds what is authorized,
what successful completions captured, and what refunds took back (successful ones and those
still outstanding: pending or awaiting a manual check). Every operation that moves money asks
it first, under the transaction's row lock, and is refused with a 422 naming the field (such as
``lineItems[0].amount`` or ``reductions[1].lineItemUniqueId``) and the amounts when it would break:

- completed <= authorized (and <= the current line items' total), in total; no completion is
  negative, so neither is the completed total (a DISCOUNT line is captured with what it discounts);
- per line: completed quantity <= its quantity, |completed| <= |amount|, with the line's sign; a
  partial completion takes at most its quantity's share of what is left of the line (rounded up
  to the minor unit), never more than the units are worth;
- a line-item version keeps every completed line (same uniqueId and type, quantity and amount at
  least what was completed): completed money is never dropped, renamed or completed twice;
- refunded <= completed, in total, per line and per completion a refund names; a line appears
  once per refund; a reduction is priced at what is left of what was captured for the line, not
  at the authorized unit price; a refund by amount is spread over the lines in proportion to what
  is left to refund of each, so the per-line ledger stays exact.

Pure: Decimal values in, planned movements or an ``UnprocessableEntity`` out. Loading the rows
is ``domains/transactions/ledger.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, localcontext

from paystead.errors import UnprocessableEntity
from paystead.payments.money import checked_amount, quantum, round_amount, to_decimal

ZERO = Decimal(0)
_PRECISION = 80  # enough for any amount x quantity product without rounding


def violation(field_path: str, problem: str, code: str) -> UnprocessableEntity:
    """A ledger rule broken by the request: the field it concerns and what is wrong with it."""
    return UnprocessableEntity(f"{field_path}: {problem}", code=code, errors={field_path: problem})


@dataclass
class LineLedger:
    unique_id: str
    item: dict  # the stored line item (the current one, else the last completed): name, type, taxes
    quantity: Decimal  # the current line's quantity and amount (what may still be completed)
    amount: Decimal
    current: bool = True  # among the transaction's current line items
    completed_quantity: Decimal = ZERO
    completed_amount: Decimal = ZERO
    refunded_quantity: Decimal = ZERO  # removed by reductions of refunds that count
    refunded_amount: Decimal = ZERO

    @property
    def kind(self) -> str:
        return self.item["type"]

    @property
    def open_quantity(self) -> Decimal:
        return self.quantity - self.completed_quantity

    @property
    def open_amount(self) -> Decimal:
        return self.amount - self.completed_amount

    @property
    def refundable_quantity(self) -> Decimal:
        return self.completed_quantity - self.refunded_quantity

    @property
    def refundable_amount(self) -> Decimal:
        return self.completed_amount - self.refunded_amount

    @property
    def was_completed(self) -> bool:
        return self.completed_quantity > 0 or self.completed_amount != 0


@dataclass
class Ledger:
    currency: str
    authorized: Decimal
    lines: dict[str, LineLedger] = field(default_factory=dict)
    completed: Decimal = ZERO
    refunded: Decimal = ZERO  # successful and outstanding refunds
    scope: str = "the transaction"

    @property
    def line_total(self) -> Decimal:
        return sum((line.amount for line in self.lines.values() if line.current), ZERO)

    @property
    def refundable(self) -> Decimal:
        return self.completed - self.refunded

    def show(self, value: Decimal) -> str:
        return str(round_amount(value, self.currency))


@dataclass(frozen=True)
class Capture:
    """A line's part of a completion."""
    unique_id: str
    quantity: Decimal
    amount: Decimal


@dataclass(frozen=True)
class RefundLine:
    """A line's part of a refund: ``removed`` units and a price cut on the units that stay;
    ``item_quantity`` is the quantity the refund's line item shows."""
    unique_id: str
    where: str
    removed: Decimal
    price_cut: Decimal
    amount: Decimal
    item_quantity: Decimal


def build_ledger(currency: str, authorized: Decimal, lines: list[dict], completions: list[tuple[Decimal, list]],
                 refunds: list[tuple[Decimal, list | None, list | None]], scope: str = "the transaction") -> Ledger:
    """``lines``: the stored current line items; ``completions``: (amount, line items) of the
    successful completions; ``refunds``: (amount, line items, reductions) of the refunds that count."""
    ledger = Ledger(currency=currency, authorized=Decimal(authorized), scope=scope)
    for item in lines:
        ledger.lines[item["uniqueId"]] = LineLedger(item["uniqueId"], item, Decimal(item["quantity"]),
                                                    Decimal(item["amountIncludingTax"]))
    for amount, captured in completions:
        ledger.completed += Decimal(amount)
        for item in captured or []:
            line = ledger.lines.get(item["uniqueId"])
            if line is None:  # no longer a current line (data from before this rule): it stays in the ledger
                line = ledger.lines[item["uniqueId"]] = LineLedger(item["uniqueId"], item, ZERO, ZERO, current=False)
            line.completed_quantity += Decimal(item["quantity"])
            line.completed_amount += Decimal(item["amountIncludingTax"])
            if not line.current:
                line.quantity, line.amount = line.completed_quantity, line.completed_amount
    for amount, refunded, reductions in refunds:
        ledger.refunded += Decimal(amount)
        for item in refunded or []:
            if item["uniqueId"] in ledger.lines:
                ledger.lines[item["uniqueId"]].refunded_amount += Decimal(item["amountIncludingTax"])
        for reduction in reductions or []:
            if reduction["lineItemUniqueId"] in ledger.lines:
                ledger.lines[reduction["lineItemUniqueId"]].refunded_quantity += Decimal(reduction["quantityReduction"])
    return ledger


# --- completions --------------------------------------------------------------------------------

def plan_completion(ledger: Ledger, requested: list[dict] | None = None) -> list[Capture]:
    """What a completion captures: the rest of every line, or the ``requested`` lines
    (``CompletionLineItemCreate`` dicts); checked against the whole ledger."""
    if requested is None:
        captures = [Capture(line.unique_id, line.open_quantity, line.open_amount) for line in ledger.lines.values()
                    if line.current and line.open_quantity > 0 and line.open_amount != 0]
    else:
        seen: set[str] = set()
        captures = [_requested_capture(ledger, index, request, seen) for index, request in enumerate(requested)]
    _check_completion_total(ledger, captures)
    return captures


def _requested_capture(ledger: Ledger, index: int, request: dict, seen: set[str]) -> Capture:
    where = f"lineItems[{index}]"
    unique_id = request["uniqueId"]
    line = ledger.lines.get(unique_id)
    if unique_id in seen:
        raise violation(f"{where}.uniqueId", f"line item {unique_id!r} is named twice in this completion",
                        "invalid_line_item")
    seen.add(unique_id)
    if line is None or not line.current:
        raise violation(f"{where}.uniqueId", "no line item of the transaction has this uniqueId", "invalid_line_item")
    if line.open_quantity <= 0:
        raise violation(f"{where}.uniqueId", f"line item {unique_id!r} is completed already "
                        f"({line.completed_quantity} of {line.quantity} units)", "invalid_line_item")
    quantity = to_decimal(request["quantity"])
    if not quantity.is_finite() or quantity <= 0 or quantity > line.open_quantity:
        raise violation(f"{where}.quantity", f"between 0 (exclusive) and {line.open_quantity}, the units of line item "
                        f"{unique_id!r} left to complete", "invalid_line_item")
    amount = checked_amount(request["amount"], ledger.currency, f"{where}.amount")
    limit = _share(line.open_amount, quantity, line.open_quantity, ledger.currency, ROUND_CEILING)
    if amount != 0 and (amount < 0) != (line.open_amount < 0):
        raise violation(f"{where}.amount", f"line item {unique_id!r} ({line.kind}) has {ledger.show(line.open_amount)} "
                        "left to complete: the amount must have its sign", "amount_exceeds_remaining")
    if abs(amount) > abs(limit):
        raise violation(f"{where}.amount", f"at most {ledger.show(limit)}: {quantity} of the {line.open_quantity} "
                        f"units of line item {unique_id!r} left to complete, which leave "
                        f"{ledger.show(line.open_amount)}", "amount_exceeds_remaining")
    return Capture(unique_id, quantity, amount)


def _share(amount: Decimal, quantity: Decimal, of_quantity: Decimal, currency: str, rounding: str) -> Decimal:
    """``quantity`` units' share of ``amount`` for ``of_quantity`` units, rounded away from zero
    (ROUND_CEILING on the magnitude) or half-up, to the minor unit; all units take all of it."""
    if quantity >= of_quantity:
        return amount
    with localcontext() as context:
        context.prec = _PRECISION
        magnitude = (abs(amount) * quantity / of_quantity).quantize(quantum(currency), rounding=rounding)
    return -magnitude if amount < 0 else magnitude


def _check_completion_total(ledger: Ledger, captures: list[Capture]) -> None:
    amount = sum((capture.amount for capture in captures), ZERO)
    captured = {capture.unique_id for capture in captures}
    left_out = [f"{line.unique_id!r} ({line.kind}, {ledger.show(line.open_amount)})" for line in ledger.lines.values()
                if line.current and line.open_amount < 0 and line.unique_id not in captured]
    hint = f"; left out: {', '.join(left_out)}" if left_out else ""
    if amount < 0:
        raise violation("lineItems", f"the completion adds up to {ledger.show(amount)}: a completion cannot be "
                        "negative (a DISCOUNT line is completed with the lines it discounts; what is left can be voided)",
                        "negative_completion")
    limit = min(ledger.authorized, ledger.line_total)
    after = ledger.completed + amount
    if after > limit:
        raise violation("lineItems", f"completing {ledger.show(amount)} brings the completed total to "
                        f"{ledger.show(after)}, more than the {ledger.show(limit)} authorized "
                        f"({ledger.show(ledger.completed)} completed so far){hint}", "completion_exceeds_authorization")


# --- line-item versions -------------------------------------------------------------------------

def check_line_item_version(ledger: Ledger, new_lines: list[dict]) -> None:
    """A new version of an authorized transaction's line items (stored line item dicts): its
    total lies between what was completed and what was authorized, and it keeps every completed
    line with at least what was completed of it (carrying completed money over to other lines
    would let it be completed twice)."""
    by_id = {item["uniqueId"]: (index, item) for index, item in enumerate(new_lines)}
    for line in ledger.lines.values():
        if not line.was_completed:
            continue
        done = f"{line.completed_quantity} units for {ledger.show(line.completed_amount)}"
        if line.unique_id not in by_id:
            raise violation("lineItems", f"line item {line.unique_id!r} was completed ({done}): a new version must "
                            "keep it, with the same uniqueId and type", "completed_line_item_changed")
        index, item = by_id[line.unique_id]
        where = f"lineItems[{index}]"
        if item["type"] != line.kind:
            raise violation(f"{where}.type", f"line item {line.unique_id!r} was completed as {line.kind} ({done}): "
                            "its type cannot change", "completed_line_item_changed")
        if Decimal(item["quantity"]) < line.completed_quantity:
            raise violation(f"{where}.quantity", f"at least {line.completed_quantity}, the units of line item "
                            f"{line.unique_id!r} completed already", "completed_line_item_changed")
        amount = Decimal(item["amountIncludingTax"])
        if abs(amount) < abs(line.completed_amount) or (amount < 0) != (line.completed_amount < 0):
            raise violation(f"{where}.amountIncludingTax", f"at least {ledger.show(line.completed_amount)} in "
                            f"magnitude, what was completed of line item {line.unique_id!r}",
                            "completed_line_item_changed")
    amount = sum((Decimal(item["amountIncludingTax"]) for item in new_lines), ZERO)
    if amount > ledger.authorized or amount < ledger.completed:
        raise UnprocessableEntity(
            f"The new total {ledger.show(amount)} must lie between the completed {ledger.show(ledger.completed)} and "
            f"the authorized {ledger.show(ledger.authorized)} amount", code="amount_out_of_range",
            errors={"lineItems": f"between {ledger.show(ledger.completed)} and {ledger.show(ledger.authorized)} "
                                 "in total"})


# --- refunds ------------------------------------------------------------------------------------

def plan_reduction_refund(ledger: Ledger, reductions: list[dict]) -> list[RefundLine]:
    """``LineItemReductionCreate`` dicts -> what each line gives back: the removed units at what
    is left of their captured price, plus the unit price cut on the units that stay."""
    seen: set[str] = set()
    planned = []
    for index, reduction in enumerate(reductions):
        where = f"reductions[{index}]"
        unique_id = reduction["lineItemUniqueId"]
        if unique_id in seen:
            raise violation(f"{where}.lineItemUniqueId", f"line item {unique_id!r} is named twice in this refund",
                            "invalid_line_item")
        seen.add(unique_id)
        line = ledger.lines.get(unique_id)
        if line is None or line.completed_quantity <= 0:
            raise violation(f"{where}.lineItemUniqueId", f"no completed line item of {ledger.scope} has this uniqueId",
                            "invalid_line_item")
        removed = to_decimal(reduction["quantityReduction"])
        price_cut = checked_amount(reduction["unitPriceReduction"], ledger.currency, f"{where}.unitPriceReduction")
        left_quantity, left_amount = line.refundable_quantity, line.refundable_amount
        history = (f"line item {unique_id!r} of {ledger.scope}: {line.completed_quantity} units completed for "
                   f"{ledger.show(line.completed_amount)}, {line.refunded_quantity} units and "
                   f"{ledger.show(line.refunded_amount)} refunded already")
        if not removed.is_finite() or removed < 0 or removed > left_quantity:
            raise violation(f"{where}.quantityReduction", f"between 0 and {left_quantity} ({history})",
                            "invalid_line_item")
        removed_amount = _share(left_amount, removed, left_quantity, ledger.currency, ROUND_HALF_UP) \
            if left_quantity > 0 else ZERO
        staying = left_quantity - removed
        staying_amount = left_amount - removed_amount
        with localcontext() as context:
            context.prec = _PRECISION
            cut_amount = round_amount(price_cut * staying, ledger.currency)
        if price_cut < 0 or (price_cut > 0 and (staying <= 0 or cut_amount > staying_amount)):
            most = round_amount(staying_amount / staying, ledger.currency) \
                if staying > 0 and staying_amount > 0 else ZERO
            raise violation(f"{where}.unitPriceReduction", f"between 0 and {most}, what is left of the captured unit "
                            f"price ({history})", "refund_exceeds_refundable_amount")
        amount = removed_amount + cut_amount
        if amount == 0 and removed == 0:
            continue
        planned.append(RefundLine(unique_id, where, removed, price_cut, amount,
                                  removed if removed > 0 else left_quantity))
    if not planned:
        raise violation("reductions", "the reductions refund nothing", "missing_amount")
    return planned


def plan_amount_refund(ledger: Ledger, amount: Decimal) -> list[RefundLine]:
    """A refund by amount spread over the lines in proportion to what is left to refund of
    each (rounded half-up, the rounding difference carried by the lines that have room), so that
    every line's refunded part stays within what was captured of it."""
    lines = [line for line in ledger.lines.values() if line.refundable_amount != 0]
    base = sum((line.refundable_amount for line in lines), ZERO)
    if amount > base or base <= 0:
        raise violation("amount", f"the refund of {ledger.show(amount)} exceeds what can still be refunded of the line "
                        f"items of {ledger.scope} ({ledger.show(max(base, ZERO))})", "refund_exceeds_refundable_amount")
    shares = {line.unique_id: _share(line.refundable_amount, amount, base, ledger.currency, ROUND_HALF_UP)
              for line in lines}
    step = quantum(ledger.currency)
    residual = amount - sum(shares.values(), ZERO)
    by_room = sorted(lines, key=lambda line: line.refundable_amount, reverse=True)
    while residual != 0:
        delta = step if residual > 0 else -step
        for line in by_room:
            moved = shares[line.unique_id] + delta
            if min(ZERO, line.refundable_amount) <= moved <= max(ZERO, line.refundable_amount):
                shares[line.unique_id] = moved
                residual -= delta
                break
        else:  # cannot happen while amount <= base; refused rather than spread wrongly
            raise violation("amount", f"the refund of {ledger.show(amount)} cannot be spread over the line items",
                            "refund_exceeds_refundable_amount")
    return [RefundLine(line.unique_id, "amount", ZERO, ZERO, shares[line.unique_id],
                       line.refundable_quantity if line.refundable_quantity > 0 else line.completed_quantity)
            for line in lines if shares[line.unique_id] != 0]


def check_refund(ledger: Ledger, amount: Decimal, planned: list[RefundLine]) -> None:
    """A refund of ``amount`` made of ``planned`` lines fits what is left to refund of
    ``ledger`` (the transaction, or the completion the refund names), in total and per line."""
    if amount <= 0:
        raise violation("amount", "must be greater than zero", "invalid_amount")
    if amount > ledger.refundable:
        raise UnprocessableEntity(
            f"The refund of {ledger.show(amount)} {ledger.currency} exceeds what can still be refunded of "
            f"{ledger.scope} ({ledger.show(ledger.refundable)} {ledger.currency}: {ledger.show(ledger.completed)} "
            f"completed, {ledger.show(ledger.refunded)} refunded or awaiting a refund)",
            code="refund_exceeds_refundable_amount", errors={"amount": f"at most {ledger.show(ledger.refundable)}"})
    for part in planned:
        line = ledger.lines.get(part.unique_id)
        field_path = part.where if part.where == "amount" else f"{part.where}.lineItemUniqueId"
        if line is None:
            raise violation(field_path, f"line item {part.unique_id!r} is not part of {ledger.scope}",
                            "invalid_line_item")
        left = line.refundable_amount
        if part.removed > line.refundable_quantity or abs(part.amount) > abs(left) or (
                part.amount != 0 and (part.amount < 0) != (left < 0)):
            raise violation(field_path, f"refunding {ledger.show(part.amount)} ({part.removed} units) of line item "
                            f"{part.unique_id!r} exceeds what is left to refund of it in {ledger.scope}: "
                            f"{ledger.show(left)} ({line.refundable_quantity} units)",
                            "refund_exceeds_refundable_amount")


def check_refund_settles(currency: str, completed: Decimal, refunded: Decimal, amount: Decimal) -> None:
    """A refund awaiting a decision succeeds: the transaction's refunded amount stays within
    what was completed (it was counted as outstanding when created, so this always holds)."""
    if Decimal(refunded) + Decimal(amount) > Decimal(completed):
        raise violation("amount", f"settling {round_amount(Decimal(amount), currency)} would refund more than the "
                        f"{round_amount(Decimal(completed), currency)} completed", "refund_exceeds_refundable_amount")
