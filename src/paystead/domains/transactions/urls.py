"""URLs handed to buyers: on this server, naming the space and the transaction and carrying the
transaction's security token, so that the pages can open the transaction without a login.

They are built on the context's public URLs (``paystead.domains.context.PublicUrls``): the
configured public base URL (``PAYSTEAD_PUBLIC_BASE_URL``); only without one, which sandbox mode
allows, the request's own address (its Host header). Production mode does not start without it
(``require_public_base_url``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from paystead.db.models import Transaction
from paystead.domains.context import DomainContext
from paystead.http.redirect_urls import RedirectUrlRefused, parse_redirect_url
from paystead.payments.lifecycles import TransactionState
from paystead.settings import Mode, Settings
from paystead.setup_errors import SetupError


class PublicBaseUrlMissing(SetupError):
    pass


def require_public_base_url(settings: Settings) -> None:
    if settings.mode is Mode.PRODUCTION and not settings.public_base_url:
        raise PublicBaseUrlMissing(
            "production mode needs PAYSTEAD_PUBLIC_BASE_URL: buyer URLs are never built from a request's "
            "Host header there",
            "set it to where buyers reach this server, an absolute http(s) URL such as https://pay.example.com")


def origin_of(base: str) -> str:
    """The web origin (scheme, host, port) of a base URL that may carry a path."""
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


def buyer_url(ctx: DomainContext, transaction: Transaction, page: str) -> str:
    """``page``: payment-page, iframe.js, lightbox.js, charge-flow, mobile-sdk or result. The
    result page is where a buyer lands when the merchant gave no success or failed URL (or
    one that is not a safe redirect URL)."""
    if page == "result":
        merchant_url = None
        if transaction.state in TransactionState.UNPAID_END:
            merchant_url = transaction.failed_url
        elif transaction.state in TransactionState.PAID:
            merchant_url = transaction.success_url
        if merchant_url:
            try:
                # Checked again when used: rows stored before the rule may hold any URL.
                return parse_redirect_url(merchant_url).href
            except RedirectUrlRefused:
                pass
    return ctx.urls.to(f"/s/{transaction.space_id}/payment/{page}/{transaction.id}"
                       f"?securityToken={transaction.security_token}")
