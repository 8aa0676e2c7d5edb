"""What a printed document shows, independent of the database: who issues it, to whom, the
lines and the totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Party:
    name: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None
    email: str | None = None

    def lines(self) -> list[str]:
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return [line for line in (self.name, self.street, place, self.country, self.email) if line]


@dataclass(frozen=True)
class DocumentLine:
    name: str
    sku: str | None
    quantity: Decimal
    unit_price_including_tax: Decimal
    amount_including_tax: Decimal
    tax_rate: Decimal | None = None


@dataclass(frozen=True)
class Document:
    kind: str  # INVOICE, PACKING_SLIP or REFUND
    number: str
    issued_on: date
    currency: str
    decimals: int  # the currency's minor units
    merchant: Party
    buyer: Party
    lines: tuple[DocumentLine, ...]
    total_including_tax: Decimal
    tax_amount: Decimal
    language: str = "en-US"
    reference: str | None = None
