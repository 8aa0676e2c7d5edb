"""Creating and changing transactions before they are processed.

A new transaction is PENDING, in a group of its own, with its line items computed and its
authorization amount their sum. It can be changed (with its version) while PENDING; confirming
applies a last change and freezes it; processing follows (``processing.py``).
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from paystead.db.models import Space, Token, Transaction, TransactionGroup
from paystead.domains.payment_configuration.service import method_configuration_ids_in_space
from paystead.domains.transactions.line_items import build_line_items, scaled_line_item, total
from paystead.errors import UnprocessableEntity
from paystead.http.redirect_urls import RedirectUrlRefused, parse_redirect_url
from paystead.payments import lifecycles
from paystead.payments.lifecycles import TransactionState
from paystead.payments.money import require_currency
from paystead.payments.states import enter, require_state, transition
from paystead.domains.context import DomainContext
from paystead.resources.registry import ResourceService


# Where the buyer is sent once the transaction is decided: kept as a browser would navigate.
_REDIRECT_FIELDS = {"successUrl": "success_url", "failedUrl": "failed_url"}


def _address(value: dict | None) -> dict | None:
    if value is None:
        return None
    return {key: item.isoformat() if isinstance(item, date) else item for key, item in value.items() if item is not None}


def _redirect_url(field: str, text: str) -> str:
    try:
        return parse_redirect_url(text).href
    except RedirectUrlRefused as refused:
        raise UnprocessableEntity(f"{field} {refused.reason}", code="invalid_redirect_url",
                                  errors={field: refused.reason}) from None


class TransactionService(ResourceService):
    resource_name = "Transaction"  # also opened unbound, by the buyer pages
    # Stored after a check or in another form. In the plain fields an explicit null leaves the
    # field as it is.
    handled = ("currency", *_REDIRECT_FIELDS, "allowedPaymentMethodBrands", "allowedPaymentMethodConfigurations",
               "billingAddress", "shippingAddress", "token", "lineItems")

    async def create(self, ctx: DomainContext, data: dict) -> Transaction:
        return await self.open(ctx, data)

    async def open(self, ctx: DomainContext, data: dict) -> Transaction:
        """A new transaction in ``ctx.space`` from a validated TransactionCreate body; the caller
        has checked the right to create it (the API by permission, a payment link by its key)."""
        currency = data.get("currency") or await ctx.session.scalar(
            select(Space.primary_currency).where(Space.id == ctx.space.id))
        require_currency(currency, "currency")
        group = TransactionGroup(space_id=ctx.space.id, customer_id=data.get("customerId"), state="PENDING")
        ctx.session.add(group)
        enter(ctx.session, group, lifecycles.TRANSACTION_GROUP, "PENDING")
        transaction = Transaction(
            space_id=ctx.space.id, group_row=group, state="PENDING", currency=currency,
            completion_behavior="COMPLETE_IMMEDIATELY", customers_presence="VIRTUAL_PRESENT",
            environment_selection_strategy="USE_CONFIGURATION", charge_retry_enabled=False,
            emails_disabled=False, auto_confirmation_enabled=True, security_token=secrets.token_urlsafe(24),
            created_by=ctx.caller.user_id, authorization_timeout_on=ctx.clock.now() + timedelta(
                seconds=ctx.settings.payments.authorization_timeout_seconds),
            line_items=[], authorization_amount=0)
        await self._apply(ctx, transaction, data, "TransactionCreate")
        ctx.session.add(transaction)
        return transaction

    async def open_with_line_items(self, ctx: DomainContext, data: dict, line_items: list[dict]) -> Transaction:
        """A new, flushed transaction with line items already built (``build_line_items``), for
        the buyer pages that start transactions (payment links, the demo shop)."""
        transaction = await self.open(ctx, data)
        transaction.line_items = line_items
        transaction.authorization_amount = total(line_items)
        ctx.session.add(transaction)
        await ctx.session.flush()
        await self.after_create(ctx, transaction)
        return transaction

    async def after_create(self, ctx: DomainContext, row: Transaction) -> None:
        # A new transaction is PENDING at once (wallee's CREATE state is never visible).
        enter(ctx.session, row, lifecycles.TRANSACTION, "PENDING")

    async def update(self, ctx: DomainContext, row: Transaction, data: dict) -> None:
        require_state(row, TransactionState.CHANGEABLE, "changed")
        await self._apply(ctx, row, data, "TransactionPending")

    async def _apply(self, ctx: DomainContext, row: Transaction, data: dict, request_model: str) -> None:
        if "currency" in data and data["currency"] != row.currency:
            row.currency = require_currency(data["currency"], "currency")
            if data.get("lineItems") is None and row.line_items:
                # The amounts must fit the new currency's minor units.
                row.line_items = [scaled_line_item(item, Decimal(item["quantity"]), Decimal(item["amountIncludingTax"]),
                                                   row.currency) for item in row.line_items]
        self.write(row, request_model, data, skip_none=True)
        if data.get("allowedPaymentMethodBrands") is not None:
            row.allowed_payment_method_brands = data["allowedPaymentMethodBrands"]
        for wire, column in _REDIRECT_FIELDS.items():
            if wire in data and data[wire] is not None:
                setattr(row, column, _redirect_url(wire, data[wire]))
        if data.get("allowedPaymentMethodConfigurations") is not None:
            row.allowed_payment_method_configurations = await method_configuration_ids_in_space(
                ctx, data["allowedPaymentMethodConfigurations"], "allowedPaymentMethodConfigurations")
        for wire in ("billingAddress", "shippingAddress"):
            if wire in data:
                setattr(row, "billing_address" if wire == "billingAddress" else "shipping_address",
                        _address(data[wire]))
        if "token" in data and data["token"] is not None:
            token = await ctx.session.scalar(select(Token).where(
                Token.id == data["token"], Token.space_id == ctx.space.id, Token.state != "DELETED"))
            if token is None:
                raise UnprocessableEntity(f"token {data['token']} does not exist in this space",
                                          code="unknown_reference", errors={"token": "no such token"})
            row.token_id = token.id
        if data.get("lineItems") is not None:
            row.line_items = build_line_items(data["lineItems"], row.currency)
            row.authorization_amount = total(row.line_items)


def confirm(ctx: DomainContext, row: Transaction) -> None:
    row.confirmed_by = ctx.caller.user_id
    transition(ctx.session, row, lifecycles.TRANSACTION, "CONFIRMED")
