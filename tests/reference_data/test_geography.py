"""Countries, their states, currencies and languages through the SDK, compared with the
libraries they come from (pycountry, Babel)."""

from __future__ import annotations

import pycountry
import pytest
from babel.numbers import get_currency_precision
from wallee.service.countries_service import CountriesService
from wallee.service.currencies_service import CurrenciesService
from wallee.service.languages_service import LanguagesService

from paystead.payments.money import payment_currencies

from tests.services.conftest import refused


@pytest.fixture()
def countries(config) -> CountriesService:
    return CountriesService(config)


@pytest.fixture()
def currencies(config) -> CurrenciesService:
    return CurrenciesService(config)


@pytest.fixture()
def languages(config) -> LanguagesService:
    return LanguagesService(config)


# --- countries ------------------------------------------------------------------------------

def test_country_list_is_pycountrys(countries):
    listed = countries.get_countries()
    codes = [country.iso_code2 for country in listed.data]
    assert sorted(codes) == sorted(country.alpha_2 for country in pycountry.countries)
    assert codes == sorted(codes)  # ordered by code
    assert listed.has_more is False and listed.limit == len(codes)


def test_read_country_by_code(countries):
    switzerland = countries.get_countries_code("CH")
    assert (switzerland.iso_code2, switzerland.iso_code3, switzerland.numeric_code, switzerland.name) == \
        ("CH", "CHE", "756", "Switzerland")
    assert len(switzerland.state_codes) == 26 and "CH-ZH" in switzerland.state_codes
    assert countries.get_countries_code("de").iso_code3 == "DEU"  # codes are case-insensitive


def test_address_formats_follow_the_i18n_address_data(countries):
    import re

    swiss = countries.get_countries_code("CH").address_format
    assert [f.value for f in swiss.required_fields] == ["STREET", "CITY", "POST_CODE", "COUNTRY"]
    assert "POSTAL_STATE" not in [f.value for f in swiss.used_fields]
    assert all(re.fullmatch(swiss.post_code_regex, example) for example in swiss.post_code_examples)
    assert not re.fullmatch(swiss.post_code_regex, "12345")
    american = countries.get_countries_code("US").address_format
    assert "POSTAL_STATE" in [f.value for f in american.required_fields]
    assert re.fullmatch(american.post_code_regex, "95014-1234")
    # Every country has one; countries without post codes have no regex.
    listed = countries.get_countries().data
    assert all(country.address_format and country.address_format.required_fields for country in listed)
    assert countries.get_countries_code("AQ").address_format.post_code_regex is None


def test_unknown_country_is_404(countries):
    body = refused(404, countries.get_countries_code, "XX")
    assert "XX" in body["message"]
    refused(404, countries.get_countries_country_code_states, "XX")


def test_search_countries_by_name_with_order_and_pages(countries):
    expected = sorted(c.name for c in countries.get_countries().data if "land" in c.name.lower())
    assert len(expected) > 5
    first = countries.get_countries_search(query="name:~land", order="name:ASC", limit=5)
    assert [c.name for c in first.data] == expected[:5]
    assert first.has_more is True and first.offset == 0 and first.limit == 5
    rest = countries.get_countries_search(query="name:~land", order="name:ASC", limit=100, offset=5)
    assert [c.name for c in rest.data] == expected[5:] and rest.has_more is False
    descending = countries.get_countries_search(query="name:~land", order="name:DESC", limit=100)
    assert [c.name for c in descending.data] == expected[::-1]


def test_search_countries_by_code_and_state(countries):
    found = countries.get_countries_search(query="isoCode3:AUT")
    assert [c.iso_code2 for c in found.data] == ["AT"]
    found = countries.get_countries_search(query="stateCodes:CH-GE")
    assert [c.iso_code2 for c in found.data] == ["CH"]


def test_states_of_switzerland_are_the_26_cantons(countries):
    cantons = countries.get_countries_country_code_states("CH")
    assert len(cantons) == 26
    zurich = next(state for state in cantons if state.id == "CH-ZH")
    assert (zurich.code, zurich.country_code, zurich.name) == ("ZH", "CH", pycountry.subdivisions.get(code="CH-ZH").name)
    assert {state.id for state in cantons} == {s.code for s in pycountry.subdivisions.get(country_code="CH")}


def test_country_without_subdivisions_has_no_states(countries):
    without = next(c.alpha_2 for c in pycountry.countries if not pycountry.subdivisions.get(country_code=c.alpha_2))
    assert countries.get_countries_country_code_states(without) == []


def test_all_states_and_one_state(countries):
    every = countries.get_countries_states()
    assert len(every) == len(pycountry.subdivisions)
    geneva = countries.get_countries_states_id("CH-GE")
    assert (geneva.id, geneva.code, geneva.country_code) == ("CH-GE", "GE", "CH")
    refused(404, countries.get_countries_states_id, "CH-XX")


# --- currencies -----------------------------------------------------------------------------

def test_currency_list_is_pycountrys_money(currencies):
    """pycountry's ISO 4217 codes less those that are not money (payments.money's rule)."""
    listed = currencies.get_currencies()
    assert sorted(c.currency_code for c in listed.data) == sorted(payment_currencies())
    assert set(payment_currencies()) < {c.alpha_3 for c in pycountry.currencies}
    assert listed.has_more is False and listed.limit == len(listed.data)
    for currency in listed.data:
        assert currency.fraction_digits == get_currency_precision(currency.currency_code), currency


@pytest.mark.parametrize("code, numeric, digits", [("CHF", 756, 2), ("JPY", 392, 0), ("BHD", 48, 3)])
def test_minor_units(currencies, code, numeric, digits):
    currency = currencies.get_currencies_code(code)
    assert (currency.currency_code, currency.numeric_code, currency.fraction_digits) == (code, numeric, digits)
    assert currency.name


def test_search_currencies(currencies):
    found = currencies.get_currencies_search(query="currencyCode:CHF")
    assert [c.currency_code for c in found.data] == ["CHF"] and found.has_more is False
    without_decimals = currencies.get_currencies_search(query="fractionDigits:0", order="currencyCode:DESC",
                                                        limit=100)
    codes = [c.currency_code for c in without_decimals.data]
    assert "JPY" in codes and "CHF" not in codes and codes == sorted(codes, reverse=True)
    page = currencies.get_currencies_search(order="currencyCode:ASC", limit=3, offset=2)
    everything = sorted(payment_currencies())
    assert [c.currency_code for c in page.data] == everything[2:5] and page.has_more is True


def test_unknown_currency_is_404(currencies):
    refused(404, currencies.get_currencies_code, "XYZ")


# --- languages ------------------------------------------------------------------------------

def test_languages_are_ietf_tags_of_known_languages(languages):
    listed = languages.get_languages()
    assert listed.has_more is False and listed.limit == len(listed.data) > 100
    for language in listed.data:
        iso2, region = language.ietf_code.split("-")
        assert (language.iso2_code, language.country_code) == (iso2, region)
        assert pycountry.languages.get(alpha_2=iso2).alpha_3 == language.iso3_code
        assert pycountry.countries.get(alpha_2=region) is not None
    tags = {language.ietf_code for language in listed.data}
    assert {"en-US", "de-CH", "fr-CH", "it-CH", "de-DE"} <= tags


def test_read_language(languages):
    swiss_german = languages.get_languages_code("de-CH")
    assert (swiss_german.ietf_code, swiss_german.iso2_code, swiss_german.iso3_code, swiss_german.country_code) == \
        ("de-CH", "de", "deu", "CH")
    assert swiss_german.name == "German (Switzerland)" and swiss_german.primary_of_group is False
    assert "n" in swiss_german.plural_expression
    assert languages.get_languages_code("DE-de").primary_of_group is True
    refused(404, languages.get_languages_code, "xx-YY")


def test_search_languages(languages):
    german = languages.get_languages_search(query="iso2Code:de", order="ietfCode:ASC", limit=100)
    tags = [language.ietf_code for language in german.data]
    assert "de-CH" in tags and tags == sorted(tags) and all(tag.startswith("de-") for tag in tags)
    primary = languages.get_languages_search(query="iso2Code:de AND primaryOfGroup:true")
    assert [language.ietf_code for language in primary.data] == ["de-DE"]
