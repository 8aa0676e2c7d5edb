"""No escalation: whatever a call gives, the caller must hold itself, where it is given.

Every operation that can give power describes what its result gives as ``Power``s: permissions
on one account (and, with ``sub_accounts``, on every account below it, now and later) or in one
space. A key of another user gives that user's grants, a role's new permissions are given
wherever the role is granted, a grant gives its role's permissions where it is granted. The
caller must hold each of those permissions there (a group counts only when held as that group,
or through an ancestor: holding today's leaves is not holding what the group may gain); if not,
the call is refused (403 ``permission_escalation``) naming the missing permissions, and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from paystead.auth.caller import Caller
from paystead.db.models import Account, Role, RolePermission, Space, UserAccountRole, UserSpaceRole
from paystead.errors import Forbidden
from paystead.permissions.catalog import ancestors_and_self


@dataclass(frozen=True)
class Power:
    """Permissions given on an account (and its sub-accounts) or in one space of that account."""

    permissions: frozenset[int]
    account_id: int
    account_path: str
    sub_accounts: bool = False
    space_id: int | None = None

    def describe(self) -> str:
        if self.space_id is not None:
            return f"space {self.space_id}"
        return f"account {self.account_id}" + (" and its sub-accounts" if self.sub_accounts else "")


def holds(caller: Caller, permission: int, power: Power) -> bool:
    """Whether ``caller`` holds ``permission`` everywhere ``power`` gives it."""
    if not caller.may(permission, account_id=power.account_id, account_path=power.account_path,
                      space_id=power.space_id):
        return False
    if not power.sub_accounts:
        return True
    # Below the account, today and later: only a grant on it or an ancestor applying on sub-accounts.
    wanted = ancestors_and_self(permission)
    return any(grant.applies_on_sub_accounts and grant.permissions & wanted
               and power.account_path.startswith(grant.account_path) for grant in caller.account_grants)


def missing(caller: Caller, powers: Iterable[Power]) -> dict[str, list[int]]:
    """Per scope (as described), the permissions given there that the caller lacks."""
    lacking: dict[str, list[int]] = {}
    for power in powers:
        absent = sorted(p for p in power.permissions if not holds(caller, p, power))
        if absent:
            scope = power.describe()
            lacking[scope] = sorted({*lacking.get(scope, []), *absent})
    return lacking


def require_no_escalation(caller: Caller, powers: Iterable[Power], what: str) -> None:
    """403 ``permission_escalation`` unless the caller holds every permission ``powers`` give."""
    lacking = missing(caller, powers)
    if lacking:
        listed = "; ".join(f"{', '.join(map(str, ids))} on {scope}" for scope, ids in lacking.items())
        raise Forbidden(f"{what} would give permissions the caller does not hold itself: {listed}",
                        code="permission_escalation",
                        errors={"permissions": ", ".join(map(str, sorted({p for ids in lacking.values() for p in ids})))})


def account_grant_permissions(leading_column):
    """Account grants, one row per permission of the granted role: ``leading_column``, the
    account's path, whether the grant applies on sub-accounts, the permission id."""
    return (select(leading_column, Account.path, UserAccountRole.applies_on_sub_account, RolePermission.permission_id)
            .join(Account, Account.id == UserAccountRole.account_id)
            .join(Role, Role.id == UserAccountRole.role_id)
            .join(RolePermission, RolePermission.role_id == Role.id))


async def powers_of_user(session, user_id: int) -> list[Power]:
    """Everything ``user_id`` holds through its grants on live accounts and spaces (active roles)."""
    account_rows = (await session.execute(account_grant_permissions(UserAccountRole.account_id).where(
        UserAccountRole.user_id == user_id, Role.state == "ACTIVE", Account.state != "DELETED"))).all()
    space_rows = (await session.execute(
        select(UserSpaceRole.space_id, Space.account_id, Account.path, RolePermission.permission_id)
        .join(Space, Space.id == UserSpaceRole.space_id)
        .join(Account, Account.id == Space.account_id)
        .join(Role, Role.id == UserSpaceRole.role_id)
        .join(RolePermission, RolePermission.role_id == Role.id)
        .where(UserSpaceRole.user_id == user_id, Role.state == "ACTIVE", Space.state != "DELETED"))).all()
    grouped: dict[tuple, set[int]] = {}
    for account_id, path, sub, permission in account_rows:
        grouped.setdefault((account_id, path, bool(sub), None), set()).add(permission)
    for space_id, account_id, path, permission in space_rows:
        grouped.setdefault((account_id, path, False, space_id), set()).add(permission)
    return [Power(frozenset(perms), account_id, path, sub, space_id)
            for (account_id, path, sub, space_id), perms in grouped.items()]


async def powers_of_role_grants(session, role_id: int, permissions: Iterable[int]) -> list[Power]:
    """``permissions`` as given by every grant of role ``role_id``, on accounts and in spaces."""
    given = frozenset(permissions)
    if not given:
        return []
    account_grants = (await session.execute(
        select(UserAccountRole.account_id, Account.path, UserAccountRole.applies_on_sub_account)
        .join(Account, Account.id == UserAccountRole.account_id)
        .where(UserAccountRole.role_id == role_id, Account.state != "DELETED").distinct())).all()
    space_grants = (await session.execute(
        select(UserSpaceRole.space_id, Space.account_id, Account.path)
        .join(Space, Space.id == UserSpaceRole.space_id)
        .join(Account, Account.id == Space.account_id)
        .where(UserSpaceRole.role_id == role_id, Space.state != "DELETED").distinct())).all()
    return ([Power(given, account_id, path, bool(sub)) for account_id, path, sub in account_grants]
            + [Power(given, account_id, path, False, space_id) for space_id, account_id, path in space_grants])
