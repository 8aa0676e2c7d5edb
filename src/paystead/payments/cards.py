"""Card numbers as every processor sees them: the Luhn check, the scheme by issuer number range,
expiry dates, and the only forms in which a number may be kept or shown (masked, or a keyed
fingerprint). Messages never contain card data."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

_SEPARATORS = re.compile(r"[ \-]")
_EXPIRY_FORMATS = (
    re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})"),  # wallee's AuthenticatedCardDataCreate format
    re.compile(r"(?P<month>[0-9]{1,2})/(?P<year>[0-9]{2}|[0-9]{4})"),
)
# (first digits, length of that prefix) ranges per scheme, most specific first.
_RANGES: list[tuple[str, int, int]] = [
    ("AMERICAN_EXPRESS", 34, 34), ("AMERICAN_EXPRESS", 37, 37),
    ("DINERS_CLUB", 300, 305), ("DINERS_CLUB", 36, 36), ("DINERS_CLUB", 38, 39),
    ("JCB", 3528, 3589),
    ("DISCOVER", 6011, 6011), ("DISCOVER", 644, 649), ("DISCOVER", 65, 65),
    ("UNIONPAY", 62, 62),
    ("MASTERCARD", 51, 55), ("MASTERCARD", 2221, 2720),
    ("MAESTRO", 50, 50), ("MAESTRO", 56, 58), ("MAESTRO", 67, 67),
    ("VISA", 4, 4),
]
CVC_LENGTHS = {"AMERICAN_EXPRESS": 4}


def normalize_pan(text: str) -> str | None:
    """The digits of a card number typed with spaces or dashes; None unless 12 to 19 digits."""
    if not isinstance(text, str):
        return None
    digits = _SEPARATORS.sub("", text)
    return digits if digits.isascii() and digits.isdigit() and 12 <= len(digits) <= 19 else None


def luhn_valid(number: str) -> bool:
    if not isinstance(number, str) or not number.isascii() or not number.isdigit() or not 12 <= len(number) <= 19:
        return False
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def brand_of(pan: str) -> str | None:
    for brand, low, high in _RANGES:
        width = len(str(low))
        if len(pan) >= width and low <= int(pan[:width]) <= high:
            return brand
    return None


def cvc_length(brand: str | None) -> int:
    return CVC_LENGTHS.get(brand or "", 3)


def parse_expiry(text: str) -> tuple[int, int]:
    """``2031-12``, ``12/31`` or ``12/2031`` -> (2031, 12)."""
    for pattern in _EXPIRY_FORMATS:
        match = pattern.fullmatch((text or "").strip())
        if match:
            year, month = int(match["year"]), int(match["month"])
            if year < 100:
                year += 2000
            if 1 <= month <= 12:
                return year, month
            raise ValueError("the expiry month must be between 1 and 12")
    raise ValueError("the expiry date is not in the form YYYY-MM")


def is_expired(year: int, month: int, today: date) -> bool:
    """A card is valid through the last day of its expiry month."""
    return (year, month) < (today.year, today.month)


def mask_pan(pan: str) -> str:
    """First six and last four digits: ``411111******1111``; short numbers show the last four only."""
    if len(pan) < 13:
        return "*" * (len(pan) - 4) + pan[-4:]
    return pan[:6] + "*" * (len(pan) - 10) + pan[-4:]


def pan_fingerprint(pan: str, key: bytes) -> str:
    """A keyed hash, to recognise the same card again without keeping its number."""
    return hmac.new(key, pan.encode(), hashlib.sha256).hexdigest()
