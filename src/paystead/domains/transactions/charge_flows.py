"""Charge flows (read-only: a space's retry plans are set up outside the API; every sandbox space
starts with a default one, ``charge_flow_setup``), the levels applied to transactions, their
payment links, client platforms reported by the mobile SDK, and terminal receipts. Without an
applicable charge flow, applying one is a 422 that says so. Running a flow: ``charge_flow_steps``."""

from __future__ import annotations

import re

from paystead.db.models import ChargeFlow, ChargeFlowLevel, ChargeFlowLevelConfiguration, TransactionClientPlatform
from paystead.domains.transactions.charge_flow_setup import EMAIL_LINK, LEVEL_TYPES
from paystead.domains.transactions.charge_flow_steps import applicable_flow, enter_level, pending_level
from paystead.domains.transactions.processing import fail_unauthorized
from paystead.domains.transactions.resource import transactions
from paystead.domains.transactions.service import confirm
from paystead.errors import BadRequest, UnprocessableEntity
from paystead.payments import lifecycles
from paystead.payments.lifecycles import ChargeFlowLevelState, TransactionState
from paystead.payments.states import require_state, transition
from paystead.resources.context import RequestContext
from paystead.resources.fields import Computed, Link
from paystead.resources.paging import whole
from paystead.resources.registry import READ_ONLY, Resource, registry
from paystead.resources.scopes import SpaceScope


charge_flows = registry.add(Resource(
    name="ChargeFlow",
    model=ChargeFlow,
    sdk_name="payment_charge_flows",
    permission="TRANSACTION",
    scope=SpaceScope(ChargeFlow.space_id),
    operations=READ_ONLY,
    soft_delete=True,
    overrides={
        "conditions": Computed(lambda row, ctx: [{"id": ident} for ident in row.condition_ids or []]),
    },
))

# No operation of its own: it is seen inside a level (``configuration``).
level_configurations = registry.add(Resource(
    name="ChargeFlowLevelConfiguration",
    model=ChargeFlowLevelConfiguration,
    sdk_name="payment_charge_flows_level_configurations",
    permission="TRANSACTION",
    scope=SpaceScope(ChargeFlowLevelConfiguration.space_id),
    operations=(),
))

levels = registry.add(Resource(
    name="ChargeFlowLevel",
    model=ChargeFlowLevel,
    sdk_name="payment_charge_flows_levels",
    permission="TRANSACTION",
    scope=SpaceScope(ChargeFlowLevel.space_id),
    operations=READ_ONLY,
))

level_payment_links = registry.add(Resource(
    name="ChargeFlowLevelPaymentLink",
    model=ChargeFlowLevel,
    sdk_name="payment_charge_flows_levels_payment_links",
    permission="TRANSACTION",
    scope=SpaceScope(ChargeFlowLevel.space_id),
    operations=READ_ONLY,
    overrides={
        "chargeFlowLevel": Link(ChargeFlowLevel.id, "ChargeFlowLevel"),
        "paymentLink": Computed(lambda row, ctx: _level_link(ctx, row)),
    },
))

client_platforms = registry.add(Resource(
    name="TransactionClientPlatformInformation",
    model=TransactionClientPlatform,
    sdk_name="payment_transaction_client_platforms",
    permission="TRANSACTION",
    scope=SpaceScope(TransactionClientPlatform.space_id),
    operations=READ_ONLY,
))


def _level_link(ctx: RequestContext, level: ChargeFlowLevel) -> str:
    return ctx.urls.to(f"/s/{level.space_id}/payment/charge-flow/{level.transaction_id}?level={level.id}")


@transactions.action("post_payment_transactions_id_charge_flow_apply")
async def apply_charge_flow(ctx: RequestContext) -> dict:
    """Answers PROCESSING, as wallee does: the worker runs the flow's first level after the
    processing delay (``deferred``)."""
    transaction = await transactions.get_for(ctx, ctx.param("id"), "process", lock=True)
    require_state(transaction, TransactionState.PROCESSABLE, "given a charge flow")
    found = await applicable_flow(ctx, transaction)
    if found is None:
        raise UnprocessableEntity("No charge flow applies to this transaction: the space has no active charge flow "
                                  "with an active level", code="no_charge_flow",
                                  errors={"chargeFlow": "none applies"})
    flow, first_level = found
    if transaction.state == "PENDING":
        confirm(ctx, transaction)
    transition(ctx.session, transaction, lifecycles.TRANSACTION, "PROCESSING")
    await enter_level(ctx, transaction, flow.id, first_level)
    return await transactions.render_one(ctx, transaction)


@transactions.action("post_payment_transactions_id_charge_flow_cancel")
async def cancel_charge_flow(ctx: RequestContext) -> dict:
    """Under the transaction's lock: work the worker has not done yet finds the flow ended."""
    transaction = await transactions.get_for(ctx, ctx.param("id"), "process", lock=True)
    if await pending_level(ctx, transaction) is None:
        raise UnprocessableEntity("No charge flow is running for this transaction", code="no_charge_flow",
                                  errors={"chargeFlow": "none running"})
    await fail_unauthorized(ctx, transaction, "CHARGE_FLOW_CANCELED")  # closes the open level too
    return await transactions.render_one(ctx, transaction)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@transactions.action("post_payment_transactions_id_charge_flow_update_recipient")
async def update_recipient(ctx: RequestContext) -> None:
    """Where the running flow's payment links go, from now on (also for the levels that follow)."""
    type_id, recipient = ctx.param("type"), (ctx.param("recipient") or "").strip()
    if type_id < 1:
        raise BadRequest("type must be a positive id", code="invalid_parameter", errors={"type": "not an id"})
    transaction = await transactions.get_for(ctx, ctx.param("id"), "update", lock=True)
    level = await pending_level(ctx, transaction)
    if level is None:
        raise UnprocessableEntity("No charge flow is running for this transaction", code="no_charge_flow",
                                  errors={"chargeFlow": "none running"})
    level_type = LEVEL_TYPES.get(type_id)
    if level_type is not None and not level_type.sends_link:
        raise UnprocessableEntity(f"Charge flow level type {type_id} sends no payment link: it has no recipient",
                                  code="invalid_parameter", errors={"type": "sends no payment link"})
    if not recipient or len(recipient) > 254 or (type_id == EMAIL_LINK and not _EMAIL.match(recipient)):
        raise UnprocessableEntity("recipient must be an email address" if type_id == EMAIL_LINK
                                  else "recipient must be 1 to 254 characters", code="invalid_parameter",
                                  errors={"recipient": "not a valid recipient"})
    level.recipient_type_id, level.recipient = type_id, recipient


@levels.action("post_payment_charge_flows_levels_id_send_message")
async def send_message(ctx: RequestContext) -> None:
    level = await levels.get_for(ctx, ctx.param("id"), "update")
    require_state(level, ChargeFlowLevelState.PENDING, "sent a message")


@transactions.action("get_payment_transactions_id_terminal_receipts")
async def terminal_receipts(ctx: RequestContext) -> dict:
    """Receipts of terminal payments; none until payment terminals exist."""
    if ctx.param("width") < 1:
        raise BadRequest("width must be a positive number of characters or millimetres", code="invalid_parameter",
                         errors={"width": "must be at least 1"})
    await transactions.get_for(ctx, ctx.param("id"), "read")
    return whole([])
