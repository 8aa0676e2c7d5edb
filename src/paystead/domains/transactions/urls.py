"""URLs handed to buyers: on this server, naming the space and the transaction and carrying the
transaction's security token, so that the pages can open the transaction without a login."""

from __future__ import annotations

from starlette.requests import Request

from paystead.db.models import Transaction
from paystead.http.redirect_urls import RedirectUrlRefused, parse_redirect_url
from paystead.resources.context import RequestContext


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def server_base(ctx: RequestContext) -> str:
    return base_url(ctx.request)


def buyer_url(ctx: RequestContext, transaction: Transaction, page: str) -> str:
    """``page``: payment-page, iframe.js, lightbox.js, charge-flow, mobile-sdk or result. The
    result page is where a buyer lands when the merchant gave no success or failed URL (or
    one that is not a safe redirect URL)."""
    if page == "result":
        merchant_url = None
        if transaction.state in ("FAILED", "VOIDED", "DECLINE"):
            merchant_url = transaction.failed_url
        elif transaction.state in ("AUTHORIZED", "COMPLETED", "FULFILL"):
            merchant_url = transaction.success_url
        if merchant_url:
            try:
                # Checked again when used: rows stored before the rule may hold any URL.
                return parse_redirect_url(merchant_url).href
            except RedirectUrlRefused:
                pass
    return (f"{server_base(ctx)}/s/{transaction.space_id}/payment/{page}/{transaction.id}"
            f"?securityToken={transaction.security_token}")
