"""Spaces: where an account's payment data lives, each with its own settings."""

from __future__ import annotations

import re
from datetime import timedelta

from paystead.db.models import Space
from paystead.domains.payment_configuration.service import create_simulator_setup
from paystead.domains.transactions.charge_flow_setup import create_default_charge_flow
from paystead.domains.tenancy import require_time_zone
from paystead.errors import UnprocessableEntity
from paystead.payments.money import require_currency
from paystead.domains.context import DomainContext
from paystead.resources.registry import ResourceService
from paystead.settings import Mode

PURGE_AFTER = timedelta(days=30)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_WRITABLE_STATES = ("ACTIVE", "INACTIVE")


def _check(data: dict) -> None:
    """422 unless the space settings in a create or update body are acceptable."""
    if "timeZone" in data:
        require_time_zone(data["timeZone"])
    if "primaryCurrency" in data:
        require_currency(data["primaryCurrency"], "primaryCurrency")
    if "requestLimit" in data and data["requestLimit"] < 1:
        raise UnprocessableEntity("requestLimit must be positive", errors={"requestLimit": "must be positive"})
    if "technicalContactAddresses" in data:
        bad = [address for address in data["technicalContactAddresses"] if not _EMAIL.fullmatch(address)]
        if bad:
            raise UnprocessableEntity("technicalContactAddresses must be email addresses",
                                      errors={"technicalContactAddresses": ", ".join(bad)[:200]})
    if "state" in data and data["state"] not in _WRITABLE_STATES:
        raise UnprocessableEntity(f"A space's state can be set to {' or '.join(_WRITABLE_STATES)}",
                                  errors={"state": data["state"]})


class SpaceService(ResourceService):
    # The account is checked by the create and the postal address stored as given; the
    # database is wallee's own choice (ignored).
    handled = ("account", "postalAddress", "database")

    async def create(self, ctx: DomainContext, data: dict) -> Space:
        _check(data)
        space = Space(account_id=data["account"], created_by=ctx.caller.user_id, name="New space", state="ACTIVE",
                      time_zone="UTC")
        self._write(space, "SpaceCreate", data)
        ctx.session.add(space)
        return space

    def _write(self, space: Space, request_model: str, data: dict) -> None:
        self.write(space, request_model, data)
        if "postalAddress" in data:
            space.postal_address = data["postalAddress"]

    async def after_create(self, ctx: DomainContext, row: Space) -> None:
        # In sandbox mode every new space can take payments at once, with the simulator, and
        # apply a charge flow.
        if ctx.settings.mode is Mode.SANDBOX:
            await create_simulator_setup(ctx.session, row.id)
            await create_default_charge_flow(ctx.session, row.id)

    async def update(self, ctx: DomainContext, row: Space, data: dict) -> None:
        _check(data)
        self._write(row, "SpaceUpdate", data)
