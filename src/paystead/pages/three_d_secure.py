"""The simulated 3-D Secure challenge (and, for wallets such as TWINT, the simulated app
confirmation): the page a payment that needs the buyer's confirmation is sent to. The buyer
approves or fails it; the waiting charge attempt is decided.

From the API (``process-card-details-threed``) the buyer then goes to the transaction's success
or failed URL. From Paystead's payment page, a failed challenge leads back to the form, which
says why and lets the buyer try again; an embedded form reports to the merchant's page.

The page is reached with the transaction's security token; nothing else authenticates it.
"""

from __future__ import annotations

import hmac

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from paystead.db.models import ChargeAttempt, Transaction
from paystead.db.unit_of_work import unit_of_work
from paystead.domains.transactions.processing import finish_challenge
from paystead.errors import ApiError
from paystead.pages.ids import path_ids
from paystead.pages.payment import buyer_context, finished, form_url, mode_of, not_found, texts_for
from paystead.pages.rendering import message, page
from paystead.payments.lifecycles import TransactionState


async def _load(request: Request, session, token: str, *, lock: bool = False) -> tuple[ChargeAttempt, Transaction] | None:
    ids = path_ids(request, "space_id", "attempt_id")
    if ids is None:
        return None
    space_id, attempt_id = ids
    attempt = await session.scalar(select(ChargeAttempt).where(ChargeAttempt.id == attempt_id,
                                                               ChargeAttempt.space_id == space_id))
    if attempt is None:
        return None
    statement = select(Transaction).where(Transaction.id == attempt.transaction_id)
    transaction = await session.scalar(statement.with_for_update() if lock else statement)
    if transaction is None or not hmac.compare_digest(transaction.security_token, token or ""):
        return None
    return attempt, transaction


async def show_challenge(request: Request) -> Response:
    state = request.app.state.paystead
    mode = mode_of(request.query_params.get("mode"))
    async with unit_of_work(state.sessions, writes=False) as session:
        found = await _load(request, session, request.query_params.get("securityToken", ""))
        if found is None:
            return not_found(request)
        attempt, transaction = found
        texts = texts_for(transaction, request)
        if attempt.state != "PROCESSING":
            return message(texts, texts("challenge_title"), texts("closed"), status=422, embeddable=True)
        amount = texts.money(transaction.authorization_amount, transaction.currency)
        wallet = attempt.processor_token is None
        return page("challenge.html", texts, embeddable=True, mode=mode, token=transaction.security_token,
                    action=f"/payment/3ds/{transaction.space_id}/{attempt.id}",
                    title=texts("wallet_title" if wallet else "challenge_title"),
                    text=texts("wallet_confirm", amount=amount) if wallet
                    else texts("challenge_text", amount=amount, card=attempt.masked_card or ""))


async def answer_challenge(request: Request) -> Response:
    state = request.app.state.paystead
    form = await request.form()
    token = form.get("securityToken") or request.query_params.get("securityToken", "")
    mode = mode_of(form.get("mode"))
    async with unit_of_work(state.sessions, writes=True) as session:
        found = await _load(request, session, str(token), lock=True)
        if found is None:
            return not_found(request)
        attempt, transaction = found
        ctx = await buyer_context(request, session, transaction.space_id)
        try:
            # Refuses (before changing anything) a challenge that is no longer open.
            transaction = await finish_challenge(ctx, attempt, form.get("result") == "approve")
        except ApiError:
            texts = texts_for(transaction, request)
            return message(texts, texts("challenge_title"), texts("closed"), status=422, embeddable=True)
        if attempt.hosted and transaction.state not in TransactionState.PAID:
            # Declined on the payment page: back to the form, which tells why.
            return RedirectResponse(form_url(ctx.urls.base, transaction, mode, attempt=attempt.id),
                                    status_code=303)
        return finished(request, ctx, transaction, mode if attempt.hosted else "page")
