"""Charge flows (read-only: a space's retry plans are set up outside the API), the levels
applied to transactions, their payment links, client platforms reported by the mobile SDK, and
terminal receipts. Until a charge flow is defined, applying one is a 422 that says so."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from paystead.db.base import utcnow
from paystead.db.models import ChargeFlow, ChargeFlowLevel, TransactionClientPlatform
from paystead.domains.transactions.resource import transactions
from paystead.domains.transactions.service import confirm
from paystead.domains.transactions.urls import server_base
from paystead.errors import BadRequest, UnprocessableEntity
from paystead.payments import lifecycles
from paystead.payments.states import StateMachine, edges, enter, transition
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column, Computed, Link
from paystead.resources.registry import Resource, registry
from paystead.resources.scopes import SpaceScope

READ_ONLY = ("list", "search", "read")
LEVEL_TIMEOUT = timedelta(days=3)
CHARGE_FLOW_LEVEL = StateMachine(
    "ChargeFlowLevel", edges({"PENDING": ("SUCCESSFUL", "FAILED"), "SUCCESSFUL": (), "FAILED": ()}))

charge_flows = registry.add(Resource(
    name="ChargeFlow",
    model=ChargeFlow,
    sdk_name="payment_charge_flows",
    permission="TRANSACTION",
    scope=SpaceScope(ChargeFlow.space_id),
    operations=READ_ONLY,
    live=lambda flow: flow.state != "DELETED",
    fields={
        "id": Column(ChargeFlow.id),
        "linkedSpaceId": Column(ChargeFlow.space_id),
        "name": Column(ChargeFlow.name),
        "state": Column(ChargeFlow.state),
        "priority": Column(ChargeFlow.priority),
        "conditions": Computed(lambda row, ctx: [{"id": ident} for ident in row.condition_ids or []]),
        "plannedPurgeDate": Column(ChargeFlow.planned_purge_date),
        "version": Column(ChargeFlow.version),
    },
))

levels = registry.add(Resource(
    name="ChargeFlowLevel",
    model=ChargeFlowLevel,
    sdk_name="payment_charge_flows_levels",
    permission="TRANSACTION",
    scope=SpaceScope(ChargeFlowLevel.space_id),
    operations=READ_ONLY,
    fields={
        "id": Column(ChargeFlowLevel.id),
        "linkedSpaceId": Column(ChargeFlowLevel.space_id),
        "linkedTransaction": Column(ChargeFlowLevel.transaction_id),
        "transaction": Link(ChargeFlowLevel.transaction_id, "Transaction"),
        "state": Column(ChargeFlowLevel.state),
        "createdOn": Column(ChargeFlowLevel.created_on),
        "timeoutOn": Column(ChargeFlowLevel.timeout_on),
        "plannedPurgeDate": Column(ChargeFlowLevel.planned_purge_date),
        "version": Column(ChargeFlowLevel.version),
    },
))

level_payment_links = registry.add(Resource(
    name="ChargeFlowLevelPaymentLink",
    model=ChargeFlowLevel,
    sdk_name="payment_charge_flows_levels_payment_links",
    permission="TRANSACTION",
    scope=SpaceScope(ChargeFlowLevel.space_id),
    operations=READ_ONLY,
    fields={
        "id": Column(ChargeFlowLevel.id),
        "linkedSpaceId": Column(ChargeFlowLevel.space_id),
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
    fields={
        "id": Column(TransactionClientPlatform.id),
        "spaceId": Column(TransactionClientPlatform.space_id),
        "transaction": Column(TransactionClientPlatform.transaction_id),
        "platformType": Column(TransactionClientPlatform.platform_type),
        "osVersion": Column(TransactionClientPlatform.os_version),
        "sdkVersion": Column(TransactionClientPlatform.sdk_version),
        "integrationType": Column(TransactionClientPlatform.integration_type),
        "version": Column(TransactionClientPlatform.version),
    },
))


def _level_link(ctx: RequestContext, level: ChargeFlowLevel) -> str:
    return f"{server_base(ctx)}/s/{level.space_id}/payment/charge-flow/{level.transaction_id}?level={level.id}"


async def _pending_level(ctx: RequestContext, transaction_id: int) -> ChargeFlowLevel | None:
    return await ctx.session.scalar(select(ChargeFlowLevel).where(
        ChargeFlowLevel.transaction_id == transaction_id, ChargeFlowLevel.state == "PENDING"))


@transactions.action("post_payment_transactions_id_charge_flow_apply")
async def apply_charge_flow(ctx: RequestContext) -> dict:
    transaction = await transactions.get_for(ctx, ctx.param("id"), "process", lock=True)
    if transaction.state not in ("PENDING", "CONFIRMED"):
        raise UnprocessableEntity(f"The transaction is {transaction.state}: a charge flow applies to pending or "
                                  "confirmed transactions", code="invalid_state_transition",
                                  errors={"state": transaction.state})
    flow = await ctx.session.scalar(select(ChargeFlow).where(
        ChargeFlow.space_id == transaction.space_id, ChargeFlow.state == "ACTIVE")
        .order_by(ChargeFlow.priority, ChargeFlow.id).limit(1))
    if flow is None:
        raise UnprocessableEntity("No active charge flow is defined in this space", code="no_charge_flow",
                                  errors={"chargeFlow": "none applies"})
    if transaction.state == "PENDING":
        confirm(ctx, transaction)
    level = ChargeFlowLevel(space_id=transaction.space_id, transaction_id=transaction.id, charge_flow_id=flow.id,
                            state="PENDING", timeout_on=utcnow() + LEVEL_TIMEOUT)
    ctx.session.add(level)
    await ctx.session.flush()
    enter(ctx.session, level, CHARGE_FLOW_LEVEL, "PENDING")
    return await transactions.render_one(ctx, transaction)


@transactions.action("post_payment_transactions_id_charge_flow_cancel")
async def cancel_charge_flow(ctx: RequestContext) -> dict:
    transaction = await transactions.get_for(ctx, ctx.param("id"), "process", lock=True)
    level = await _pending_level(ctx, transaction.id)
    if level is None:
        raise UnprocessableEntity("No charge flow is running for this transaction", code="no_charge_flow",
                                  errors={"chargeFlow": "none running"})
    transition(ctx.session, level, CHARGE_FLOW_LEVEL, "FAILED")
    transition(ctx.session, transaction, lifecycles.TRANSACTION, "FAILED", detail="charge flow canceled")
    return await transactions.render_one(ctx, transaction)


@transactions.action("post_payment_transactions_id_charge_flow_update_recipient")
async def update_recipient(ctx: RequestContext) -> None:
    if ctx.param("type") < 1:
        raise BadRequest("type must be a positive id", code="invalid_parameter", errors={"type": "not an id"})
    transaction = await transactions.get_for(ctx, ctx.param("id"), "update")
    if await _pending_level(ctx, transaction.id) is None:
        raise UnprocessableEntity("No charge flow is running for this transaction", code="no_charge_flow",
                                  errors={"chargeFlow": "none running"})


@levels.action("post_payment_charge_flows_levels_id_send_message")
async def send_message(ctx: RequestContext) -> None:
    level = await levels.get_for(ctx, ctx.param("id"), "update")
    if level.state != "PENDING":
        raise UnprocessableEntity(f"The charge flow level is {level.state}: nothing to send",
                                  code="invalid_state_transition", errors={"state": level.state})


@transactions.action("get_payment_transactions_id_terminal_receipts")
async def terminal_receipts(ctx: RequestContext) -> dict:
    """Receipts of terminal payments; none until payment terminals exist."""
    if ctx.param("width") < 1:
        raise BadRequest("width must be a positive number of characters or millimetres", code="invalid_parameter",
                         errors={"width": "must be at least 1"})
    await transactions.get_for(ctx, ctx.param("id"), "read")
    return {"data": [], "hasMore": False, "limit": 0}
