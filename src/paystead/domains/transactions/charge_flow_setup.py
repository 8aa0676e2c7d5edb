"""The charge flow every sandbox space starts with, and the level types Paystead knows.

A level either charges the customer's token without the buyer, or sends the buyer a payment link
and waits its period for payment. wallee names a level's channel by a
ChargeFlowLevelConfigurationType id; 1453447675844 is the one wallee's own SDK tests send an
email recipient for, so it is the email link here. The token level has no wallee id that a
client shows; it takes one from Paystead's own range (18000000002xx)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from paystead.db.models import ChargeFlow, ChargeFlowLevelConfiguration

TOKEN_CHARGE = 1800000000201
EMAIL_LINK = 1453447675844


@dataclass(frozen=True)
class LevelType:
    id: int
    name: str
    sends_link: bool


LEVEL_TYPES = {
    TOKEN_CHARGE: LevelType(TOKEN_CHARGE, "Token charge", sends_link=False),
    EMAIL_LINK: LevelType(EMAIL_LINK, "Email", sends_link=True),
}

DEFAULT_FLOW_NAME = "Default charge flow"
# (name, type, period as an ISO 8601 duration). The migration 0010 keeps a copy of these.
DEFAULT_LEVELS = (
    ("Charge the customer's token", TOKEN_CHARGE, "PT0S"),
    ("Payment link by email", EMAIL_LINK, "P3D"),
)


async def create_default_charge_flow(session: AsyncSession, space_id: int) -> ChargeFlow:
    flow = ChargeFlow(space_id=space_id, name=DEFAULT_FLOW_NAME, state="ACTIVE", priority=0)
    session.add(flow)
    await session.flush()
    session.add_all([ChargeFlowLevelConfiguration(space_id=space_id, flow_id=flow.id, name=name, type_id=type_id,
                                                  period=period, priority=priority, state="ACTIVE")
                     for priority, (name, type_id, period) in enumerate(DEFAULT_LEVELS)])
    await session.flush()
    return flow
