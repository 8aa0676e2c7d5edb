"""The hosted payment page and its embedded forms (iframe, lightbox, mobile SDK).

Every URL names the space and the transaction and carries the transaction's security token;
nothing else gives access. The page lists the payment method configurations that apply to the
transaction, takes the buyer's choice (and card data, checked in the browser and again here),
has the connector's processor (the simulator by default) process it and ends on the
transaction's success or failed URL. A declined try shows why and lets the buyer try again
(``process_on_page``).

Modes: ``page`` (a full page), ``mobile`` (the same, for the mobile SDK's web view), ``iframe``
and ``lightbox`` (the form alone, inside a merchant's page; it reports to that page by
``postMessage`` and never sends card data anywhere but here).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from paystead import clock
from paystead.auth.caller import Caller
from paystead.db.base import utcnow
from paystead.db.models import Account, ChargeAttempt, PaymentConnectorConfiguration, Space, Transaction
from paystead.db.unit_of_work import unit_of_work
from paystead.domains.context import DomainContext, SpaceRef
from paystead.domains.reference import catalog
from paystead.domains.transactions.connectors import BRAND_IDS, Applicable, applicable_connectors
from paystead.domains.transactions.line_items import plain
from paystead.domains.transactions.processing import Card, cancel_on_page, process_on_page
from paystead.domains.transactions.urls import buyer_url
from paystead.errors import ApiError
from paystead.pages.i18n import Texts, pick
from paystead.pages.ids import as_id, path_ids
from paystead.pages.rendering import message, page
from paystead.payments.lifecycles import TransactionState
from paystead.payments import cards
from paystead.payments.failure_reasons import FAILURE_REASONS
from paystead.resources.context import request_urls
from paystead.settings import Mode

MODES = ("page", "mobile", "iframe", "lightbox")
EMBEDDED = ("iframe", "lightbox")
_BRAND_NAMES = {brand_id: name for name, brand_id in BRAND_IDS.items()}
_MAX_HOLDER_LENGTH = 100
# Connectors (by id) whose acquirer needs the name on the card; on their methods the page asks
# for it as a required field. None of the simulator's connectors does, so the name is optional
# there (wallee's API takes it as optional too: AuthenticatedCardDataCreate.cardHolderName).
HOLDER_NAME_CONNECTORS: frozenset[int] = frozenset()


@dataclass
class MethodChoice:
    id: int
    name: str
    kind: str  # card, invoice or wallet
    connectors: list[Applicable] = field(default_factory=list)
    holder_required: bool = False

    @property
    def brands(self) -> list[str]:
        return [_BRAND_NAMES[c.connector.payment_method_brand_id] for c in self.connectors
                if c.connector.payment_method_brand_id in _BRAND_NAMES]


def mode_of(value: str | None, default: str = "page") -> str:
    return value if value in MODES else default


def texts_for(transaction: Transaction, request: Request) -> Texts:
    return Texts(pick(transaction.language, request.headers.get("accept-language")))


# --- loading ----------------------------------------------------------------------------------

async def load_transaction(session, request: Request, token: str | None, *, lock: bool = False) -> Transaction | None:
    ids = path_ids(request, "space_id", "transaction_id")
    if ids is None:
        return None
    statement = select(Transaction).where(Transaction.space_id == ids[0], Transaction.id == ids[1])
    transaction = await session.scalar(statement.with_for_update() if lock else statement)
    if transaction is None or not hmac.compare_digest(transaction.security_token, token or ""):
        return None
    return transaction


async def buyer_context(request: Request, session, space_id: int) -> DomainContext:
    """The unit of work of a buyer's request: no user, no grants; the space is the transaction's,
    and so is the clock (pages whose URL names the space are bound to it already; the demo
    shop's checkout is not)."""
    space = await session.get(Space, space_id)
    account = await session.get(Account, space.account_id)
    offset = clock.offset_from_microseconds(space.clock_offset_us)
    clock.bind(offset)
    state = request.app.state.paystead
    return DomainContext(session=session, caller=Caller.buyer(), state=state, urls=request_urls(state.settings, request),
                         space=SpaceRef(id=space.id, account_id=account.id, account_path=account.path,
                                        clock_offset=offset))


def not_found(request: Request, *, embeddable: bool = True) -> Response:
    texts = Texts(pick(request.headers.get("accept-language")))
    return message(texts, texts("page_title"), texts("not_found"), status=404, embeddable=embeddable)


# --- what the buyer can choose ------------------------------------------------------------------

def _kind(method_id: int) -> str:
    if method_id == catalog.CARD:
        return "card"
    return "invoice" if method_id == catalog.INVOICE else "wallet"


async def page_methods(ctx: DomainContext, transaction: Transaction, texts: Texts) -> list[MethodChoice]:
    """The payment method configurations with a connector that can process the transaction."""
    choices: dict[int, MethodChoice] = {}
    for candidate in await applicable_connectors(ctx, transaction):
        configuration = candidate.method_configuration
        if configuration.id not in choices:
            titles = configuration.title or {}
            method_id = candidate.connector.payment_method_id
            default_name = next((m["name"]["en-US"] for m in catalog.PAYMENT_METHODS if m["id"] == method_id), None)
            # A configuration still named as the catalog names its method is shown in the buyer's language.
            localised = texts.method_name(method_id) if configuration.name == default_name else None
            name = titles.get(texts.locale) or localised or titles.get("en-US") or configuration.name \
                or str(configuration.id)
            choices[configuration.id] = MethodChoice(configuration.id, name, _kind(candidate.connector.payment_method_id))
        choices[configuration.id].connectors.append(candidate)
        if candidate.connector.id in HOLDER_NAME_CONNECTORS:
            choices[configuration.id].holder_required = True
    return list(choices.values())


def form_url(base: str, transaction: Transaction, mode: str, **extra) -> str:
    page_name = {"page": "payment-page", "mobile": "mobile-sdk"}.get(mode, "form")
    query = {"securityToken": transaction.security_token}
    if mode in EMBEDDED:
        query["mode"] = mode
    query.update({key: value for key, value in extra.items() if value is not None})
    return f"{base}/s/{transaction.space_id}/payment/{page_name}/{transaction.id}?{urlencode(query)}"


# --- the form -----------------------------------------------------------------------------------

def order_lines(line_items: list[dict] | None, currency: str, texts: Texts) -> list[dict]:
    """Stored line items as the pages list them: name, quantity and amount in the buyer's locale."""
    return [{"name": item.get("name"), "quantity": plain(Decimal(item["quantity"])),
             "amount": texts.money(Decimal(item["amountIncludingTax"]), currency)} for item in line_items or []]


async def render_form(ctx: DomainContext, transaction: Transaction, texts: Texts, mode: str, *,
                      restrict: int | None = None, errors: dict | None = None, alert: str | None = None,
                      values: dict | None = None, selected: int | None = None, status: int = 200,
                      declined: bool = False) -> Response:
    methods = await page_methods(ctx, transaction, texts)
    if restrict is not None:
        methods = [method for method in methods if method.id == restrict]
    space = await ctx.session.get(Space, transaction.space_id)
    values = values or {}
    return page(
        "payment.html", texts, status=status, embeddable=mode in EMBEDDED,
        mode=mode, merchant=space.name, sandbox=ctx.settings.mode == Mode.SANDBOX,
        items=order_lines(transaction.line_items, transaction.currency, texts),
        total=texts.money(transaction.authorization_amount, transaction.currency),
        methods=methods, has_card=any(method.kind == "card" for method in methods),
        holder_required=any(method.holder_required for method in methods if method.kind == "card"),
        transaction_key=f"{transaction.space_id}-{transaction.id}", declined=declined,
        selected=selected if any(method.id == selected for method in methods)
        else (methods[0].id if methods else None),
        action=f"/s/{transaction.space_id}/payment/pay/{transaction.id}"
               + (f"?paymentMethodConfigurationId={restrict}" if restrict is not None else ""),
        cancel_action=f"/s/{transaction.space_id}/payment/cancel/{transaction.id}",
        token=transaction.security_token, errors=errors or {}, alert=alert,
        holder=values.get("cardHolderName"), expiry=values.get("expiry"), script_texts=texts.script_texts())


@dataclass
class Declined:
    alert: str
    method_configuration_id: int | None  # the method the buyer had chosen, chosen again


async def _declined(ctx: DomainContext, transaction: Transaction, texts: Texts, attempt_id) -> Declined | None:
    attempt_id = as_id(attempt_id)
    if attempt_id is None:
        return None
    attempt = await ctx.session.scalar(select(ChargeAttempt).where(
        ChargeAttempt.id == attempt_id, ChargeAttempt.transaction_id == transaction.id))
    if attempt is None or attempt.state != "FAILED":
        return None
    key = next((name for name, reason in FAILURE_REASONS.items() if reason.id == attempt.failure_reason_id),
               None)
    configuration = await ctx.session.get(PaymentConnectorConfiguration, attempt.connector_configuration_id)
    return Declined(texts("declined", reason=texts.reason(key)),
                    configuration.payment_method_configuration_id if configuration else None)


async def show_form(request: Request, mode: str | None = None) -> Response:
    state = request.app.state.paystead
    mode = mode or mode_of(request.query_params.get("mode"), "iframe")
    async with unit_of_work(state.sessions, writes=False) as session:
        transaction = await load_transaction(session, request, request.query_params.get("securityToken"))
        if transaction is None:
            return not_found(request)
        ctx = await buyer_context(request, session, transaction.space_id)
        texts = texts_for(transaction, request)
        if transaction.state not in TransactionState.AWAITING_AUTHORIZATION:
            return finished(request, ctx, transaction, mode)
        declined = await _declined(ctx, transaction, texts, request.query_params.get("attempt"))
        # After a decline the page keeps the buyer's choice of method; its script puts back the
        # name and expiry date it kept (never the card number or the CVC).
        return await render_form(ctx, transaction, texts, mode, alert=declined.alert if declined else None,
                                 selected=declined.method_configuration_id if declined else None,
                                 declined=declined is not None,
                                 restrict=as_id(request.query_params.get("paymentMethodConfigurationId")))


async def show_payment_page(request: Request) -> Response:
    return await show_form(request, "page")


async def show_mobile_page(request: Request) -> Response:
    return await show_form(request, "mobile")


async def show_charge_flow_page(request: Request) -> Response:
    """A charge flow hands the buyer this URL (by email or text message): it opens the payment page."""
    query = request.url.query
    ids = path_ids(request, "space_id", "transaction_id")
    if ids is None:
        return not_found(request)
    return RedirectResponse(f"/s/{ids[0]}/payment/payment-page/{ids[1]}" + (f"?{query}" if query else ""),
                            status_code=303)


def finished(request: Request, ctx: DomainContext, transaction: Transaction, mode: str) -> Response:
    """Where a buyer goes once the transaction is decided: the merchant's success or failed URL
    (else Paystead's result page). An embedded form tells the merchant's page instead."""
    target = buyer_url(ctx, transaction, "result")
    if mode not in EMBEDDED:
        return RedirectResponse(target, status_code=303)
    texts = texts_for(transaction, request)
    return page("done.html", texts, embeddable=True, mode=mode, transaction_id=transaction.id,
                state=transaction.state, success=transaction.state in TransactionState.PAID, redirect_url=target)


# --- the buyer's submission ---------------------------------------------------------------------

def read_card_fields(form: FormData, method: MethodChoice, texts: Texts) -> tuple[Card | None, dict[str, str]]:
    """The card of the page's form, checked as the page's script checks it; errors by field."""
    errors: dict[str, str] = {}
    holder = (form.get("cardHolderName") or "").strip()
    if not holder and method.holder_required:
        errors["cardHolderName"] = texts("required")
    elif len(holder) > _MAX_HOLDER_LENGTH:
        errors["cardHolderName"] = texts("holder_too_long", length=_MAX_HOLDER_LENGTH)
    typed = form.get("cardNumber") or ""
    pan = cards.normalize_pan(typed)
    brand = None
    if not typed.strip():
        errors["cardNumber"] = texts("required")
    elif pan is None or not cards.luhn_valid(pan):
        errors["cardNumber"] = texts("card_number_invalid")
    else:
        brand = cards.brand_of(pan)
        if brand not in method.brands:
            errors["cardNumber"] = texts("card_brand_unsupported")
    expiry = None
    expiry_text = (form.get("expiry") or "").replace(" ", "")
    if not expiry_text:
        errors["expiry"] = texts("required")
    else:
        try:
            expiry = cards.parse_expiry(expiry_text)
        except ValueError:
            errors["expiry"] = texts("expiry_invalid")
        else:
            if cards.is_expired(*expiry, utcnow().date()):
                errors["expiry"] = texts("expiry_past")
    cvc = (form.get("cvc") or "").strip()
    digits = cards.cvc_length(brand)
    if not (cvc.isascii() and cvc.isdigit() and len(cvc) == digits):
        errors["cvc"] = texts("cvc_invalid", digits=digits)
    if errors:
        return None, errors
    return Card(pan=pan, expiry=expiry, cvc=cvc, holder=holder or None), {}


def _connector_for(method: MethodChoice, card: Card | None) -> Applicable | None:
    if card is None:
        return method.connectors[0] if method.connectors else None
    brand_id = BRAND_IDS.get(cards.brand_of(card.pan) or "")
    return next((c for c in method.connectors if c.connector.payment_method_brand_id == brand_id), None)


async def submit(request: Request) -> Response:
    state = request.app.state.paystead
    form = await request.form()
    mode = mode_of(form.get("mode"))
    restrict = as_id(request.query_params.get("paymentMethodConfigurationId"))
    try:
        async with unit_of_work(state.sessions, writes=True) as session:
            # Locked: a double click, or two tabs, pay one after the other, never both at once.
            transaction = await load_transaction(session, request, form.get("securityToken"), lock=True)
            if transaction is None:
                return not_found(request)
            ctx = await buyer_context(request, session, transaction.space_id)
            texts = texts_for(transaction, request)
            if transaction.state not in TransactionState.AWAITING_AUTHORIZATION:
                return finished(request, ctx, transaction, mode)
            methods = await page_methods(ctx, transaction, texts)
            if restrict is not None:
                methods = [method for method in methods if method.id == restrict]
            chosen_id = as_id(form.get("paymentMethodConfigurationId"))
            method = next((m for m in methods if m.id == chosen_id), None)
            values = {"cardHolderName": form.get("cardHolderName"), "expiry": form.get("expiry")}
            if method is None:
                return await render_form(ctx, transaction, texts, mode, restrict=restrict, status=422,
                                         errors={"paymentMethodConfigurationId": texts("method_required")},
                                         alert=texts("error_summary"), values=values)
            card = None
            if method.kind == "card":
                card, errors = read_card_fields(form, method, texts)
                if errors:
                    return await render_form(ctx, transaction, texts, mode, restrict=restrict, errors=errors,
                                             alert=texts("error_summary"), values=values, selected=method.id,
                                             status=422)
            connector = _connector_for(method, card)
            outcome = await process_on_page(ctx, transaction, connector, card)
            await ctx.session.flush()  # the attempt's id goes into the next URL
            if outcome.challenge_url:
                return RedirectResponse(f"{outcome.challenge_url}&mode={mode}", status_code=303)
            if outcome.attempt.state == "FAILED":
                return RedirectResponse(form_url(ctx.urls.base, transaction, mode, attempt=outcome.attempt.id,
                                                 paymentMethodConfigurationId=restrict), status_code=303)
            return finished(request, ctx, transaction, mode)
    except ApiError as error:
        texts = Texts(pick(request.headers.get("accept-language")))
        return message(texts, texts("page_title"), error.message, status=error.status, embeddable=True)


async def cancel(request: Request) -> Response:
    """The buyer cancels: the transaction fails and the buyer goes to its failed URL."""
    state = request.app.state.paystead
    form = await request.form()
    mode = mode_of(form.get("mode"))
    async with unit_of_work(state.sessions, writes=True) as session:
        transaction = await load_transaction(session, request, form.get("securityToken"), lock=True)
        if transaction is None:
            return not_found(request)
        ctx = await buyer_context(request, session, transaction.space_id)
        await cancel_on_page(ctx, transaction)
        return finished(request, ctx, transaction, mode)


async def show_result(request: Request) -> Response:
    """Paystead's own result page, for transactions without a success or failed URL."""
    state = request.app.state.paystead
    async with unit_of_work(state.sessions, writes=False) as session:
        transaction = await load_transaction(session, request, request.query_params.get("securityToken"))
        if transaction is None:
            return not_found(request, embeddable=False)
        texts = texts_for(transaction, request)
        if transaction.state in TransactionState.AWAITING_AUTHORIZATION:
            ctx = await buyer_context(request, session, transaction.space_id)
            return RedirectResponse(form_url(ctx.urls.base, transaction, "page"), status_code=303)
        success = transaction.state in TransactionState.PAID
        amount = texts.money(transaction.authorization_amount, transaction.currency)
        return page("result.html", texts, success=success, transaction_id=transaction.id, state=transaction.state,
                    title=texts("success_title" if success else "failed_title"),
                    text=texts("success_text", amount=amount) if success else texts("failed_text"))
