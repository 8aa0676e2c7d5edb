"""Line items: what the buyer pays for. A ``LineItemCreate`` gives the line's total including
tax (after its discount), the quantity and the tax rates; everything else is derived here,
rounded half-up to the currency's minor unit. The transaction's amount is the sum of its lines.

Stored as JSON in the wire shape, amounts as text (exact), and turned back into Decimals for
responses.
"""

from __future__ import annotations

from decimal import Decimal

from paystead.errors import UnprocessableEntity
from paystead.payments.money import checked_amount, round_amount, to_decimal

LINE_ITEM_TYPES = ("SHIPPING", "DISCOUNT", "FEE", "PRODUCT", "TIP")
AMOUNT_FIELDS = (
    "amountIncludingTax", "amountExcludingTax", "taxAmount", "taxAmountPerUnit", "discountIncludingTax",
    "discountExcludingTax", "unitPriceIncludingTax", "unitPriceExcludingTax", "undiscountedAmountIncludingTax",
    "undiscountedAmountExcludingTax", "undiscountedUnitPriceIncludingTax", "undiscountedUnitPriceExcludingTax",
    "quantity", "aggregatedTaxRate",
)
MAX_LINE_ITEMS = 500
_HUNDRED = Decimal(100)


def _fail(field: str, problem: str, code: str = "invalid_line_item"):
    return UnprocessableEntity(f"{field}: {problem}", code=code, errors={field: problem})


def build_line_items(items: list[dict], currency: str, field: str = "lineItems") -> list[dict]:
    """Validated ``LineItemCreate`` dicts -> stored line items. Raises 422 naming the field."""
    if not items:
        raise _fail(field, "at least one line item is needed")
    if len(items) > MAX_LINE_ITEMS:
        raise _fail(field, f"at most {MAX_LINE_ITEMS} line items")
    seen: set[str] = set()
    built = []
    for index, item in enumerate(items):
        where = f"{field}[{index}]"
        unique_id = item["uniqueId"]
        if unique_id in seen:
            raise _fail(f"{where}.uniqueId", f"{unique_id!r} is used by another line item")
        seen.add(unique_id)
        built.append(_line_item(item, currency, where))
    if sum(line_total(item) for item in built) < 0:
        raise _fail(field, "the line items add up to less than zero", code="negative_total")
    return built


def _line_item(item: dict, currency: str, where: str) -> dict:
    kind = item["type"]
    quantity = to_decimal(item["quantity"])
    if not quantity.is_finite() or quantity <= 0:
        raise _fail(f"{where}.quantity", "must be greater than zero")
    amount = checked_amount(item["amountIncludingTax"], currency, f"{where}.amountIncludingTax")
    if kind == "DISCOUNT" and amount > 0:
        raise _fail(f"{where}.amountIncludingTax", "a discount line item has a negative amount")
    if kind != "DISCOUNT" and amount < 0:
        raise _fail(f"{where}.amountIncludingTax", f"a {kind} line item cannot have a negative amount")
    discount = checked_amount(item.get("discountIncludingTax") or 0, currency, f"{where}.discountIncludingTax")
    taxes = []
    for position, tax in enumerate(item.get("taxes") or []):
        rate = to_decimal(tax["rate"])
        if not rate.is_finite() or rate < 0 or rate > 1000:
            raise _fail(f"{where}.taxes[{position}].rate", "must be a percentage between 0 and 1000")
        taxes.append({"title": tax["title"], "rate": str(rate)})
    rate = sum((Decimal(tax["rate"]) for tax in taxes), Decimal(0))
    factor = 1 + rate / _HUNDRED

    def excluding(value: Decimal) -> Decimal:
        return round_amount(value / factor, currency)

    amount_excluding = excluding(amount)
    tax_amount = amount - amount_excluding
    undiscounted = amount + discount
    values = {
        "amountIncludingTax": amount,
        "amountExcludingTax": amount_excluding,
        "taxAmount": tax_amount,
        "taxAmountPerUnit": round_amount(tax_amount / quantity, currency),
        "discountIncludingTax": discount,
        "discountExcludingTax": excluding(discount),
        "unitPriceIncludingTax": round_amount(amount / quantity, currency),
        "unitPriceExcludingTax": round_amount(amount_excluding / quantity, currency),
        "undiscountedAmountIncludingTax": undiscounted,
        "undiscountedAmountExcludingTax": excluding(undiscounted),
        "undiscountedUnitPriceIncludingTax": round_amount(undiscounted / quantity, currency),
        "undiscountedUnitPriceExcludingTax": round_amount(excluding(undiscounted) / quantity, currency),
        "quantity": quantity,
        "aggregatedTaxRate": rate,
    }
    stored = {key: str(value) for key, value in values.items()}
    stored.update({
        "uniqueId": item["uniqueId"],
        "name": item["name"],
        "type": kind,
        "sku": item.get("sku"),
        "shippingRequired": bool(item.get("shippingRequired", False)),
        "taxes": taxes,
        "attributes": item.get("attributes") or {},
    })
    return stored


def line_total(item: dict) -> Decimal:
    return Decimal(item["amountIncludingTax"])


def line_tax(item: dict) -> Decimal:
    return Decimal(item["taxAmount"])


def total(items: list[dict]) -> Decimal:
    return sum((line_total(item) for item in items), Decimal(0))


def tax_total(items: list[dict]) -> Decimal:
    return sum((line_tax(item) for item in items), Decimal(0))


def wire_line_items(items: list[dict] | None) -> list[dict]:
    """Stored line items -> the wire's ``LineItem`` objects (amounts as Decimals)."""
    wired = []
    for item in items or []:
        out = {key: value for key, value in item.items() if value is not None}
        for key in AMOUNT_FIELDS:
            if key in out:
                out[key] = plain(Decimal(out[key])) if key in ("quantity", "aggregatedTaxRate") else Decimal(out[key])
        out["taxes"] = [{"title": tax["title"], "rate": plain(Decimal(tax["rate"]))} for tax in item.get("taxes", [])]
        wired.append(out)
    return wired


def plain(value: Decimal) -> Decimal:
    """``2.50`` -> ``2.5``, ``10`` stays ``10`` (not ``1E+1``)."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def scaled_line_item(item: dict, quantity: Decimal, amount: Decimal, currency: str) -> dict:
    """``item`` reduced to ``quantity`` and ``amount`` (a partial completion or refund)."""
    source = {
        "uniqueId": item["uniqueId"], "name": item["name"], "type": item["type"], "sku": item.get("sku"),
        "shippingRequired": item.get("shippingRequired", False), "attributes": item.get("attributes"),
        "quantity": quantity, "amountIncludingTax": amount,
        "taxes": [{"title": tax["title"], "rate": Decimal(tax["rate"])} for tax in item.get("taxes", [])],
    }
    return _line_item(source, currency, "lineItems")
