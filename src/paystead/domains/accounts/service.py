"""Accounts: a tree of accounts, each owning spaces, users and roles.

Creating an account gives its creator nothing it did not hold: no role is granted with it, and
only grants that already apply on sub-accounts reach it. Deactivating or deleting an account
must leave every other account administered (permissions/administration.py).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from paystead.db.models import Account, Space
from paystead.domains.tenancy import account_path
from paystead.errors import UnprocessableEntity
from paystead.payments.lifecycles import AccountState, CreationEntityState
from paystead.permissions.administration import keeping_administration
from paystead.domains.context import DomainContext
from paystead.resources.registry import ResourceService
from paystead.resources.versions import flush_versioned

SCOPE_ID = 1  # a self-hosted installation is one scope
PURGE_AFTER = timedelta(days=30)


class AccountService(ResourceService):
    handled = ("scope", "parentAccount")  # checked by the create

    async def create(self, ctx: DomainContext, data: dict) -> Account:
        if data["scope"] != SCOPE_ID:
            raise UnprocessableEntity(f"Unknown scope {data['scope']}; this installation has scope {SCOPE_ID}",
                                      errors={"scope": "unknown"})
        # Loaded (and the caller's permission on it checked) by the engine's create check.
        parent = await ctx.session.get_one(Account, data.get("parentAccount") or ctx.caller.primary_account_id)
        if parent.subaccount_limit is not None:
            children = await ctx.session.scalar(select(func.count()).select_from(Account).where(
                Account.parent_id == parent.id, Account.state.in_(AccountState.LIVE)))
            if children >= parent.subaccount_limit:
                raise UnprocessableEntity(
                    f"Account {parent.id} may have at most {parent.subaccount_limit} sub-accounts",
                    code="subaccount_limit_reached", errors={"parentAccount": "sub-account limit reached"})
        account = Account(parent_id=parent.id, scope_id=SCOPE_ID, name=data.get("name") or "New account",
                          type="SUBACCOUNT", state="ACTIVE", subaccount_limit=data.get("subaccountLimit"),
                          created_by=ctx.caller.user_id, path="")
        ctx.session.add(account)
        await ctx.session.flush()
        await assign_path(ctx.session, account, account_path(parent.path, account.id))
        return account

    async def delete(self, ctx: DomainContext, row: Account) -> None:
        _refuse_own_account(ctx, row, "delete")
        live_children = await ctx.session.scalar(select(func.count()).select_from(Account).where(
            Account.parent_id == row.id, Account.state.in_(AccountState.LIVE)))
        live_spaces = await ctx.session.scalar(select(func.count()).select_from(Space).where(
            Space.account_id == row.id, Space.state.in_(CreationEntityState.LIVE)))
        if live_children or live_spaces:
            # Refusing keeps data safe: a delete never takes spaces or sub-accounts with it silently.
            raise UnprocessableEntity(
                f"Account {row.id} still has {live_spaces} space(s) and {live_children} sub-account(s); delete them first",
                code="account_not_empty")
        async with keeping_administration(ctx):
            await super().delete(ctx, row)

    async def set_active(self, ctx: DomainContext, row: Account, active: bool) -> None:
        if not active:
            _refuse_own_account(ctx, row, "deactivate")
        async with keeping_administration(ctx):
            row.state = "ACTIVE" if active else "INACTIVE"
            await flush_versioned(ctx, row)


def _refuse_own_account(ctx: DomainContext, row: Account, verb: str) -> None:
    if row.id == ctx.caller.primary_account_id:
        raise UnprocessableEntity(f"An application user cannot {verb} its own primary account",
                                  code="own_account", errors={"id": str(row.id)})


async def assign_path(session, account: Account, path: str) -> None:
    """Sets the materialised path once the id is known, without counting as a new version."""
    await session.execute(update(Account).where(Account.id == account.id).values(path=path)
                          .execution_options(synchronize_session=False))
    set_committed_value(account, "path", path)
