"""Users of the three kinds: application users (API clients), human users and single sign-on users.

A new user holds no role (roles are granted through the role assignments, which refuse
escalation), and no call changes a user's primary account. Deactivating or deleting a user must
leave every account administered (permissions/administration.py).
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from paystead.db.models import Account, User
from paystead.domains.tenancy import require_time_zone
from paystead.domains.users.keys import issue_key, revoke_all
from paystead.errors import Conflict, UnprocessableEntity
from paystead.permissions.administration import keeping_administration
from paystead.domains.context import DomainContext
from paystead.resources.registry import ResourceService
from paystead.resources.writes import writable_values

PURGE_AFTER = timedelta(days=30)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_USER_STATES = ("CREATE", "ACTIVE", "INACTIVE")


def _values(service: ResourceService, action: str, data: dict) -> dict:
    """The plain columns a create or update body sets, checked."""
    values = writable_values(service.resource_name, service.resource.request_model(action), data,
                             handled=service.handled)
    if "state" in values and values["state"] not in _USER_STATES:
        raise UnprocessableEntity(f"A user's state can be set to {', '.join(_USER_STATES)}",
                                  errors={"state": values["state"]})
    if values.get("time_zone"):
        require_time_zone(values["time_zone"])
    if "request_limit" in values and values["request_limit"] is not None and values["request_limit"] < 1:
        raise UnprocessableEntity("requestLimit must be positive", errors={"requestLimit": "must be positive"})
    return values


class UserService(ResourceService):
    handled = ("primaryAccount", "provider")  # set by the create

    def __init__(self, user_type: str) -> None:
        self.user_type = user_type

    async def create(self, ctx: DomainContext, data: dict) -> User:
        account_id = data.get("primaryAccount") or ctx.caller.primary_account_id
        values = {"state": "ACTIVE", **_values(self, "create", data)}
        await self._check_unique_email(ctx, values.get("email_address"))
        user = User(user_type=self.user_type, primary_account_id=account_id, created_by=ctx.caller.user_id,
                    provider_id=data.get("provider"), **values)
        ctx.session.add(user)
        await ctx.session.flush()
        return user

    async def update(self, ctx: DomainContext, row: User, data: dict) -> None:
        values = _values(self, "update", data)
        if row.id == ctx.caller.user_id and values.get("state", "ACTIVE") != "ACTIVE":
            raise UnprocessableEntity("An application user cannot deactivate itself", code="own_user")
        if values.get("email_address") and values["email_address"] != row.email_address:
            await self._check_unique_email(ctx, values["email_address"])
        if values.get("state", row.state) != row.state:
            async with keeping_administration(ctx):
                row.state = values.pop("state")
        for key, value in values.items():
            setattr(row, key, value)

    async def delete(self, ctx: DomainContext, row: User) -> None:
        if row.id == ctx.caller.user_id:
            raise UnprocessableEntity("An application user cannot delete itself", code="own_user")
        async with keeping_administration(ctx):
            await super().delete(ctx, row)
            await revoke_all(ctx.session, row.id)

    async def _check_unique_email(self, ctx: DomainContext, email: str | None) -> None:
        if not email or self.user_type != "HUMAN_USER":
            return
        if not _EMAIL.fullmatch(email):
            raise UnprocessableEntity(f"{email!r} is not an email address", errors={"emailAddress": "not an email address"})
        # Unique within the caller's tenant: a 409 must not tell whether another tenant uses the address.
        taken = await ctx.session.scalar(select(func.count()).select_from(User)
                                         .join(Account, Account.id == User.primary_account_id).where(
            func.lower(User.email_address) == email.lower(), User.user_type == "HUMAN_USER", User.state != "DELETED",
            Account.path.startswith(ctx.caller.tenant_path, autoescape=True)))
        if taken:
            raise Conflict(f"A human user with the email address {email} exists already", code="duplicate",
                           errors={"emailAddress": "taken"})


class ApplicationUserService(UserService):
    def __init__(self) -> None:
        super().__init__("APPLICATION_USER")

    async def create(self, ctx: DomainContext, data: dict) -> User:
        user = await super().create(ctx, data)
        _, user.issued_key = await issue_key(ctx.session, ctx.state.vault, user.id)
        return user
