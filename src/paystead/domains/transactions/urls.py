"""URLs handed to buyers: on this server, naming the space and the transaction and carrying the
transaction's security token, so that the pages can open the transaction without a login.

They are built on the configured public base URL (``PAYSTEAD_PUBLIC_BASE_URL``); only without
one, which sandbox mode allows, on the request's own address (its Host header). Production mode
does not start without it (``require_public_base_url``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request

from paystead.db.models import Transaction
from paystead.http.redirect_urls import RedirectUrlRefused, parse_redirect_url
from paystead.payments.lifecycles import TransactionState
from paystead.resources.context import RequestContext
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


def public_base(settings: Settings, request: Request | None) -> str:
    if settings.public_base_url:
        return settings.public_base_url
    return str(request.base_url).rstrip("/") if request is not None else ""


def base_url(request: Request) -> str:
    return public_base(request.app.state.paystead.settings, request)


def server_base(ctx: RequestContext) -> str:
    return public_base(ctx.state.settings, ctx.request)


def origin_of(base: str) -> str:
    """The web origin (scheme, host, port) of a base URL that may carry a path."""
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


def buyer_url(ctx: RequestContext, transaction: Transaction, page: str) -> str:
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
    return (f"{server_base(ctx)}/s/{transaction.space_id}/payment/{page}/{transaction.id}"
            f"?securityToken={transaction.security_token}")
