"""Wire shapes shared by the payment resources: amounts in their currency, addresses, failure
reasons."""

from __future__ import annotations

from decimal import Decimal

from paystead.payments.failure_reasons import FAILURE_REASONS
from paystead.payments.money import wire_amount

_FAILURE_REASONS_BY_ID = {reason.id: reason for reason in FAILURE_REASONS.values()}


def amount_of(currency_attribute: str = "currency"):
    """A Column format: the stored amount rounded to the row's currency."""
    def format_amount(value, row):
        return wire_amount(Decimal(value) if value is not None else None, getattr(row, currency_attribute))
    return format_amount


def failure_reason(reason_id: int | None) -> dict | None:
    reason = _FAILURE_REASONS_BY_ID.get(reason_id) if reason_id is not None else None
    if reason is None:
        return None
    return {"id": reason.id, "category": reason.category, "name": {"en-US": reason.name},
            "description": {"en-US": reason.description}}


def address(stored: dict | None) -> dict | None:
    """A stored AddressCreate as an Address: the legal organization form becomes an object."""
    if not stored:
        return None
    out = dict(stored)
    form = out.get("legalOrganizationForm")
    if isinstance(form, int):
        out["legalOrganizationForm"] = {"id": form}
    return out
