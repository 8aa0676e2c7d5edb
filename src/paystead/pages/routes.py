"""Where the buyer pages live. The URLs are the ones the transaction operations hand out
(``paystead.domains.transactions.urls``) and the ones payment links carry."""

from __future__ import annotations

from functools import cache

from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from paystead import clock
from paystead.db.models import Space
from paystead.db.unit_of_work import unit_of_work
from paystead.pages import demo, embed, links, payment, three_d_secure
from paystead.pages.ids import path_ids
from paystead.pages.rendering import STATIC_DIR

_TRANSACTION = "/s/{space_id}/payment/{page}/{transaction_id}"


def _on_space_clock(path: str, endpoint):
    """A page whose URL names a space runs on that space's clock (a payment link's validity, a
    card's expiry, every timestamp the page's work stamps); see paystead.clock. A clock bound
    later by the page itself (``buyer_context``) also ends with the page."""
    names_space = "{space_id}" in path

    async def on_clock(request: Request) -> Response:
        with clock.binding_scope():
            ids = path_ids(request, "space_id") if names_space else None
            if ids is not None:
                async with unit_of_work(request.app.state.paystead.sessions, writes=False) as session:
                    offset = await session.scalar(select(Space.clock_offset_us).where(Space.id == ids[0]))
                clock.bind(clock.offset_from_microseconds(offset))
            return await endpoint(request)

    return on_clock


@cache
def _favicon_bytes() -> bytes:
    return (STATIC_DIR / "favicon.ico").read_bytes()


async def favicon(request: Request) -> Response:
    """Browsers ask every site for /favicon.ico; without it each page logs a 404."""
    return Response(_favicon_bytes(), media_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"})


def install(app: Starlette) -> None:
    def route(path: str, endpoint, method: str) -> None:
        app.add_route(path, _on_space_clock(path, endpoint), methods=[method])

    def get(path: str, endpoint) -> None:
        route(path, endpoint, "GET")

    def post(path: str, endpoint) -> None:
        route(path, endpoint, "POST")

    get(_TRANSACTION.replace("{page}", "payment-page"), payment.show_payment_page)
    get(_TRANSACTION.replace("{page}", "form"), payment.show_form)
    get(_TRANSACTION.replace("{page}", "mobile-sdk"), payment.show_mobile_page)
    get(_TRANSACTION.replace("{page}", "charge-flow"), payment.show_charge_flow_page)
    get(_TRANSACTION.replace("{page}", "result"), payment.show_result)
    get(_TRANSACTION.replace("{page}", "iframe.js"), embed.checkout_script)
    get(_TRANSACTION.replace("{page}", "lightbox.js"), embed.checkout_script)
    post(_TRANSACTION.replace("{page}", "pay"), payment.submit)
    post(_TRANSACTION.replace("{page}", "cancel"), payment.cancel)

    get("/payment/3ds/{space_id}/{attempt_id}", three_d_secure.show_challenge)
    post("/payment/3ds/{space_id}/{attempt_id}", three_d_secure.answer_challenge)

    get("/s/{space_id}/payment/link/{link_id}", links.show_link)
    post("/s/{space_id}/payment/link/{link_id}", links.use_link)

    get("/demo", demo.show_shop)
    post("/demo/checkout", demo.checkout)
    get("/demo/checkout/{space_id}/{transaction_id}", demo.show_checkout)
    get("/demo/order/{space_id}/{transaction_id}", demo.show_order)

    get("/favicon.ico", favicon)
    app.mount("/assets", StaticFiles(directory=STATIC_DIR), name="assets")
