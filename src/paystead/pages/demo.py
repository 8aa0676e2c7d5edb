"""The demo shop at ``/demo`` (sandbox mode only): a cart that starts a transaction in a space of
this server and pays it in the lightbox or in the embedded form, the way a merchant's shop would.
It shows a new user a whole payment in the browser, and it is the browser tests' merchant."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from paystead.db.models import Space, Transaction
from paystead.db.unit_of_work import unit_of_work
from paystead.domains.transactions.line_items import build_line_items
from paystead.domains.transactions.service import TransactionService
from paystead.pages.i18n import SUPPORTED, Texts, language_name, pick
from paystead.pages.payment import buyer_context, load_transaction, order_lines
from paystead.pages.rendering import message, page
from paystead.payments.lifecycles import TransactionState
from paystead.settings import Mode

# (id, price in CHF, VAT rate); each product's name is the text "product_<id>" in the buyer's language.
PRODUCTS = (
    ("mug", Decimal("18.50"), Decimal("8.1")),
    ("tshirt", Decimal("29.00"), Decimal("8.1")),
    ("book", Decimal("42.00"), Decimal("2.6")),
)
_MAX_QUANTITY = 99


def _enabled(request: Request) -> bool:
    return request.app.state.paystead.settings.mode == Mode.SANDBOX


def _texts(request: Request) -> Texts:
    return Texts(pick(request.query_params.get("language"), request.headers.get("accept-language")))


def _gone(request: Request) -> Response:
    texts = _texts(request)
    return message(texts, texts("demo_shop"), texts("demo_sandbox_only"), status=404)


async def _space(request: Request, session) -> Space | None:
    wanted = request.app.state.paystead.settings.demo_space_id
    statement = select(Space).where(Space.state == "ACTIVE")
    statement = statement.where(Space.id == wanted) if wanted else statement.order_by(Space.id).limit(1)
    return await session.scalar(statement)


async def show_shop(request: Request) -> Response:
    if not _enabled(request):
        return _gone(request)
    texts = _texts(request)
    return page("demo.html", texts, products=[(key, texts(f"product_{key}"), texts.money(price, "CHF"))
                                              for key, price, _ in PRODUCTS],
                languages=[(code, language_name(code)) for code in SUPPORTED], chosen=texts.locale)


async def checkout(request: Request) -> Response:
    """The cart -> a transaction in the demo space, whose success and failed URLs are the shop's
    order page."""
    if not _enabled(request):
        return _gone(request)
    form = await request.form()
    language = pick(form.get("language"))
    names = Texts(language)
    items = []
    for key, price, rate in PRODUCTS:
        try:
            quantity = int(form.get(f"quantity.{key}") or 0)
        except ValueError:
            quantity = 0
        if 0 < quantity <= _MAX_QUANTITY:
            items.append({"uniqueId": key, "name": names(f"product_{key}"), "type": "PRODUCT", "quantity": Decimal(quantity),
                          "amountIncludingTax": price * quantity, "taxes": [{"title": "VAT", "rate": rate}]})
    if not items:
        return RedirectResponse(f"/demo?language={language}", status_code=303)
    async with unit_of_work(request.app.state.paystead.sessions, writes=True) as session:
        space = await _space(request, session)
        if space is None:
            return message(names, names("demo_shop"), names("demo_no_space"), status=404)
        ctx = await buyer_context(request, session, space.id)
        transaction = await TransactionService().open_with_line_items(
            ctx, {"currency": "CHF", "language": language, "merchantReference": "demo-shop"},
            build_line_items(items, "CHF"))
        order = f"{ctx.urls.base}/demo/order/{space.id}/{transaction.id}?securityToken={transaction.security_token}"
        transaction.success_url = order
        transaction.failed_url = order
        target = f"/demo/checkout/{space.id}/{transaction.id}?securityToken={transaction.security_token}"
    return RedirectResponse(target, status_code=303)


def _summary(transaction: Transaction, texts: Texts) -> dict:
    return {"items": order_lines(transaction.line_items, transaction.currency, texts),
            "total": texts.money(transaction.authorization_amount, transaction.currency)}


async def show_checkout(request: Request) -> Response:
    if not _enabled(request):
        return _gone(request)
    async with unit_of_work(request.app.state.paystead.sessions, writes=False) as session:
        transaction = await load_transaction(session, request, request.query_params.get("securityToken"))
        if transaction is None:
            return _gone(request)
        texts = Texts(pick(transaction.language))
        token = transaction.security_token
        return page("demo_checkout.html", texts, transaction_id=transaction.id, **_summary(transaction, texts),
                    lightbox_url=f"/s/{transaction.space_id}/payment/lightbox.js/{transaction.id}?securityToken={token}")


async def show_order(request: Request) -> Response:
    if not _enabled(request):
        return _gone(request)
    async with unit_of_work(request.app.state.paystead.sessions, writes=False) as session:
        transaction = await load_transaction(session, request, request.query_params.get("securityToken"))
        if transaction is None:
            return _gone(request)
        texts = Texts(pick(transaction.language))
        return page("demo_order.html", texts, transaction_id=transaction.id, state=transaction.state,
                    paid=transaction.state in TransactionState.PAID, **_summary(transaction, texts))
