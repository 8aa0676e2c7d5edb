"""Amounts in a currency: ISO 4217 minor units (from pycountry and Babel, like the currency
reference data), exact Decimal arithmetic, rounding half-up to the minor unit.

A currency is an ISO 4217 code (pycountry) that is money someone can pay with: legal tender of
some territory now or in the past, by CLDR's territory data (Babel). That leaves out what ISO
4217 codes without being a currency: the X-codes of no country (XXX no currency, XTS testing,
the metals XAU XAG XPD XPT, the bond-market units XBA-XBD, XDR, XSU, XUA, XAD) and the fund
codes (BOV CHE CHW CLF COU MXV USN UYI UYW: units of account beside a country's currency, which
CLDR marks ``tender="false"``). The CFA and CFP francs and the East Caribbean dollar (XAF XOF
XPF XCD) are legal tender and stay. The same set is the ``/currencies`` reference data.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache

import pycountry
from babel.core import get_global
from babel.numbers import get_currency_precision, get_territory_currencies

from paystead.errors import UnprocessableEntity


# Amounts are stored as NUMERIC(28, 10): 18 digits before the point. One amount stays well below,
# so that sums over many line items and quantities still fit.
MAX_AMOUNT = Decimal(10) ** 15


# ISO 4217 gives Venezuela's VED (2021) beside VES; CLDR does not list it as tender yet.
_TENDER_MISSING_FROM_CLDR = frozenset({"VED"})


@cache
def payment_currencies() -> frozenset[str]:
    """The ISO 4217 codes a payment can be in (see the module's docstring)."""
    tender = {code for territory in get_global("territory_currencies")
              for code in get_territory_currencies(territory, start_date=date(1, 1, 1), end_date=date(9999, 12, 31),
                                                   tender=True)}
    return frozenset(currency.alpha_3 for currency in pycountry.currencies
                     if currency.alpha_3 in tender or currency.alpha_3 in _TENDER_MISSING_FROM_CLDR)


def is_currency(code: str) -> bool:
    return isinstance(code, str) and code in payment_currencies()


def require_currency(code, field: str) -> str:
    """``code`` if it is a currency; else a 422 naming ``field``."""
    if not is_currency(code):
        problem = "required" if code in (None, "") else "not a currency: an ISO 4217 code of money, such as CHF"
        raise UnprocessableEntity(f"{field} must be an ISO 4217 currency code such as CHF", code="invalid_currency",
                                  errors={field: problem})
    return code


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
