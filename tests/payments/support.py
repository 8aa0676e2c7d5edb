"""Building transactions for the payment tests through the official SDK."""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal

from sqlalchemy import text

from wallee.models.authenticated_card_data_create import AuthenticatedCardDataCreate
from wallee.models.authenticated_card_request import AuthenticatedCardRequest
from wallee.models.line_item_create import LineItemCreate
from wallee.models.tokenized_card_data_create import TokenizedCardDataCreate
from wallee.models.tokenized_card_request import TokenizedCardRequest
from wallee.models.tax_create import TaxCreate
from wallee.models.transaction_create import TransactionCreate
from wallee.service.transactions_service import TransactionsService

VISA_OK = "4111111111111111"
MASTERCARD_OK = "5555555555554444"
AMEX_OK = "378282246310005"
VISA_DECLINED = "4000000000000002"
VISA_3DS = "4000000000003220"
EXPIRY = "2031-12"


def product(unique_id: str, amount: str, quantity: str = "1", name: str | None = None, tax: str | None = "8.1",
            sku: str | None = None) -> LineItemCreate:
    return LineItemCreate(unique_id=unique_id, name=name or f"Item {unique_id}", type="PRODUCT",
                          quantity=float(quantity), amount_including_tax=float(Decimal(amount)), sku=sku,
                          taxes=[TaxCreate(title="VAT", rate=float(tax))] if tax else None)


def create_transaction(transactions: TransactionsService, space_id: int, *items: LineItemCreate,
                       currency: str = "CHF", **fields):
    return transactions.post_payment_transactions(space_id, TransactionCreate(
        line_items=list(items) or [product("a", "100.00")], currency=currency, **fields))


def card(number: str, expiry: str = EXPIRY, cvc: str | None = "123", **fields) -> AuthenticatedCardRequest:
    return AuthenticatedCardRequest(card_data=AuthenticatedCardDataCreate(
        primary_account_number=number, expiry_date=expiry, card_verification_code=cvc, **fields))


def pay(transactions: TransactionsService, space_id: int, transaction_id: int, number: str = VISA_OK, **fields):
    return transactions.post_payment_transactions_id_process_card_details(
        transaction_id, space_id, card(number, **fields))


def tokenized_card(number: str, expiry: str = EXPIRY, cvc: str | None = "123") -> TokenizedCardRequest:
    """The body of process-card-details-threed."""
    return TokenizedCardRequest(card_data=TokenizedCardDataCreate(
        primary_account_number=number, expiry_date=expiry, card_verification_code=cvc))


FINAL_STATES = ("AUTHORIZED", "COMPLETED", "FULFILL", "DECLINE", "FAILED", "VOIDED")


def settled(transactions: TransactionsService, space_id: int, transaction_id: int, *, within: float = 30.0):
    """The transaction once the worker has decided it (it answered PROCESSING): polled, so that
    the test waits only as long as the worker takes; ``within`` only bounds a hung worker."""
    deadline = time.monotonic() + within
    while True:
        found = transactions.get_payment_transactions_id(transaction_id, space_id)
        if found.state.value in FINAL_STATES or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def sql(server, statement: str, **params) -> list[tuple]:
    """Runs one statement on a test server's database and returns its rows: to prepare what the
    API cannot (charge flows are defined outside it), as an operator would, or to count rows."""
    from paystead.db.engine import create_engine

    async def run():
        engine = create_engine(server.database_url)
        try:
            async with engine.begin() as connection:
                result = await connection.execute(text(statement), params)
                return [tuple(row) for row in result] if result.returns_rows else []
        finally:
            await engine.dispose()

    return asyncio.run(run())
