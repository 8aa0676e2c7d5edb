"""Running a charge flow on a transaction, level after level: a token level charges the
customer's token without the buyer; a payment link level hands the buyer a link (the
charge-flow payment page) and waits its period. A level that does not get the transaction
paid fails and the next one starts; after the last, the transaction fails.

The worker runs each level (``deferred``); whatever decides the transaction meanwhile (the buyer
on the link's page, a cancel, the transaction's time-out) closes the open level with it
(``processing.close_charge_flow``)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select

from paystead.db.base import utcnow
from paystead.db.models import ChargeFlow, ChargeFlowLevel, ChargeFlowLevelConfiguration, Token, Transaction
from paystead.domains.transactions import scheduling
from paystead.domains.transactions.charge_flow_setup import LEVEL_TYPES
from paystead.domains.transactions.processing import (
    chargeable_token,
    fail_attempt,
    fail_unauthorized,
    settle,
    start_token_charge,
    token_charge_answer,
)
from paystead.payments import lifecycles
from paystead.payments.failure_reasons import FAILURE_REASONS
from paystead.payments.processors.base import AuthorizationStatus
from paystead.payments.states import enter, transition
from paystead.domains.context import DomainContext

# A level period that cannot be read (set outside the API) waits as long as the default link level.
FALLBACK_PERIOD = timedelta(days=3)
_PERIOD = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def parse_period(text: str | None) -> timedelta:
    """An ISO 8601 duration of weeks, days, hours, minutes and seconds (P3D, PT12H, PT0S)."""
    found = _PERIOD.match(text or "")
    if found is None or text in ("P", "PT"):
        return FALLBACK_PERIOD
    weeks, days, hours, minutes, seconds = (float(part) if part else 0.0 for part in found.groups())
    return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)


async def applicable_flow(ctx: DomainContext,
                          transaction: Transaction) -> tuple[ChargeFlow, ChargeFlowLevelConfiguration] | None:
    """The active flow of the space that comes first by priority and has an active level, with
    that level. (Flow conditions cannot be defined through the API; none are evaluated.)"""
    flows = (await ctx.session.scalars(select(ChargeFlow).where(
        ChargeFlow.space_id == transaction.space_id, ChargeFlow.state == "ACTIVE")
        .order_by(ChargeFlow.priority, ChargeFlow.id))).all()
    for flow in flows:
        first = await ctx.session.scalar(_levels_of(flow.id, transaction.space_id).limit(1))
        if first is not None:
            return flow, first
    return None


def _levels_of(flow_id: int, space_id: int):
    return (select(ChargeFlowLevelConfiguration)
            .where(ChargeFlowLevelConfiguration.space_id == space_id, ChargeFlowLevelConfiguration.flow_id == flow_id,
                   ChargeFlowLevelConfiguration.state == "ACTIVE")
            .order_by(ChargeFlowLevelConfiguration.priority, ChargeFlowLevelConfiguration.id))


async def enter_level(ctx: DomainContext, transaction: Transaction, flow_id: int,
                      configuration: ChargeFlowLevelConfiguration, *, recipient: tuple[int | None, str | None] = (None, None),
                      due_on: datetime | None = None) -> ChargeFlowLevel:
    """A new open level, run by the worker at ``due_on`` (by default after the processing delay)."""
    level = ChargeFlowLevel(space_id=transaction.space_id, transaction_id=transaction.id, charge_flow_id=flow_id,
                            configuration_id=configuration.id, state="PENDING", recipient_type_id=recipient[0],
                            recipient=recipient[1])
    ctx.session.add(level)
    await ctx.session.flush()
    enter(ctx.session, level, lifecycles.CHARGE_FLOW_LEVEL, "PENDING")
    await scheduling.schedule(ctx, transaction, scheduling.RUN_LEVEL, level=level, due_on=due_on)
    return level


async def pending_level(ctx: DomainContext, transaction: Transaction) -> ChargeFlowLevel | None:
    return await ctx.session.scalar(select(ChargeFlowLevel).where(
        ChargeFlowLevel.space_id == transaction.space_id, ChargeFlowLevel.transaction_id == transaction.id,
        ChargeFlowLevel.state == "PENDING"))


async def run_level(ctx: DomainContext, transaction: Transaction, level: ChargeFlowLevel) -> datetime | None:
    """Runs an open level of a PROCESSING transaction; returns when to look at it again, if ever."""
    configuration = await ctx.session.get(ChargeFlowLevelConfiguration, level.configuration_id) \
        if level.configuration_id is not None else None
    level_type = LEVEL_TYPES.get(configuration.type_id) if configuration is not None else None
    if level_type is None or not level_type.sends_link:
        if await _charge_token(ctx, transaction, level):
            return None  # paid: the level closed with the authorization
        return await _give_up(ctx, transaction, level, configuration, "TOKEN_CHARGE_FAILED")
    now = utcnow()
    if level.timeout_on is None:
        # The link is the charge-flow payment page; the buyer pays there while the level waits.
        level.timeout_on = now + parse_period(configuration.period)
        if level.recipient is None:
            level.recipient_type_id, level.recipient = configuration.type_id, transaction.customer_email_address
        return level.timeout_on
    if level.timeout_on > now:
        return level.timeout_on
    return await _give_up(ctx, transaction, level, configuration, "TRANSACTION_TIMEOUT")


async def _charge_token(ctx: DomainContext, transaction: Transaction, level: ChargeFlowLevel) -> bool:
    """Charges the transaction's token, else the customer's newest chargeable one; True if paid."""
    token_id = await _token_to_charge(ctx, transaction)
    if token_id is None:
        return False
    charge, attempt, _ = await start_token_charge(ctx, transaction, token_id)
    await ctx.session.flush()
    level.token_charge_id = charge.id
    answer = await token_charge_answer(ctx, transaction, attempt)
    if answer.status in (AuthorizationStatus.DECLINED, AuthorizationStatus.CHALLENGE):
        # A declined token is this level's failure, not the transaction's: the next level follows.
        await fail_attempt(ctx, charge, attempt, answer.failure if answer.failure in FAILURE_REASONS
                           else "TOKEN_CHARGE_FAILED")
        return False
    transaction.token_id = transaction.token_id or token_id
    await settle(ctx, transaction, charge, attempt, answer)
    return True


async def _token_to_charge(ctx: DomainContext, transaction: Transaction) -> int | None:
    if transaction.token_id is not None:
        return transaction.token_id if await chargeable_token(ctx, transaction, transaction.token_id) else None
    if not transaction.customer_id:
        return None
    candidates = (await ctx.session.scalars(select(Token.id).where(
        Token.space_id == transaction.space_id, Token.customer_id == transaction.customer_id, Token.state == "ACTIVE")
        .order_by(Token.id.desc()).limit(20))).all()
    for token_id in candidates:
        if await chargeable_token(ctx, transaction, token_id) is not None:
            return token_id
    return None


async def _give_up(ctx: DomainContext, transaction: Transaction, level: ChargeFlowLevel,
                   configuration: ChargeFlowLevelConfiguration | None, failure: str) -> None:
    """The level failed: the next level of the flow starts at once, or, after the last, the
    transaction fails."""
    transition(ctx.session, level, lifecycles.CHARGE_FLOW_LEVEL, "FAILED")
    following = None
    if configuration is not None:
        following = await ctx.session.scalar(_levels_of(level.charge_flow_id, transaction.space_id).where(or_(
            ChargeFlowLevelConfiguration.priority > configuration.priority,
            and_(ChargeFlowLevelConfiguration.priority == configuration.priority,
                 ChargeFlowLevelConfiguration.id > configuration.id))).limit(1))
    if following is None:
        await fail_unauthorized(ctx, transaction, failure)
        return None
    await enter_level(ctx, transaction, level.charge_flow_id, following,
                      recipient=(level.recipient_type_id, level.recipient), due_on=utcnow())
    return None
