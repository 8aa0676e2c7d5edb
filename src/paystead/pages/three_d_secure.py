"""The simulated 3-D Secure challenge: the page a card that needs a challenge is sent to. The
buyer approves or fails it; the waiting charge attempt is decided and the buyer goes on to the
transaction's success or failed URL (or Paystead's result page).

The page is reached with the transaction's security token; nothing else authenticates it.
"""

from __future__ import annotations

import hmac
from html import escape

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from paystead.db.engine import sqlite_may_write
from paystead.db.models import ChargeAttempt, Transaction
from paystead.errors import ApiError

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>3-D Secure verification</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}}
button{{font-size:1rem;padding:.6rem 1.2rem;margin:.3rem}}</style></head>
<body><main><h1>3-D Secure verification</h1>
<p>Paystead simulator: confirm the payment of <strong>{amount} {currency}</strong> with card {card}.</p>
<form method="post"><input type="hidden" name="securityToken" value="{token}">
<button type="submit" name="result" value="approve" autofocus>Approve</button>
<button type="submit" name="result" value="fail">Fail</button></form></main></body></html>"""


async def _load(request: Request, session, token: str) -> tuple[ChargeAttempt, Transaction] | None:
    try:
        space_id = int(request.path_params["space_id"])
        attempt_id = int(request.path_params["attempt_id"])
    except ValueError:
        return None
    attempt = await session.scalar(select(ChargeAttempt).where(ChargeAttempt.id == attempt_id,
                                                               ChargeAttempt.space_id == space_id))
    if attempt is None:
        return None
    transaction = await session.get(Transaction, attempt.transaction_id)
    if transaction is None or not hmac.compare_digest(transaction.security_token, token or ""):
        return None
    return attempt, transaction


def _not_found() -> Response:
    return HTMLResponse("<!doctype html><title>Not found</title><p>This verification does not exist.</p>",
                        status_code=404)


async def show_challenge(request: Request) -> Response:
    state = request.app.state.paystead
    sqlite_may_write.set(False)
    async with state.sessions() as session:
        found = await _load(request, session, request.query_params.get("securityToken", ""))
        if found is None:
            return _not_found()
        attempt, transaction = found
        return HTMLResponse(_PAGE.format(amount=escape(str(transaction.authorization_amount.normalize())),
                                         currency=escape(transaction.currency), card=escape(attempt.masked_card or ""),
                                         token=escape(transaction.security_token)))


async def answer_challenge(request: Request) -> Response:
    from paystead.auth.caller import Caller
    from paystead.domains.transactions.processing import finish_challenge
    from paystead.domains.transactions.urls import buyer_url
    from paystead.resources.context import RequestContext

    state = request.app.state.paystead
    form = await request.form()
    token = form.get("securityToken") or request.query_params.get("securityToken", "")
    sqlite_may_write.set(True)
    async with state.sessions() as session, session.begin():
        found = await _load(request, session, str(token))
        if found is None:
            return _not_found()
        attempt, transaction = found
        # The buyer acts, not an API user: a caller without grants.
        ctx = RequestContext(request=request, session=session, caller=Caller.buyer(),
                             state=state, operation={})
        try:
            transaction = await finish_challenge(ctx, attempt, form.get("result") == "approve")
        except ApiError as error:
            return HTMLResponse(f"<!doctype html><title>Verification closed</title><p>{escape(error.message)}</p>",
                                status_code=error.status)
        target = buyer_url(ctx, transaction, "result")
    return RedirectResponse(target, status_code=303)
