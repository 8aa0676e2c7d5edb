"""Granting roles to users on an account (``Account`` header) or in a space (``Space`` header),
for each kind of user: /application-users, /human-users and /single-sign-on-users.

A grant gives its role's permissions where it is granted (with "applies on sub-accounts", on
every account below too): the caller must hold them there (permissions/escalation.py). Removing
or narrowing a grant must leave every account administered (permissions/administration.py).
"""

from __future__ import annotations

from functools import partial

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError

from paystead.db.models import Account, Role, UserAccountRole, UserSpaceRole
from paystead.domains.roles.service import role_permission_ids
from paystead.domains.tenancy import require_account, require_space
from paystead.errors import NotFound, UnprocessableEntity
from paystead.permissions.administration import keeping_administration
from paystead.permissions.escalation import Power, require_no_escalation
from paystead.resources.context import RequestContext
from paystead.resources.paging import page
from paystead.resources.registry import Resource

MAX_GRANTS_LISTED = 100


def _account_role(grant: UserAccountRole) -> dict:
    return {"id": grant.id, "user": grant.user_id, "account": grant.account_id, "role": grant.role_id,
            "appliesOnSubAccount": grant.applies_on_sub_account, "version": grant.version}


def _space_role(grant: UserSpaceRole) -> dict:
    return {"id": grant.id, "user": grant.user_id, "space": grant.space_id, "role": grant.role_id,
            "version": grant.version}


async def _assignable_role(ctx: RequestContext, role_id: int, target: Account) -> Role:
    """A live role of the target account or one of its ancestors (where it can be granted)."""
    # Locked: a concurrent change of the role's permissions waits, so the escalation check below
    # and that change's check (over the role's grants) each see the other's result.
    found = (await ctx.session.execute(select(Role, Account.path).join(Account, Account.id == Role.account_id)
                                       .where(Role.id == role_id, Role.state == "ACTIVE")
                                       .with_for_update(of=Role))).first()
    if found is None or not ctx.caller.in_tenant(found[1]):
        raise NotFound(f"Role {role_id} was not found", errors={"roleId": str(role_id)})
    role, role_account_path = found
    if not target.path.startswith(role_account_path):
        raise UnprocessableEntity(f"Role {role_id} belongs to account {role.account_id} and cannot be granted "
                                  f"in account {target.id}", code="role_not_assignable", errors={"roleId": str(role_id)})
    return role


async def _check_escalation(ctx: RequestContext, role: Role, target: Account, *, sub_accounts: bool = False,
                            space_id: int | None = None) -> None:
    permissions = (await role_permission_ids(ctx.session, [role.id])).get(role.id, [])
    require_no_escalation(ctx.caller, [Power(frozenset(permissions), target.id, target.path, sub_accounts, space_id)],
                          f"Granting role {role.id}")


def register_role_assignments(users: Resource, prefix: str) -> None:
    """Adds the six role operations of one kind of user (``prefix`` like 'application_users')."""
    users.action(f"get_{prefix}_user_id_account_roles")(partial(list_account_roles, users))
    users.action(f"post_{prefix}_user_id_account_roles")(partial(add_account_role, users))
    users.action(f"delete_{prefix}_user_id_account_roles")(partial(remove_account_role, users))
    users.action(f"get_{prefix}_user_id_space_roles")(partial(list_space_roles, users))
    users.action(f"post_{prefix}_user_id_space_roles")(partial(add_space_role, users))
    users.action(f"delete_{prefix}_user_id_space_roles")(partial(remove_space_role, users))


async def _target_user(users: Resource, ctx: RequestContext):
    return await users.get_for(ctx, ctx.param("userId"), "read")


async def _grants_page(ctx: RequestContext, grant_model, condition, render) -> dict:
    """The first MAX_GRANTS_LISTED grants matching ``condition``, as a list operation's page."""
    grants = (await ctx.session.scalars(select(grant_model).where(condition)
                                        .order_by(grant_model.id).limit(MAX_GRANTS_LISTED + 1))).all()
    return page([render(g) for g in grants[:MAX_GRANTS_LISTED]], MAX_GRANTS_LISTED,
                has_more=len(grants) > MAX_GRANTS_LISTED)


async def _require_within_primary_account(ctx: RequestContext, user, account) -> None:
    if not account.path.startswith(await _user_tenant(ctx, user)):
        raise UnprocessableEntity("A user can only be granted roles within its primary account",
                                  code="role_not_assignable")


async def list_account_roles(users: Resource, ctx: RequestContext) -> dict:
    user = await _target_user(users, ctx)
    await require_account(ctx, ctx.account.id, "USER_ROLE_READ")
    return await _grants_page(ctx, UserAccountRole, and_(UserAccountRole.user_id == user.id,
                                                         UserAccountRole.account_id == ctx.account.id), _account_role)


async def add_account_role(users: Resource, ctx: RequestContext) -> dict:
    user = await _target_user(users, ctx)
    account = await require_account(ctx, ctx.account.id, "USER_ROLE_ASSIGN")
    await _require_within_primary_account(ctx, user, account)
    role = await _assignable_role(ctx, ctx.param("roleId"), account)
    applies = ctx.param("appliesOnSubAccount", False)
    await _check_escalation(ctx, role, account, sub_accounts=applies)
    existing = select(UserAccountRole).where(
        UserAccountRole.user_id == user.id, UserAccountRole.account_id == account.id,
        UserAccountRole.role_id == role.id)
    grant = await _insert_once(ctx, existing, UserAccountRole(
        user_id=user.id, account_id=account.id, role_id=role.id, applies_on_sub_account=applies))
    if grant.applies_on_sub_account != applies:
        # Narrowing an existing grant to its account alone may take the sub-accounts' administration.
        async with keeping_administration(ctx):
            grant.applies_on_sub_account = applies
    return _account_role(grant)


async def remove_account_role(users: Resource, ctx: RequestContext) -> None:
    user = await _target_user(users, ctx)
    await require_account(ctx, ctx.account.id, "USER_ROLE_ASSIGN")
    grant = await ctx.session.scalar(select(UserAccountRole).where(
        UserAccountRole.user_id == user.id, UserAccountRole.account_id == ctx.account.id,
        UserAccountRole.role_id == ctx.param("roleId")))
    if grant is None:
        raise NotFound(f"User {user.id} has no role {ctx.param('roleId')} on account {ctx.account.id}")
    async with keeping_administration(ctx):
        await ctx.session.delete(grant)


async def list_space_roles(users: Resource, ctx: RequestContext) -> dict:
    user = await _target_user(users, ctx)
    await _require_space_permission(ctx, "USER_ROLE_READ")
    return await _grants_page(ctx, UserSpaceRole, and_(UserSpaceRole.user_id == user.id,
                                                       UserSpaceRole.space_id == ctx.space.id), _space_role)


async def add_space_role(users: Resource, ctx: RequestContext) -> dict:
    user = await _target_user(users, ctx)
    account = await _require_space_permission(ctx, "USER_ROLE_ASSIGN")
    await _require_within_primary_account(ctx, user, account)
    role = await _assignable_role(ctx, ctx.param("roleId"), account)
    await _check_escalation(ctx, role, account, space_id=ctx.space.id)
    existing = select(UserSpaceRole).where(
        UserSpaceRole.user_id == user.id, UserSpaceRole.space_id == ctx.space.id, UserSpaceRole.role_id == role.id)
    grant = await _insert_once(ctx, existing, UserSpaceRole(user_id=user.id, space_id=ctx.space.id, role_id=role.id))
    return _space_role(grant)


async def remove_space_role(users: Resource, ctx: RequestContext) -> None:
    user = await _target_user(users, ctx)
    await _require_space_permission(ctx, "USER_ROLE_ASSIGN")
    grant = await ctx.session.scalar(select(UserSpaceRole).where(
        UserSpaceRole.user_id == user.id, UserSpaceRole.space_id == ctx.space.id,
        UserSpaceRole.role_id == ctx.param("roleId")))
    if grant is None:
        raise NotFound(f"User {user.id} has no role {ctx.param('roleId')} in space {ctx.space.id}")
    await ctx.session.delete(grant)
    await ctx.session.flush()


async def _insert_once(ctx: RequestContext, existing, row):
    """The existing grant, or ``row`` inserted: granting twice, even at the same moment, gives one grant."""
    found = await ctx.session.scalar(existing)
    if found is not None:
        return found
    try:
        async with ctx.session.begin_nested():
            ctx.session.add(row)
    except IntegrityError:
        # A concurrent request inserted the same grant first (the unique constraint decided).
        return await ctx.session.scalar(existing)
    return row


async def _require_space_permission(ctx: RequestContext, permission: str) -> Account:
    await require_space(ctx, ctx.space.id, permission)
    return await ctx.session.get(Account, ctx.space.account_id)


async def _user_tenant(ctx: RequestContext, user) -> str:
    return await ctx.session.scalar(select(Account.path).where(Account.id == user.primary_account_id))
