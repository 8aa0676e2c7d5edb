"""Payment links: what a merchant stores (line items, currency, limits) and the rules that
decide whether a buyer may start a transaction through one.

A link with line items needs a currency, since amounts are checked against the currency's
minor units when the link is saved, not when a buyer opens it. The number of transactions a
link starts is counted by one conditional UPDATE, so that concurrent buyers never exceed
``maximalNumberOfTransactions``.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from decimal import Decimal

from sqlalchemy import update

from paystead.db.base import utcnow
from paystead.db.models import PaymentLink
from paystead.domains.payment_configuration.service import method_configuration_ids_in_space
from paystead.domains.transactions.line_items import build_line_items, scaled_line_item
from paystead.errors import UnprocessableEntity
from paystead.http.redirect_urls import RedirectUrlRefused, host_within, normalise_domain, parse_redirect_url
from paystead.payments.money import require_currency
from paystead.domains.context import DomainContext
from paystead.resources.creation_states import settable_state
from paystead.resources.registry import ResourceService

_MAX_LANGUAGE_LENGTH = 20
_MAX_DOMAINS = 50
_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")


def _invalid(field: str, problem: str, code: str = "invalid_payment_link") -> UnprocessableEntity:
    return UnprocessableEntity(f"{field}: {problem}", code=code, errors={field: problem})


async def _method_configuration_ids(ctx: DomainContext, items: list) -> list[int]:
    # A link names its configurations as objects ({"id": ...}); a transaction by their ids.
    ids = [item.get("id") if isinstance(item, dict) else None for item in items or []]
    return await method_configuration_ids_in_space(ctx, ids, "allowedPaymentMethodConfigurations")


def _domains(values: list[str] | None) -> list[str]:
    domains = []
    for value in values or []:
        # Written as a URL's host would be (lowercase, punycode, no trailing dot), since that is
        # what return URLs are compared against.
        domain = normalise_domain((value or "").strip()) or ""
        if not _DOMAIN.fullmatch(domain):
            raise _invalid("allowedRedirectionDomains", f"{value!r} is not a domain name such as shop.example.com")
        domains.append(domain)
    if len(domains) > _MAX_DOMAINS:
        raise _invalid("allowedRedirectionDomains", f"at most {_MAX_DOMAINS} domains")
    return domains


class PaymentLinkService(ResourceService):
    # Set by the create (externalId, protectionMode, state) or checked and stored in another form.
    handled = ("externalId", "protectionMode", "state", "currency", "lineItems", "allowedRedirectionDomains",
               "allowedPaymentMethodConfigurations")

    async def create(self, ctx: DomainContext, data: dict) -> PaymentLink:
        state = settable_state(data) or "ACTIVE"
        link = PaymentLink(space_id=ctx.space.id, external_id=data["externalId"], state=state,
                           protection_mode=data["protectionMode"], access_key=secrets.token_urlsafe(24),
                           transactions_started=0)
        await self._apply(ctx, link, data, "PaymentLinkCreate")
        ctx.session.add(link)
        return link

    async def update(self, ctx: DomainContext, row: PaymentLink, data: dict) -> None:
        await self._apply(ctx, row, data, "PaymentLinkUpdate")

    async def _apply(self, ctx: DomainContext, link: PaymentLink, data: dict, request_model: str) -> None:
        self.write(link, request_model, data)
        if "currency" in data:
            link.currency = None if data["currency"] is None else require_currency(data["currency"], "currency")
        if link.language is not None and len(link.language) > _MAX_LANGUAGE_LENGTH:
            raise _invalid("language", f"at most {_MAX_LANGUAGE_LENGTH} characters")
        if link.maximal_number_of_transactions is not None and link.maximal_number_of_transactions < 1:
            raise _invalid("maximalNumberOfTransactions", "must be at least 1")
        if link.available_from and link.available_until and link.available_until <= link.available_from:
            raise _invalid("availableUntil", "must be after availableFrom")
        if "allowedPaymentMethodConfigurations" in data:
            link.allowed_payment_method_configuration_ids = await _method_configuration_ids(
                ctx, data["allowedPaymentMethodConfigurations"])
        if "allowedRedirectionDomains" in data:
            link.allowed_redirection_domains = _domains(data["allowedRedirectionDomains"])
        if data.get("lineItems") is not None:
            if not link.currency:
                raise _invalid("currency", "a link with line items needs a currency", "invalid_currency")
            link.line_items = build_line_items(data["lineItems"], link.currency)
        elif link.line_items and "currency" in data:
            # Stored amounts were checked against the old currency: check them again.
            if not link.currency:
                raise _invalid("currency", "a link with line items needs a currency", "invalid_currency")
            link.line_items = [scaled_line_item(item, Decimal(item["quantity"]), Decimal(item["amountIncludingTax"]),
                                                link.currency) for item in link.line_items]


# --- using a link ---------------------------------------------------------------------------------

class LinkRefused(Exception):
    """Why a buyer cannot use a link now: a key of the pages' texts and its values."""

    def __init__(self, text_key: str, **values):
        super().__init__(text_key)
        self.text_key = text_key
        self.values = values


def check_usable(link: PaymentLink, now: datetime | None = None) -> None:
    now = now or utcnow()
    if link.state != "ACTIVE":
        raise LinkRefused("link_inactive")
    if link.available_from is not None and now < link.available_from:
        raise LinkRefused("link_not_yet", date=link.available_from)
    if link.available_until is not None and now > link.available_until:
        raise LinkRefused("link_expired", date=link.available_until)
    if link.maximal_number_of_transactions is not None \
            and link.transactions_started >= link.maximal_number_of_transactions:
        raise LinkRefused("link_exhausted")


async def count_transaction(ctx: DomainContext, link: PaymentLink) -> None:
    """Takes one of the link's transactions, or refuses when none is left (atomic)."""
    result = await ctx.session.execute(
        update(PaymentLink).where(
            PaymentLink.id == link.id, PaymentLink.state == "ACTIVE",
            (PaymentLink.maximal_number_of_transactions.is_(None))
            | (PaymentLink.transactions_started < PaymentLink.maximal_number_of_transactions))
        .values(transactions_started=PaymentLink.transactions_started + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise LinkRefused("link_exhausted")


def allowed_return_url(link: PaymentLink, text: str) -> str:
    """A return URL given with the link, as it is to be stored: a valid redirect URL (see
    ``paystead.http.redirect_urls``) whose host is one of the link's domains or below one.
    Raises ``RedirectUrlRefused``."""
    url = parse_redirect_url(text)
    if not host_within(url.host, link.allowed_redirection_domains or []):
        raise RedirectUrlRefused("its host is not one of the link's allowed redirection domains")
    return url.href
