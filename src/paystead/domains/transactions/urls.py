"""URLs handed to buyers: on this server, naming the space and the transaction and carrying the
transaction's security token, so that the pages can open the transaction without a login."""

from __future__ import annotations

from starlette.requests import Request

from paystead.db.models import Transaction
from paystead.resources.context import RequestContext


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def server_base(ctx: RequestContext) -> str:
    return base_url(ctx.request)


def buyer_url(ctx: RequestContext, transaction: Transaction, page: str) -> str:
    """``page``: payment-page, iframe.js, lightbox.js, charge-flow, mobile-sdk or result. The
    result page is where a buyer lands when the merchant gave no success or failed URL."""
    if page == "result":
        if transaction.state in ("FAILED", "VOIDED", "DECLINE") and transaction.failed_url:
            return transaction.failed_url
        if transaction.state in ("AUTHORIZED", "COMPLETED", "FULFILL") and transaction.success_url:
            return transaction.success_url
    return (f"{server_base(ctx)}/s/{transaction.space_id}/payment/{page}/{transaction.id}"
            f"?securityToken={transaction.security_token}")
