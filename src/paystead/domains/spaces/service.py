"""Spaces: where an account's payment data lives, each with its own settings."""

from __future__ import annotations

import re
from datetime import timedelta

from paystead.db.base import utcnow
from paystead.db.models import Space
from paystead.domains.payment_configuration.service import create_simulator_setup
from paystead.domains.transactions.charge_flow_setup import create_default_charge_flow
from paystead.domains.tenancy import require_account, require_time_zone
from paystead.errors import UnprocessableEntity
from paystead.payments.money import require_currency
from paystead.resources.context import RequestContext
from paystead.resources.registry import ResourceService
from paystead.resources.versions import flush_versioned
from paystead.settings import Mode

PURGE_AFTER = timedelta(days=30)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_WRITABLE_STATES = ("ACTIVE", "INACTIVE")


def _checked(data: dict) -> dict:
    """Space settings from a create or update body, checked; keys are column names."""
    values: dict = {}
    if "name" in data:
        values["name"] = data["name"]
    if "timeZone" in data:
        require_time_zone(data["timeZone"])
        values["time_zone"] = data["timeZone"]
    if "primaryCurrency" in data:
        values["primary_currency"] = require_currency(data["primaryCurrency"], "primaryCurrency")
    if "requestLimit" in data:
        if data["requestLimit"] < 1:
            raise UnprocessableEntity("requestLimit must be positive", errors={"requestLimit": "must be positive"})
        values["request_limit"] = data["requestLimit"]
    if "technicalContactAddresses" in data:
        bad = [address for address in data["technicalContactAddresses"] if not _EMAIL.fullmatch(address)]
        if bad:
            raise UnprocessableEntity("technicalContactAddresses must be email addresses",
                                      errors={"technicalContactAddresses": ", ".join(bad)[:200]})
        values["technical_contact_addresses"] = data["technicalContactAddresses"]
    if "postalAddress" in data:
        values["postal_address"] = data["postalAddress"]
    if "state" in data:
        if data["state"] not in _WRITABLE_STATES:
            raise UnprocessableEntity(f"A space's state can be set to {' or '.join(_WRITABLE_STATES)}",
                                      errors={"state": data["state"]})
        values["state"] = data["state"]
    return values


class SpaceService(ResourceService):
    async def create(self, ctx: RequestContext, data: dict) -> Space:
        account = await require_account(ctx, data["account"], "SPACE_CREATE")
        values = {"name": "New space", "state": "ACTIVE", "time_zone": "UTC", **_checked(data)}
        space = Space(account_id=account.id, created_by=ctx.caller.user_id, **values)
        ctx.session.add(space)
        return space

    async def after_create(self, ctx: RequestContext, row: Space) -> None:
        # In sandbox mode every new space can take payments at once, with the simulator, and
        # apply a charge flow.
        if ctx.settings.mode is Mode.SANDBOX:
            await create_simulator_setup(ctx.session, row.id)
            await create_default_charge_flow(ctx.session, row.id)

    async def update(self, ctx: RequestContext, row: Space, data: dict) -> None:
        for key, value in _checked(data).items():
            setattr(row, key, value)

    async def delete(self, ctx: RequestContext, row: Space) -> None:
        now = utcnow()
        row.state, row.deleted_on, row.deleted_by = "DELETED", now, ctx.caller.user_id
        row.planned_purge_date = now + PURGE_AFTER
        await flush_versioned(ctx, row)
