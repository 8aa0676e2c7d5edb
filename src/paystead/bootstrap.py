"""Creates a sandbox: an account, a space in it, an administrator role and an application user
holding it, with a fresh authentication key (shown once, never readable again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from paystead import clock
from paystead.db.models import Account, Role, RolePermission, Space, User, UserAccountRole
from paystead.db.unit_of_work import unit_of_work
from paystead.domains.accounts.service import SCOPE_ID, assign_path
from paystead.domains.payment_configuration.service import create_simulator_setup
from paystead.domains.reference.sync import sync_reference_data
from paystead.domains.transactions.charge_flow_setup import create_default_charge_flow
from paystead.domains.tenancy import account_path
from paystead.domains.users.keys import issue_key
from paystead.permissions.catalog import ROOT
from paystead.permissions.sync import sync_permissions
from paystead.security.key_vault import KeyVault


@dataclass(frozen=True)
class SandboxCredentials:
    account_id: int
    space_id: int
    application_user_id: int
    authentication_key: str

    def as_json(self) -> dict:
        return {"accountId": self.account_id, "spaceId": self.space_id,
                "applicationUserId": self.application_user_id, "authenticationKey": self.authentication_key}


async def prepare_reference_data(sessions: async_sessionmaker) -> None:
    async with unit_of_work(sessions, writes=True) as session:
        await sync_permissions(session)
        await sync_reference_data(session)


async def database_is_empty(sessions: async_sessionmaker) -> bool:
    async with unit_of_work(sessions, writes=False) as session:
        return not await session.scalar(select(func.count()).select_from(Account))


async def create_sandbox(sessions: async_sessionmaker, vault: KeyVault, *, name: str = "Sandbox",
                         clock_start: datetime | None = None) -> SandboxCredentials:
    """``clock_start``: the instant the space's clock reads as it is created (a space whose
    history starts in the past, see paystead.clock); by default the wall clock's now."""
    offset = clock_start - clock.wall_now() if clock_start is not None else clock.ZERO
    async with unit_of_work(sessions, writes=True) as session:
        account = Account(scope_id=SCOPE_ID, name=f"{name} account", type="REGULAR", state="ACTIVE", path="")
        session.add(account)
        await session.flush()
        await assign_path(session, account, account_path("/", account.id))
        role = Role(account_id=account.id, name={"en-US": "Administrator", "de-DE": "Administrator"}, state="ACTIVE")
        user = User(user_type="APPLICATION_USER", primary_account_id=account.id, state="ACTIVE",
                    name=f"{name} administrator")
        session.add_all([role, user])
        await session.flush()
        with clock.space_clock(offset):
            # The space and what it starts with are stamped on its own clock.
            space = Space(account_id=account.id, name=f"{name} space", state="ACTIVE", time_zone="Europe/Zurich",
                          primary_currency="CHF", clock_offset_us=clock.microseconds_of(offset))
            session.add(space)
            await session.flush()
            await create_simulator_setup(session, space.id)
            await create_default_charge_flow(session, space.id)
            await session.flush()
        session.add(RolePermission(role_id=role.id, permission_id=ROOT))
        session.add(UserAccountRole(user_id=user.id, account_id=account.id, role_id=role.id,
                                    applies_on_sub_account=True))
        _, key = await issue_key(session, vault, user.id)
        return SandboxCredentials(account.id, space.id, user.id, key)
