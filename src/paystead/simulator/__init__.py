"""Paystead's built-in simulated payment processor: card checks, test cards, decisions."""

from paystead.payments.cards import (
    brand_of,
    cvc_length,
    is_expired,
    luhn_valid,
    mask_pan,
    normalize_pan,
    pan_fingerprint,
    parse_expiry,
)
from paystead.payments.failure_reasons import FAILURE_REASONS, FailureReasonInfo
from paystead.simulator.test_cards import (
    TEST_CARDS,
    Decision,
    Outcome,
    TestCard,
    decide,
    lookup,
    card_table_markdown,
)

__all__ = [
    "FAILURE_REASONS",
    "TEST_CARDS",
    "Decision",
    "FailureReasonInfo",
    "Outcome",
    "TestCard",
    "brand_of",
    "cvc_length",
    "decide",
    "is_expired",
    "lookup",
    "luhn_valid",
    "mask_pan",
    "normalize_pan",
    "pan_fingerprint",
    "parse_expiry",
    "card_table_markdown",
]
