"""Why a payment failed, as wallee's FailureReason: one catalogue for every processor. A
processor names a failure by its key; the id and texts are what the API shows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FailureReasonInfo:
    id: int  # part of the API: never changes
    category: str  # wallee's FailureCategory
    name: str
    description: str


FAILURE_REASONS: dict[str, FailureReasonInfo] = {
    "DECLINED": FailureReasonInfo(1, "END_USER", "Declined", "The card issuer declined the payment."),
    "INSUFFICIENT_FUNDS": FailureReasonInfo(2, "END_USER", "Insufficient funds",
                                            "The card does not have enough funds for this payment."),
    "EXPIRED_CARD": FailureReasonInfo(3, "END_USER", "Expired card", "The card has expired."),
    "INVALID_CVC": FailureReasonInfo(4, "END_USER", "Invalid CVC", "The card verification code is not correct."),
    "THREE_D_SECURE_FAILED": FailureReasonInfo(5, "END_USER", "3-D Secure failed",
                                               "The cardholder could not be authenticated with 3-D Secure."),
    "TOKEN_CHARGE_FAILED": FailureReasonInfo(6, "END_USER", "Token charge failed",
                                             "The stored payment information could not be charged."),
    "PROCESSING_TIMEOUT": FailureReasonInfo(7, "TEMPORARY_ISSUE", "Processing timeout",
                                            "The processor did not answer in time."),
    "TRANSACTION_TIMEOUT": FailureReasonInfo(8, "TEMPORARY_ISSUE", "Transaction timeout",
                                             "The transaction was not paid in time."),
    "INVALID_CARD_DATA": FailureReasonInfo(9, "END_USER", "Invalid card data", "The card data are not valid."),
    "CANCELLED_BY_BUYER": FailureReasonInfo(10, "END_USER", "Cancelled by the buyer",
                                            "The buyer cancelled the payment on the payment page."),
    "CHARGE_FLOW_CANCELED": FailureReasonInfo(11, "INTERNAL", "Charge flow canceled",
                                              "The merchant canceled the charge flow before it was paid."),
}
