"""A payment link's public page: shows what the link sells and, when the buyer goes on, starts a
transaction from it and sends the buyer to the payment page.

Opening the page changes nothing (link previews in chats and mail must not use up a link);
only the buyer's POST takes one of the link's transactions. What the link leaves open comes
from the URL: ``currency``, ``amount`` (for links without line items), ``language``,
``successUrl``/``failedUrl`` (on the link's allowed domains only) and ``billingAddress.*``.
"""

from __future__ import annotations

import hmac
from decimal import Decimal, InvalidOperation

from babel.dates import format_datetime
from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from paystead.db.models import PaymentLink, Space
from paystead.db.unit_of_work import unit_of_work
from paystead.domains.payment_links.service import LinkRefused, allowed_return_url, check_usable, count_transaction
from paystead.domains.transactions.line_items import build_line_items, total
from paystead.domains.transactions.service import TransactionService
from paystead.errors import ApiError
from paystead.http.redirect_urls import RedirectUrlRefused
from paystead.pages.i18n import Texts, pick
from paystead.pages.ids import path_ids
from paystead.pages.payment import buyer_context, form_url, not_found, order_lines
from paystead.pages.rendering import message, page
from paystead.payments.money import is_currency
from paystead.settings import Mode

# (form and URL parameter, text key, autocomplete) of the billing address a link may ask for.
ADDRESS_FIELDS = (
    ("givenName", "given_name", "given-name"),
    ("familyName", "family_name", "family-name"),
    ("street", "street", "street-address"),
    ("postcode", "postcode", "postal-code"),
    ("city", "city", "address-level2"),
    ("country", "country", "country"),
    ("emailAddress", "email", "email"),
)
_REQUIRED_ADDRESS = ("givenName", "familyName", "street", "postcode", "city", "country")
_MAX_PARAMETER_LENGTH = 200


class _BadRequest(Exception):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


async def _load_link(request: Request, session, token: str | None) -> PaymentLink | None:
    ids = path_ids(request, "space_id", "link_id")
    if ids is None:
        return None
    space_id, link_id = ids
    link = await session.scalar(select(PaymentLink).where(PaymentLink.space_id == space_id, PaymentLink.id == link_id,
                                                          PaymentLink.state != "DELETED"))
    if link is None:
        return None
    if link.protection_mode == "ACCESS_KEY" and not hmac.compare_digest(link.access_key, token or ""):
        return None
    return link


def _texts(link: PaymentLink, request: Request, parameters) -> Texts:
    return Texts(pick(link.language, parameters.get("language"), request.headers.get("accept-language")))


def _refusal(texts: Texts, refused: LinkRefused) -> Response:
    values = {key: format_datetime(value, "medium", locale=texts.locale.replace("-", "_"))
              for key, value in refused.values.items()}
    return message(texts, texts("link_unavailable"), texts(refused.text_key, **values), status=410)


def _line_items(link: PaymentLink, parameters, currency: str, texts: Texts) -> list[dict]:
    if link.line_items:
        return link.line_items
    amount_text = parameters.get("amount")
    if not amount_text:
        raise _BadRequest(texts("link_amount_missing"))
    try:
        amount = Decimal(amount_text)
    except InvalidOperation:
        raise _BadRequest(texts("link_amount_invalid", currency=currency)) from None
    try:
        return build_line_items([{"uniqueId": "amount", "name": link.name or texts("page_title"), "type": "PRODUCT",
                                  "quantity": Decimal(1), "amountIncludingTax": amount}], currency)
    except ApiError:
        raise _BadRequest(texts("link_amount_invalid", currency=currency)) from None


def _currency(link: PaymentLink, parameters, texts: Texts) -> str:
    asked = (parameters.get("currency") or "").upper() or None
    if link.currency:
        if asked and asked != link.currency:
            raise _BadRequest(texts("link_currency_mismatch", currency=link.currency))
        return link.currency
    if not asked or not is_currency(asked):
        raise _BadRequest(texts("link_currency_missing"))
    return asked


def _return_urls(link: PaymentLink, parameters, texts: Texts) -> dict:
    urls = {}
    for name in ("successUrl", "failedUrl"):
        url = parameters.get(name)
        if url:
            try:
                urls[name] = allowed_return_url(link, url)
            except RedirectUrlRefused:
                raise _BadRequest(texts("link_redirect_refused", name=name)) from None
    return urls


def _address(parameters, prefix: str) -> dict:
    return {name: (parameters.get(prefix + name) or "").strip()[:_MAX_PARAMETER_LENGTH]
            for name, _, _ in ADDRESS_FIELDS if parameters.get(prefix + name)}


def _address_errors(address: dict, texts: Texts) -> dict:
    errors = {name: texts("required") for name in _REQUIRED_ADDRESS if not address.get(name)}
    if address.get("country") and (len(address["country"]) != 2 or not address["country"].isalpha()):
        errors["country"] = texts("country")
    return errors


async def _render(request: Request, session, link: PaymentLink, texts: Texts, *, alert: str | None = None,
                  errors: dict | None = None, address: dict | None = None, status: int = 200) -> Response:
    parameters = request.query_params
    currency = _currency(link, parameters, texts)
    items = _line_items(link, parameters, currency, texts)
    space = await session.get(Space, link.space_id)
    asks_address = link.billing_address_handling_mode == "REQUIRED_ON_PAYMENT_PAGE"
    return page("link.html", texts, status=status, merchant=space.name, name=link.name,
                sandbox=request.app.state.paystead.settings.mode == Mode.SANDBOX,
                items=order_lines(items, currency, texts),
                total=texts.money(total(items), currency), alert=alert, errors=errors or {},
                address=address or {}, address_fields=ADDRESS_FIELDS if asks_address else (),
                action=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""))


async def show_link(request: Request) -> Response:
    state = request.app.state.paystead
    async with unit_of_work(state.sessions, writes=False) as session:
        link = await _load_link(request, session, request.query_params.get("securityToken"))
        if link is None:
            return not_found(request, embeddable=False)
        texts = _texts(link, request, request.query_params)
        try:
            check_usable(link)
            if link.billing_address_handling_mode == "REQUIRED_IN_URL" \
                    and _address_errors(_address(request.query_params, "billingAddress."), texts):
                raise _BadRequest(texts("link_address_missing"))
            _return_urls(link, request.query_params, texts)
            return await _render(request, session, link, texts)
        except LinkRefused as refused:
            return _refusal(texts, refused)
        except _BadRequest as bad:
            return message(texts, texts("link_unavailable"), bad.text, status=400)


async def use_link(request: Request) -> Response:
    """The buyer goes on: one of the link's transactions is taken and the buyer sent to pay it."""
    state = request.app.state.paystead
    form = await request.form()
    parameters = request.query_params
    async with unit_of_work(state.sessions, writes=True) as session:
        link = await _load_link(request, session, parameters.get("securityToken"))
        if link is None:
            return not_found(request, embeddable=False)
        texts = _texts(link, request, parameters)
        ctx = await buyer_context(request, session, link.space_id)
        try:
            check_usable(link)
            currency = _currency(link, parameters, texts)
            items = _line_items(link, parameters, currency, texts)
            urls = _return_urls(link, parameters, texts)
            address = None
            if link.billing_address_handling_mode == "REQUIRED_ON_PAYMENT_PAGE":
                address = _address(form, "")
                errors = _address_errors(address, texts)
                if errors:
                    return await _render(request, session, link, texts, alert=texts("error_summary"), errors=errors,
                                         address=address, status=422)
            elif link.billing_address_handling_mode == "REQUIRED_IN_URL":
                address = _address(parameters, "billingAddress.")
                if _address_errors(address, texts):
                    raise _BadRequest(texts("link_address_missing"))
            await count_transaction(ctx, link)
        except LinkRefused as refused:
            return _refusal(texts, refused)
        except _BadRequest as bad:
            return message(texts, texts("link_unavailable"), bad.text, status=400)
        data = {"currency": currency, "language": texts.locale,
                "allowedPaymentMethodConfigurations": list(link.allowed_payment_method_configuration_ids or []),
                **urls}
        if address:
            data["billingAddress"] = {"givenName": address.get("givenName"), "familyName": address.get("familyName"),
                                      "street": address.get("street"), "postcode": address.get("postcode"),
                                      "city": address.get("city"), "country": (address.get("country") or "").upper(),
                                      "emailAddress": address.get("emailAddress")}
            if address.get("emailAddress"):
                data["customerEmailAddress"] = address["emailAddress"]
        transaction = await TransactionService().open_with_line_items(ctx, data, items)
        target = form_url(ctx.urls.base, transaction, "page")
    return RedirectResponse(target, status_code=303)
