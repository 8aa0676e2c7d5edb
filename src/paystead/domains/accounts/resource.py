"""The accounts resource: /accounts, with activate and deactivate."""

from __future__ import annotations

from sqlalchemy import case, null

from paystead.db.models import Account
from paystead.domains.accounts.service import PURGE_AFTER, AccountService
from paystead.query import FieldType, SearchField
from paystead.resources.context import RequestContext
from paystead.resources.fields import Computed, Link
from paystead.resources.registry import Resource, registry
from paystead.resources.scopes import AccountScope


def _parent_outside_tenant(row: Account, ctx: RequestContext) -> bool:
    # The caller's own primary account has its parent outside the tenant: never show that id.
    return row.id == ctx.caller.primary_account_id


def _caller_search_fields(ctx: RequestContext, account) -> dict[str, SearchField]:
    # Filtering or sorting by parentAccount must not reveal that hidden parent either.
    parent = case((account.id == ctx.caller.primary_account_id, null()), else_=account.parent_id)
    field = SearchField(column=parent, type=FieldType.INTEGER)
    return {"parentAccount": field, "parentAccount.id": field}


def _is_active(row: Account, ctx) -> bool:
    return row.state == "ACTIVE"


service = AccountService()
accounts = registry.add(Resource(
    name="Account",
    model=Account,
    sdk_name="accounts",
    permission="ACCOUNT",
    scope=AccountScope(Account.id, created_under="parentAccount"),
    soft_delete=True,
    purge_after=PURGE_AFTER,
    caller_search_fields=_caller_search_fields,
    service=service,
    overrides={
        "parentAccount": Link(Account.parent_id, "Account", hide=_parent_outside_tenant),
        "scope": Computed(lambda row, ctx: {"id": row.scope_id}),
        "active": Computed(_is_active),
        "activeOrRestrictedActive": Computed(lambda row, ctx: row.state in ("ACTIVE", "RESTRICTED_ACTIVE")),
        "restrictedActive": Computed(lambda row, ctx: row.state == "RESTRICTED_ACTIVE"),
    },
))


@accounts.action("post_accounts_id_activate")
async def activate(ctx: RequestContext) -> None:
    row = await accounts.get_for(ctx, ctx.param("id"), "activation")
    await service.set_active(ctx, row, True)


@accounts.action("post_accounts_id_deactivate")
async def deactivate(ctx: RequestContext) -> None:
    row = await accounts.get_for(ctx, ctx.param("id"), "activation")
    await service.set_active(ctx, row, False)
