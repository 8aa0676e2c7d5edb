"""The simulator's card rules as plain functions: Luhn, brands, expiry dates, masking, the test
cards' deterministic outcomes (no server needed)."""

from __future__ import annotations

from datetime import date

import pytest

from paystead.simulator import (
    FAILURE_REASONS,
    TEST_CARDS,
    Outcome,
    brand_of,
    decide,
    is_expired,
    luhn_valid,
    mask_pan,
    normalize_pan,
    pan_fingerprint,
    parse_expiry,
    card_table_markdown,
)

TODAY = date(2026, 11, 23)
LATER = (2031, 12)


def test_luhn():
    assert luhn_valid("4111111111111111") and luhn_valid("378282246310005")
    assert not luhn_valid("4111111111111112")
    for bad in ("", "41111111111", "4" * 20, "4111 1111 1111 1111", "411111111111111a", "٤١١١١١١١١١١١١١١١"):
        assert not luhn_valid(bad), bad
    assert normalize_pan("4111 1111-1111 1111") == "4111111111111111"
    assert normalize_pan("4111") is None and normalize_pan("4111x111111111111") is None


@pytest.mark.parametrize("number,brand", [
    ("4111111111111111", "VISA"), ("5555555555554444", "MASTERCARD"), ("2223003122003222", "MASTERCARD"),
    ("378282246310005", "AMERICAN_EXPRESS"), ("36227206271667", "DINERS_CLUB"), ("6011111111111117", "DISCOVER"),
    ("3530111333300000", "JCB"), ("6200000000000005", "UNIONPAY"), ("9999999999999995", None),
])
def test_brands(number, brand):
    assert brand_of(number) == brand


def test_every_catalog_card_is_valid_and_of_its_brand():
    assert len({card.number for card in TEST_CARDS}) == len(TEST_CARDS)
    for card in TEST_CARDS:
        assert luhn_valid(card.number) and brand_of(card.number) == card.brand, card
    for outcome in Outcome:
        brands = {card.brand for card in TEST_CARDS if card.outcome is outcome}
        assert {"VISA", "MASTERCARD"} <= brands, outcome
    assert "4111111111111111" in card_table_markdown()


def test_expiry_dates():
    assert parse_expiry("2031-12") == (2031, 12) == parse_expiry("12/31") == parse_expiry("12/2031")
    for bad in ("2031-13", "2031-00", "13/31", "soon", "", "2031/12"):
        with pytest.raises(ValueError) as caught:
            parse_expiry(bad)
        assert "2031" not in str(caught.value) or bad == ""
    assert not is_expired(2026, 11, TODAY) and is_expired(2026, 10, TODAY) and not is_expired(2027, 1, TODAY)


def test_masking_and_fingerprints():
    assert mask_pan("4111111111111111") == "411111******1111"
    assert mask_pan("378282246310005") == "378282*****0005"
    assert mask_pan("411111111111") == "********1111"
    first = pan_fingerprint("4111111111111111", b"k1")
    assert first == pan_fingerprint("4111111111111111", b"k1") != pan_fingerprint("4111111111111111", b"k2")
    assert "4111111111111111" not in first


def _card(outcome: Outcome, brand: str = "VISA") -> str:
    return next(card.number for card in TEST_CARDS if card.outcome is outcome and card.brand == brand)


def test_decisions():
    assert decide("4111111111111111", LATER, "123", TODAY).approved
    assert decide("4556737586899855", LATER, "123", TODAY).approved  # any valid number outside the catalog
    assert decide(_card(Outcome.DECLINED), LATER, "123", TODAY).failure == "DECLINED"
    assert decide(_card(Outcome.INSUFFICIENT_FUNDS, "MASTERCARD"), LATER, None, TODAY).failure == "INSUFFICIENT_FUNDS"
    assert decide(_card(Outcome.EXPIRED_CARD), LATER, None, TODAY).failure == "EXPIRED_CARD"
    assert decide(_card(Outcome.WRONG_CVC), LATER, "123", TODAY).failure == "INVALID_CVC"
    # An expiry in the past fails whatever the card; a CVC of the wrong length too.
    assert decide("4111111111111111", (2026, 10), "123", TODAY).failure == "EXPIRED_CARD"
    assert decide("4111111111111111", LATER, "1234", TODAY).failure == "INVALID_CVC"
    assert decide("378282246310005", LATER, "1234", TODAY).approved
    assert decide("378282246310005", LATER, "123", TODAY).failure == "INVALID_CVC"


def test_three_d_secure_and_token_decisions():
    challenge = _card(Outcome.THREE_D_SECURE_REQUIRED)
    assert decide(challenge, LATER, None, TODAY).needs_challenge
    assert decide(challenge, LATER, None, TODAY, three_d_secure_passed=True).approved
    assert decide(challenge, LATER, None, TODAY, three_d_secure_passed=False).failure == "THREE_D_SECURE_FAILED"
    always_fails = _card(Outcome.THREE_D_SECURE_FAILED, "MASTERCARD")
    assert decide(always_fails, LATER, None, TODAY).needs_challenge
    assert decide(always_fails, LATER, None, TODAY, three_d_secure_passed=True).failure == "THREE_D_SECURE_FAILED"
    token_fails = _card(Outcome.TOKEN_CHARGE_FAILS)
    assert decide(token_fails, LATER, "123", TODAY).approved
    assert decide(token_fails, LATER, None, TODAY, via_token=True).failure == "TOKEN_CHARGE_FAILED"
    review = decide(_card(Outcome.REVIEW_REQUIRED), LATER, None, TODAY)
    assert review.approved and review.review
    with pytest.raises(ValueError):
        decide("4111111111111112", LATER, None, TODAY)


def test_failure_reasons_have_stable_unique_ids():
    ids = [reason.id for reason in FAILURE_REASONS.values()]
    assert len(ids) == len(set(ids))
    assert FAILURE_REASONS["DECLINED"].id == 1 and FAILURE_REASONS["TOKEN_CHARGE_FAILED"].id == 6
    assert {reason.category for reason in FAILURE_REASONS.values()} <= {
        "TEMPORARY_ISSUE", "INTERNAL", "END_USER", "CONFIGURATION", "DEVELOPER"}


def test_transaction_credentials_expire_and_cannot_be_forged():
    from paystead.auth.credentials import issue, verify
    from paystead.errors import Unauthorized
    from paystead.security.derived_keys import Signer

    signer = Signer.for_purpose(b"k" * 32, "transaction-credentials")
    credentials = issue(signer, 7, 42, now=1_000_000)
    assert credentials.startswith("7-42-")
    assert verify(signer, credentials, now=1_000_000 + 3599).transaction_id == 42
    for forged, now, code in [(credentials, 1_000_000 + 3601, "credentials_expired"),
                              (credentials.replace("7-42-", "7-43-", 1), 1_000_000, "invalid_credentials"),
                              ("7-42", 1_000_000, "invalid_credentials"),
                              (issue(Signer.for_purpose(b"x" * 32, "transaction-credentials"), 7, 42, now=1_000_000),
                               1_000_000, "invalid_credentials")]:
        with pytest.raises(Unauthorized) as caught:
            verify(signer, forged, now=now)
        assert caught.value.code == code
