"""The JavaScript a merchant's page loads to embed the payment form (``iframe.js``) or to open
it over the page (``lightbox.js``). Both serve one library, ``static/checkout.js``, bound to the
transaction: the form's URL and Paystead's origin, which the library checks on every message."""

from __future__ import annotations

import json
from functools import cache

from starlette.requests import Request
from starlette.responses import Response

from paystead.db.unit_of_work import unit_of_work
from paystead.domains.transactions.urls import origin_of
from paystead.pages.i18n import Texts, pick
from paystead.pages.payment import load_transaction
from paystead.pages.rendering import STATIC_DIR
from paystead.resources.context import request_urls

_PLACEHOLDER = "__PAYSTEAD_CONFIG__"


@cache
def _library() -> str:
    return (STATIC_DIR / "checkout.js").read_text(encoding="utf-8")


def _script(body: str, status: int = 200) -> Response:
    return Response(body, status_code=status, media_type="application/javascript",
                    headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


async def checkout_script(request: Request) -> Response:
    state = request.app.state.paystead
    async with unit_of_work(state.sessions, writes=False) as session:
        transaction = await load_transaction(session, request, request.query_params.get("securityToken"))
        if transaction is None:
            return _script('console.error("Paystead: this payment does not exist or its URL is incomplete");', 404)
        base = request_urls(state.settings, request).base
        texts = Texts(pick(transaction.language, request.headers.get("accept-language")))
        config = {
            "origin": origin_of(base),
            "transactionId": transaction.id,
            "formUrl": f"{base}/s/{transaction.space_id}/payment/form/{transaction.id}"
                       f"?securityToken={transaction.security_token}",
            "texts": {"close": texts("close"), "title": texts("page_title"),
                      "alreadyOpen": texts("already_open"), "formFailed": texts("form_failed")},
        }
    # JSON is a JavaScript literal; "</" is escaped so that the text can never end a script element.
    literal = json.dumps(config).replace("</", "<\\/")
    return _script(_library().replace(_PLACEHOLDER, literal))
