"""The simulator's documented test cards and its deterministic decisions.

Any Luhn-valid number that is not in the catalog is approved, so that integrators can use any
valid card; the catalog adds the numbers with other outcomes. Rules, in order: an expiry date
in the past fails (EXPIRED_CARD) whatever the card; a CVC whose length does not fit the brand
fails (INVALID_CVC); then the card's own outcome decides.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from paystead.payments.cards import brand_of, cvc_length, is_expired, luhn_valid


class Outcome(enum.Enum):
    APPROVED = "approved"
    DECLINED = "declined"
    INSUFFICIENT_FUNDS = "insufficient funds"
    EXPIRED_CARD = "expired card"
    WRONG_CVC = "wrong CVC"
    THREE_D_SECURE_REQUIRED = "3-D Secure challenge, approving it succeeds"
    THREE_D_SECURE_FAILED = "3-D Secure challenge that always fails"
    TOKEN_CHARGE_FAILS = "pays and tokenizes; later charges of the token fail"
    REVIEW_REQUIRED = "pays; delivery waits for a manual decision (mark suitable or not suitable)"


@dataclass(frozen=True)
class TestCard:
    __test__ = False  # not a pytest test class

    number: str
    brand: str
    outcome: Outcome
    description: str


def _card(number: str, brand: str, outcome: Outcome, description: str | None = None) -> TestCard:
    return TestCard(number, brand, outcome, description or outcome.value)


TEST_CARDS: tuple[TestCard, ...] = (
    _card("4111111111111111", "VISA", Outcome.APPROVED),
    _card("4242424242424242", "VISA", Outcome.APPROVED),
    _card("5555555555554444", "MASTERCARD", Outcome.APPROVED),
    _card("2223003122003222", "MASTERCARD", Outcome.APPROVED),
    _card("378282246310005", "AMERICAN_EXPRESS", Outcome.APPROVED),
    _card("36227206271667", "DINERS_CLUB", Outcome.APPROVED),
    _card("6011111111111117", "DISCOVER", Outcome.APPROVED),
    _card("3530111333300000", "JCB", Outcome.APPROVED),
    _card("4000000000000002", "VISA", Outcome.DECLINED),
    _card("5100000000000008", "MASTERCARD", Outcome.DECLINED),
    _card("4000000000009995", "VISA", Outcome.INSUFFICIENT_FUNDS),
    _card("5100000000009959", "MASTERCARD", Outcome.INSUFFICIENT_FUNDS),
    _card("4000000000000069", "VISA", Outcome.EXPIRED_CARD, "the issuer reports the card expired"),
    _card("5100000000000065", "MASTERCARD", Outcome.EXPIRED_CARD, "the issuer reports the card expired"),
    _card("4000000000000127", "VISA", Outcome.WRONG_CVC),
    _card("5100000000000123", "MASTERCARD", Outcome.WRONG_CVC),
    _card("4000000000003220", "VISA", Outcome.THREE_D_SECURE_REQUIRED),
    _card("5100000000003226", "MASTERCARD", Outcome.THREE_D_SECURE_REQUIRED),
    _card("4000008400001629", "VISA", Outcome.THREE_D_SECURE_FAILED),
    _card("5100008400001625", "MASTERCARD", Outcome.THREE_D_SECURE_FAILED),
    _card("4000000000000341", "VISA", Outcome.TOKEN_CHARGE_FAILS),
    _card("5100000000000347", "MASTERCARD", Outcome.TOKEN_CHARGE_FAILS),
    _card("4000000000000259", "VISA", Outcome.REVIEW_REQUIRED),
    _card("5100000000000255", "MASTERCARD", Outcome.REVIEW_REQUIRED),
)
_BY_NUMBER = {card.number: card for card in TEST_CARDS}


@dataclass(frozen=True)
class Decision:
    approved: bool
    needs_challenge: bool = False
    failure: str | None = None  # a key of paystead.payments.failure_reasons.FAILURE_REASONS
    review: bool = False  # approved, but delivery needs a manual decision


def lookup(pan: str) -> TestCard | None:
    return _BY_NUMBER.get(pan)


def decide(pan: str, expiry: tuple[int, int], cvc: str | None, today: date, *, via_token: bool = False,
           three_d_secure_passed: bool | None = None) -> Decision:
    if not luhn_valid(pan):
        raise ValueError("decide() needs a Luhn-valid card number; check it first")
    if is_expired(expiry[0], expiry[1], today):
        return Decision(False, failure="EXPIRED_CARD")
    if cvc is not None and len(cvc) != cvc_length(brand_of(pan)):
        return Decision(False, failure="INVALID_CVC")
    card = lookup(pan)
    outcome = card.outcome if card is not None else Outcome.APPROVED
    if outcome is Outcome.THREE_D_SECURE_REQUIRED:
        if three_d_secure_passed is None:
            return Decision(False, needs_challenge=True)
        return Decision(True) if three_d_secure_passed else Decision(False, failure="THREE_D_SECURE_FAILED")
    if outcome is Outcome.THREE_D_SECURE_FAILED:
        if three_d_secure_passed is None:
            return Decision(False, needs_challenge=True)
        return Decision(False, failure="THREE_D_SECURE_FAILED")
    if outcome is Outcome.REVIEW_REQUIRED:
        return Decision(True, review=True)
    if outcome is Outcome.TOKEN_CHARGE_FAILS:
        return Decision(False, failure="TOKEN_CHARGE_FAILED") if via_token else Decision(True)
    failures = {Outcome.DECLINED: "DECLINED", Outcome.INSUFFICIENT_FUNDS: "INSUFFICIENT_FUNDS",
                Outcome.EXPIRED_CARD: "EXPIRED_CARD", Outcome.WRONG_CVC: "INVALID_CVC"}
    if outcome in failures:
        return Decision(False, failure=failures[outcome])
    return Decision(True)


_BRAND_NAMES = {"VISA": "Visa", "MASTERCARD": "Mastercard", "AMERICAN_EXPRESS": "American Express",
                "DINERS_CLUB": "Diners Club", "DISCOVER": "Discover", "JCB": "JCB"}


def card_table_markdown() -> str:
    """The catalog as a Markdown table, for the README."""
    lines = ["| card number | brand | outcome |", "|---|---|---|"]
    for card in TEST_CARDS:
        lines.append(f"| `{card.number}` | {_BRAND_NAMES.get(card.brand, card.brand)} | {card.description} |")
    return "\n".join(lines)
