"""The transaction verbs beyond the uniform operations: confirm, process, complete, void, the
buyer-facing URLs and the payment method configurations that apply."""

from __future__ import annotations

from functools import partial

from sqlalchemy import select

from paystead.db.models import Transaction
from paystead.domains.tokens.resource import tokens
from paystead.domains.transactions import processing, scheduling
from paystead.domains.transactions.completion import complete_once, void_transaction
from paystead.domains.transactions.connectors import applicable_connectors
from paystead.domains.transactions.resource import charges, completions, transactions, voids
from paystead.domains.transactions.service import confirm
from paystead.domains.transactions.token_creation import token_creation_possible
from paystead.domains.transactions.urls import buyer_url
from paystead.errors import BadRequest
from paystead.resources.context import RequestContext
from paystead.resources.paging import whole
from paystead.resources.export import export_csv
from paystead.resources.metadata import check_metadata
from paystead.resources.registry import registry
from paystead.resources.render import parse_expand, render_rows
from paystead.wire.validation import validate_model

_INTEGRATION_MODES = ("PAYMENT_PAGE", "IFRAME", "LIGHTBOX", "MOBILE_SDK", "TERMINAL")


def integration_mode(text: str | None) -> str:
    """The canonical name of an ``integrationMode``. The contract types it as a free string and
    wallee's plugins send it lowercase (``payment_page``, ``iframe``): any case is accepted, and
    ``payment-page`` too. A name that is no integration mode is a 400 naming the known ones."""
    mode = (text or "").strip().upper().replace("-", "_")
    if mode not in _INTEGRATION_MODES:
        raise BadRequest(f"integrationMode must be one of {', '.join(_INTEGRATION_MODES)} (any case)",
                         code="invalid_parameter", errors={"integrationMode": "unknown integration mode"})
    return mode


async def _locked(ctx: RequestContext, action: str):
    return await transactions.get_for(ctx, ctx.param("id"), action, lock=True)


@transactions.action("post_payment_transactions_id_confirm")
async def confirm_transaction(ctx: RequestContext) -> dict:
    row = await transactions.get_for(ctx, ctx.param("id"), "update", lock=True)
    if row.state != "PENDING":
        processing.require_processable(row)  # a clear 422 for anything but PENDING
    # Two writes, as wallee counts them: the update (+1, version current or next) and then the
    # state change (+1, flushed by the render): a fresh transaction confirmed with version 2 is 3.
    row = await transactions.update_one(ctx, row.id, ctx.body)
    confirm(ctx, row)
    return await transactions.render_one(ctx, row)


def _card_request(ctx: RequestContext) -> dict:
    return validate_model(ctx.operation["request_body"]["model"], ctx.body)


@transactions.action("post_payment_transactions_id_process_card_details")
async def process_card_details(ctx: RequestContext) -> dict:
    row = await _locked(ctx, "process")
    await processing.process_card(ctx, row, _card_request(ctx), interactive_3ds=False)
    return await transactions.render_one(ctx, row)


@transactions.action("post_payment_transactions_id_process_card_details_threed")
async def process_card_details_threed(ctx: RequestContext) -> str:
    row = await _locked(ctx, "process")
    outcome = await processing.process_card(ctx, row, _card_request(ctx), interactive_3ds=True)
    if outcome.challenge_url is not None:
        return outcome.challenge_url
    return buyer_url(ctx, row, "result")


@transactions.action("post_payment_transactions_id_process_with_token")
async def process_with_token(ctx: RequestContext) -> dict:
    row = await _locked(ctx, "process")
    outcome = await processing.process_with_token(ctx, row)
    return await charges.render_one(ctx, outcome.charge)


@transactions.action("post_payment_transactions_id_process_without_interaction")
async def process_without_interaction(ctx: RequestContext) -> dict:
    """Answers PROCESSING, as wallee does; the worker decides the charge after the processing
    delay (``deferred``) and the webhooks tell the result."""
    row = await _locked(ctx, "process")
    outcome = await processing.start_without_interaction(ctx, row)
    await scheduling.schedule(ctx, row, scheduling.DECIDE_ATTEMPT, attempt=outcome.attempt)
    return await transactions.render_one(ctx, row)


async def _complete(ctx: RequestContext, mode: str, details: dict | None) -> dict:
    row = await _locked(ctx, "complete")
    completion = await complete_once(ctx, row, mode=mode, details=details)
    return await completions.render_one(ctx, completion)


@transactions.action("post_payment_transactions_id_complete_online")
async def complete_online(ctx: RequestContext) -> dict:
    return await _complete(ctx, "ONLINE", None)


@transactions.action("post_payment_transactions_id_complete_offline")
async def complete_offline(ctx: RequestContext) -> dict:
    return await _complete(ctx, "OFFLINE", None)


def _completion_details(ctx: RequestContext) -> dict:
    details = validate_model("TransactionCompletionDetails", ctx.body)
    check_metadata(details)  # the completion stores its metaData: the same limits as any object's
    return details


@transactions.action("post_payment_transactions_id_complete_partially_online")
async def complete_partially_online(ctx: RequestContext) -> dict:
    return await _complete(ctx, "ONLINE", _completion_details(ctx))


@transactions.action("post_payment_transactions_id_complete_partially_offline")
async def complete_partially_offline(ctx: RequestContext) -> dict:
    return await _complete(ctx, "OFFLINE", _completion_details(ctx))


async def _void(ctx: RequestContext, mode: str) -> dict:
    row = await _locked(ctx, "void")
    void = await void_transaction(ctx, row, mode=mode)
    return await voids.render_one(ctx, void)


@transactions.action("post_payment_transactions_id_void_online")
async def void_online(ctx: RequestContext) -> dict:
    return await _void(ctx, "ONLINE")


@transactions.action("post_payment_transactions_id_void_offline")
async def void_offline(ctx: RequestContext) -> dict:
    return await _void(ctx, "OFFLINE")


# --- buyer-facing URLs --------------------------------------------------------------------------

async def buyer_page_url(page: str, ctx: RequestContext) -> str:
    """The URL of one of the transaction's buyer pages (``page``, bound per operation below)."""
    row = await transactions.get_for(ctx, ctx.param("id"), "read")
    return buyer_url(ctx, row, page)


transactions.action("get_payment_transactions_id_payment_page_url")(partial(buyer_page_url, "payment-page"))
transactions.action("get_payment_transactions_id_iframe_javascript_url")(partial(buyer_page_url, "iframe.js"))
transactions.action("get_payment_transactions_id_lightbox_javascript_url")(partial(buyer_page_url, "lightbox.js"))
transactions.action("get_payment_transactions_id_charge_flow_payment_page_url")(
    partial(buyer_page_url, "charge-flow"))


@transactions.action("get_payment_transactions_id_payment_method_configurations")
async def payment_method_configurations(ctx: RequestContext) -> dict:
    row = await transactions.get_for(ctx, ctx.param("id"), "read")
    return await payment_method_configurations_of(ctx, row)


async def payment_method_configurations_of(ctx: RequestContext, row) -> dict:
    # Every mode offers the same configurations here; the name is still checked, so that a
    # typo is reported rather than silently read as some mode.
    integration_mode(ctx.param("integrationMode"))
    seen, configurations = set(), []
    for candidate in await applicable_connectors(ctx, row):
        if candidate.method_configuration.id not in seen:
            seen.add(candidate.method_configuration.id)
            configurations.append(candidate.method_configuration)
    configurations.sort(key=lambda configuration: (configuration.sort_order, configuration.id))
    # Rendered without a permission check: buyers with credentials see them too.
    method_configurations = registry.get("PaymentMethodConfiguration")
    rendered = await render_rows(method_configurations, configurations, parse_expand(ctx.param("expand")), ctx)
    return whole(rendered)


@transactions.action("get_payment_transactions_id_check_token_creation_possible")
async def check_token_creation_possible(ctx: RequestContext) -> bool:
    row = await transactions.get_for(ctx, ctx.param("id"), "read")
    return await token_creation_possible(ctx, row)


@transactions.action("get_payment_transactions_export")
async def export(ctx: RequestContext):
    return await export_csv(ctx, transactions)


@tokens.action("post_payment_tokens_id_create_transaction_for_token_update")
async def create_transaction_for_token_update(ctx: RequestContext) -> dict:
    """A zero-amount transaction that, once paid, gives the token a new version."""
    token = await tokens.get_for(ctx, ctx.param("id"), "update")
    # In the currency the token was last paid in, else the space's.
    currency = await ctx.session.scalar(select(Transaction.currency).where(
        Transaction.space_id == token.space_id, Transaction.token_id == token.id).order_by(Transaction.id.desc()).limit(1))
    data = {"token": token.id, "tokenizationMode": "FORCE_UPDATE", "customerId": token.customer_id,
            **({"currency": currency} if currency else {}),
            "customerEmailAddress": token.customer_email_address, "language": token.language,
            "completionBehavior": "COMPLETE_IMMEDIATELY",
            "lineItems": [{"uniqueId": "token-update", "name": "Payment information update", "type": "FEE",
                           "quantity": 1, "amountIncludingTax": 0}]}
    await transactions.require_create(ctx, data)
    row = await transactions.service.create(ctx, data)
    await ctx.session.flush()
    await transactions.service.after_create(ctx, row)
    return await transactions.render_one(ctx, row)
