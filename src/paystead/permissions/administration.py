"""The last administration of an account cannot be removed.

An account is administered when at least one user can still do everything on it: an ACTIVE
application user (only they call the API) of an active primary account, with at least one
ACTIVE key, holding every permission there is (the root, or every top-level group) on that
account through active roles granted on it, or on an ancestor with "applies on sub-accounts".
Since a caller can only grant what it holds, nobody else could ever restore such an account.
The same holds one level deeper: when someone holds everything on an account *and its
sub-accounts* (now and later), the last such grant cannot be narrowed or removed either, or the
account's future sub-accounts could never be administered.

Operations that can take administration away (removing or narrowing a grant, changing or
deleting a role, deactivating or deleting a user, revoking a key, deactivating or deleting an
account) run inside ``keeping_administration``: the accounts of the caller's tenant that were
administered before and are still live afterwards must still be administered, or the call is
refused with 409 ``last_administration`` naming them, and changes nothing. The tenant's root
account row is locked first, so two such calls on one tree cannot each rely on the other's
administrator.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import asynccontextmanager

from sqlalchemy import exists, select

from paystead.db.models import Account, ApplicationUserKey, Role, RolePermission, User, UserAccountRole
from paystead.errors import Conflict
from paystead.payments.lifecycles import AccountState
from paystead.permissions.catalog import DEFINITIONS, ROOT
from paystead.permissions.escalation import account_grant_permissions
from paystead.domains.context import DomainContext

TOP_GROUPS = frozenset(d.id for d in DEFINITIONS if d.parent == ROOT)


def _holds_everything(permissions: set[int]) -> bool:
    return ROOT in permissions or TOP_GROUPS <= permissions


def _ancestor_paths(path: str) -> list[str]:
    """'/1/5/' -> ['/1/', '/1/5/']."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[:length]) + "/" for length in range(1, len(parts) + 1)]


async def _administration(session, tenant_path: str) -> tuple[set[int], set[int], set[int]]:
    """(live accounts of the tenant, those that are administered, those administered with their
    sub-accounts)."""
    accounts = (await session.execute(select(Account.id, Account.path).where(
        Account.path.startswith(tenant_path, autoescape=True), Account.state != "DELETED"))).all()
    primary = Account.__table__.alias("primary_account")
    has_active_key = exists().where(ApplicationUserKey.user_id == User.id, ApplicationUserKey.state == "ACTIVE")
    rows = (await session.execute(
        account_grant_permissions(UserAccountRole.user_id)
        .join(User, User.id == UserAccountRole.user_id)
        .join(primary, primary.c.id == User.primary_account_id)
        .where(Role.state == "ACTIVE", Account.state.in_(AccountState.ACTIVE_OR_RESTRICTED),
               (Account.path.startswith(tenant_path, autoescape=True) | Account.path.in_(_ancestor_paths(tenant_path))),
               RolePermission.permission_id.in_([ROOT, *TOP_GROUPS]),
               User.user_type == "APPLICATION_USER", User.state == "ACTIVE",
               primary.c.state.in_(AccountState.ACTIVE_OR_RESTRICTED), has_active_key))).all()
    grants: dict[tuple[int, str, bool], set[int]] = defaultdict(set)
    for user_id, path, sub, permission in rows:
        grants[(user_id, path, bool(sub))].add(permission)
    by_user: dict[int, list[tuple[str, bool, set[int]]]] = defaultdict(list)
    for (user_id, path, sub), permissions in grants.items():
        by_user[user_id].append((path, sub, permissions))

    administered, with_sub_accounts = set(), set()
    for account_id, account_path in accounts:
        for user_grants in by_user.values():
            held: set[int] = set()
            held_below: set[int] = set()
            for path, sub, permissions in user_grants:
                if sub and account_path.startswith(path):
                    held |= permissions
                    held_below |= permissions
                elif path == account_path:
                    held |= permissions
            if _holds_everything(held):
                administered.add(account_id)
            if _holds_everything(held_below):
                with_sub_accounts.add(account_id)
                break
    return {account_id for account_id, _ in accounts}, administered, with_sub_accounts


async def _lock_tree(ctx: DomainContext) -> None:
    root_id = int(_ancestor_paths(ctx.caller.tenant_path)[0].strip("/"))
    await ctx.session.execute(select(Account.id).where(Account.id == root_id).with_for_update())


@asynccontextmanager
async def keeping_administration(ctx: DomainContext):
    """Runs the body; 409 if an account of the caller's tenant lost its last administration."""
    await _lock_tree(ctx)
    _, before, before_below = await _administration(ctx.session, ctx.caller.tenant_path)
    yield
    await ctx.session.flush()
    live, after, after_below = await _administration(ctx.session, ctx.caller.tenant_path)
    lost = sorted((before & live) - after)
    lost_below = sorted((before_below & live) - after_below - set(lost))
    if lost or lost_below:
        named = [*(f"account {a}" for a in lost), *(f"the sub-accounts of account {a}" for a in lost_below)]
        raise Conflict(
            f"This would leave {', '.join(named)} without administration: no active application user with an "
            "active key would hold every permission there any more, and nobody could restore it. Grant an "
            "administrator role to another user first.",
            code="last_administration", errors={"accounts": ", ".join(map(str, sorted({*lost, *lost_below})))})
