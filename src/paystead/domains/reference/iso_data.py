"""Rows of the ISO reference tables, derived from maintained libraries: countries and their
subdivisions from pycountry (ISO 3166), currencies from pycountry with their minor units from
Babel (ISO 4217 / CLDR; only the codes a payment can be in, ``paystead.payments.money``), languages from Babel's CLDR locales (language + region)."""

from __future__ import annotations

import pycountry
from babel import Locale
from babel.core import get_global
from babel.localedata import locale_identifiers
from babel.numbers import get_currency_name, get_currency_precision
from babel.plural import to_gettext

from paystead.payments.money import is_currency

_ENGLISH = Locale("en")


def country_rows() -> list[dict]:
    states_by_country: dict[str, list[str]] = {}
    for subdivision in pycountry.subdivisions:
        states_by_country.setdefault(subdivision.country_code, []).append(subdivision.code)
    return [
        dict(
            id=country.alpha_2,
            iso_code3=country.alpha_3,
            numeric_code=country.numeric,
            # CLDR's short English names ("Bolivia", "South Korea") where it has one.
            name=_ENGLISH.territories.get(country.alpha_2) or getattr(country, "common_name", country.name),
            state_codes=sorted(states_by_country.get(country.alpha_2, [])),
        )
        for country in pycountry.countries
    ]


def country_state_rows() -> list[dict]:
    return [
        dict(
            id=subdivision.code,
            country_code=subdivision.country_code,
            code=subdivision.code.split("-", 1)[1],
            name=subdivision.name,
        )
        for subdivision in pycountry.subdivisions
    ]


def currency_rows() -> list[dict]:
    return [
        dict(
            id=currency.alpha_3,
            numeric_code=int(currency.numeric),
            name=get_currency_name(currency.alpha_3, locale=_ENGLISH) or currency.name,
            fraction_digits=get_currency_precision(currency.alpha_3),
        )
        for currency in pycountry.currencies if is_currency(currency.alpha_3)
    ]


def _plural_expression(locale: Locale) -> str:
    # gettext's "nplurals=N; plural=EXPR;" -> EXPR
    return to_gettext(locale.plural_form).split("plural=", 1)[1].rstrip(";").strip()


def language_rows() -> list[dict]:
    """Every CLDR locale that is exactly a two-letter language and a country (IETF ``de-CH``)."""
    likely = get_global("likely_subtags")
    country_codes = {country.alpha_2 for country in pycountry.countries}
    rows = []
    for identifier in sorted(locale_identifiers()):
        parts = identifier.split("_")
        if len(parts) != 2 or len(parts[0]) != 2 or parts[1] not in country_codes:
            continue
        language = pycountry.languages.get(alpha_2=parts[0])
        if language is None:
            continue
        locale = Locale.parse(identifier)
        # The language's default region (CLDR likely subtags: de -> de_Latn_DE) leads its group.
        default_region = likely.get(parts[0], "").split("_")[-1]
        rows.append(dict(
            id=f"{parts[0]}-{parts[1]}",
            iso2_code=parts[0],
            iso3_code=language.alpha_3,
            country_code=parts[1],
            name=locale.get_display_name(_ENGLISH),
            primary_of_group=parts[1] == default_region,
            plural_expression=_plural_expression(locale),
        ))
    return rows
