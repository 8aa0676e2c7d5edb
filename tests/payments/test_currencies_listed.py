"""``/currencies`` as the official SDK reads it: the ISO 4217 codes that are not money are neither
listed nor readable, the legal-tender X-codes are listed. That each listed currency is accepted
by a transaction, and the refusals wherever a currency is taken, are checked in the fast tier
(tests/fast/test_non_currencies.py)."""

from __future__ import annotations

from wallee.service.currencies_service import CurrenciesService

from tests.support.currencies import LEGAL_TENDER_X_CODES, NOT_MONEY
from tests.services.conftest import refused


def test_currencies_reference_data_agrees_with_the_checks(config):
    currencies = CurrenciesService(config)
    listed = {currency.currency_code for currency in currencies.get_currencies().data}
    assert not listed & set(NOT_MONEY)
    for code in NOT_MONEY:
        refused(404, currencies.get_currencies_code, code)
    assert set(LEGAL_TENDER_X_CODES) <= listed and {"CHF", "EUR", "JPY", "BHD"} <= listed
