"""Amounts in a currency: ISO 4217 minor units (from pycountry and Babel, like the currency
reference data), exact Decimal arithmetic, rounding half-up to the minor unit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import pycountry
from babel.numbers import get_currency_precision

from paystead.errors import UnprocessableEntity


# Amounts are stored as NUMERIC(28, 10): 18 digits before the point. One amount stays well below,
# so that sums over many line items and quantities still fit.
MAX_AMOUNT = Decimal(10) ** 15


@lru_cache(maxsize=512)
def is_currency(code: str) -> bool:
    return isinstance(code, str) and len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None


@lru_cache(maxsize=512)
def fraction_digits(currency: str) -> int:
    return get_currency_precision(currency)


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-fraction_digits(currency))


def round_amount(value: Decimal, currency: str) -> Decimal:
    """``value`` rounded half-up to the currency's minor unit (1.005 CHF -> 1.01)."""
    return value.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def to_decimal(value) -> Decimal:
    """A wire number (int, float parsed from JSON, Decimal or text) as an exact Decimal."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text that reads back as this float, as sent
    return Decimal(value)


def checked_amount(value, currency: str, field: str) -> Decimal:
    """An amount given by the caller: a finite number with at most the currency's minor units;
    anything else is a 422 naming ``field``."""
    amount = to_decimal(value)
    if not amount.is_finite():
        raise UnprocessableEntity(f"{field} must be a finite number", code="invalid_amount", errors={field: "not finite"})
    if abs(amount) >= MAX_AMOUNT:
        raise UnprocessableEntity(f"{field} must be less than {MAX_AMOUNT:,.0f} in magnitude", code="invalid_amount",
                                  errors={field: "too large"})
    digits = fraction_digits(currency)
    if amount != amount.quantize(quantum(currency), rounding=ROUND_HALF_UP):
        raise UnprocessableEntity(f"{field} has more fractional digits than {currency} allows ({digits})",
                                  code="invalid_amount", errors={field: f"at most {digits} fractional digits in {currency}"})
    return amount


def wire_amount(value: Decimal | None, currency: str) -> Decimal | None:
    """A stored amount as the API shows it: exactly the currency's minor units."""
    return None if value is None else round_amount(Decimal(value), currency)
