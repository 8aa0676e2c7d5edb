"""Query values (always text in the query) turned into the Python value of their field type."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from decimal import Decimal

from paystead.query.fields import FieldType, SearchField

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# Beyond this a decimal is no longer a float on SQLite (where Numeric binds as
# float) and is rejected rather than silently turned into 0 or infinity.
MAX_DECIMAL_EXPONENT = 300
MAX_LIST_VALUES = 100

# ASCII digits only: int() and Decimal() would also take "1_000" or Arabic-Indic digits.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# fromisoformat accepts a few non-ASCII digits; insist on ASCII printable text.
_ISO_DATETIME = re.compile(r"[0-9]{4}-?[0-9]{2}-?[0-9]{2}(?:[Tt ][0-9:.,+\-Zz]+)?")

_BOOLEANS = {"true": True, "false": False}


class ValueMismatch(ValueError):
    """The text does not fit the field; the message says what was expected."""


def expected_description(field: SearchField) -> str:
    if field.type is FieldType.ENUM:
        return "one of " + ", ".join(field.enum_values)
    return {
        FieldType.INTEGER: "an integer",
        FieldType.DECIMAL: "a decimal number",
        FieldType.STRING: "text",
        FieldType.BOOLEAN: "true or false",
        FieldType.DATE: "a date (YYYY-MM-DD)",
        FieldType.DATETIME: "an ISO 8601 date-time such as 2026-01-15T10:00:00Z",
        FieldType.STRING_LIST: "a comma-separated list of values",
    }[field.type]


def to_integer(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise ValueMismatch("an integer")
    # Cheap length check first: int() of thousands of digits is slow.
    value = int(text) if len(text) <= 21 else INT64_MAX + 1
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueMismatch("an integer between -9223372036854775808 and 9223372036854775807")
    return value


def to_decimal(text: str) -> Decimal:
    if not _DECIMAL.fullmatch(text):
        raise ValueMismatch("a decimal number")
    value = Decimal(text)
    if value and abs(value.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise ValueMismatch(f"a decimal number between 1E-{MAX_DECIMAL_EXPONENT} and 1E+{MAX_DECIMAL_EXPONENT}")
    return value


def to_boolean(text: str) -> bool:
    try:
        return _BOOLEANS[text.lower()]
    except KeyError:
        raise ValueMismatch("true or false") from None


def to_date(text: str) -> date:
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueMismatch("a date (YYYY-MM-DD)")


def to_utc_datetime(text: str) -> datetime:
    """Aware UTC datetime; a bare date is midnight UTC, a naive time is UTC."""
    try:
        if _ISO_DATETIME.fullmatch(text):
            if _DATE.fullmatch(text):
                return datetime.combine(date.fromisoformat(text), time(), tzinfo=timezone.utc)
            value = datetime.fromisoformat(text.upper())
            if value.tzinfo is None:
                return value.replace(tzinfo=timezone.utc)
            return value.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        pass
    raise ValueMismatch("an ISO 8601 date-time such as 2026-01-15T10:00:00Z")


def to_enum(text: str, field: SearchField) -> str:
    wanted = text.upper()
    for canonical in field.enum_values:
        if canonical.upper() == wanted:
            return canonical
    raise ValueMismatch("one of " + ", ".join(field.enum_values))


def to_list(text: str) -> list[str]:
    """Comma-separated values; blanks around and between commas are dropped."""
    values = [item.strip() for item in text.split(",")]
    values = [item for item in values if item]
    if not values:
        raise ValueMismatch("a comma-separated list of values")
    if len(values) > MAX_LIST_VALUES:
        raise ValueMismatch(f"at most {MAX_LIST_VALUES} comma-separated values")
    return values


def to_scalar(field: SearchField, text: str):
    """The value of a single (non-list) comparison against ``field``."""
    kind = field.type
    if kind is FieldType.INTEGER:
        return to_integer(text)
    if kind is FieldType.DECIMAL:
        return to_decimal(text)
    if kind is FieldType.BOOLEAN:
        return to_boolean(text)
    if kind is FieldType.DATE:
        return to_date(text)
    if kind is FieldType.DATETIME:
        return to_utc_datetime(text)
    if kind is FieldType.ENUM:
        return to_enum(text, field)
    return text
