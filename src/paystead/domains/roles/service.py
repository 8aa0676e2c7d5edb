"""Roles bundle permissions; a role belongs to an account and is granted within it.

A caller can only put into a role permissions it holds itself, on the role's account and
wherever the role is already granted (permissions/escalation.py): holding ``ROLE_CREATE`` must
not be a way to obtain every other permission. Changing or deleting a role must leave every
account administered (permissions/administration.py).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select
from sqlalchemy.orm.attributes import flag_modified

from paystead.db.models import Account, Permission, Role, RolePermission, UserAccountRole, UserSpaceRole
from paystead.errors import UnprocessableEntity
from paystead.permissions.administration import keeping_administration
from paystead.permissions.escalation import Power, powers_of_role_grants, require_no_escalation
from paystead.domains.context import DomainContext
from paystead.resources.registry import ResourceService


async def role_permission_ids(session, role_ids: list[int]) -> dict[int, list[int]]:
    rows = (await session.execute(select(RolePermission.role_id, RolePermission.permission_id)
                                  .where(RolePermission.role_id.in_(role_ids))
                                  .order_by(RolePermission.permission_id))).all()
    found: dict[int, list[int]] = defaultdict(list)
    for role_id, permission in rows:
        found[role_id].append(permission)
    return found


async def _permission_ids(ctx: DomainContext, items: list[dict]) -> list[int]:
    ids = []
    for index, item in enumerate(items):
        if not isinstance(item.get("id"), int):
            # The SDK drops read-only fields such as Permission.id; say so rather than lose the grant.
            raise UnprocessableEntity(
                f"permissions[{index}] must name a permission by its id, e.g. {{\"id\": 100}}",
                code="permission_id_required", errors={f"permissions[{index}].id": "required"})
        ids.append(item["id"])
    ids = sorted(set(ids))
    known = set((await ctx.session.scalars(select(Permission.id).where(Permission.id.in_(ids)))).all())
    unknown = [pid for pid in ids if pid not in known]
    if unknown:
        raise UnprocessableEntity(f"Unknown permission id(s): {', '.join(map(str, unknown))}",
                                  errors={"permissions": "unknown ids"})
    return ids


def _name(data: dict) -> dict | None:
    if "name" not in data:
        return None
    name = {language: text for language, text in data["name"].items() if text}
    if not name or any(len(text) > 200 for text in name.values()):
        raise UnprocessableEntity("name needs at least one translation of at most 200 characters",
                                  errors={"name": "invalid"})
    return name


class RoleService(ResourceService):
    handled = ("account", "name", "permissions")  # checked

    async def create(self, ctx: DomainContext, data: dict) -> Role:
        account = await ctx.session.get_one(Account, data["account"])  # loaded by the engine's create check
        permissions = await _permission_ids(ctx, data.get("permissions") or [])
        require_no_escalation(ctx.caller, [Power(frozenset(permissions), account.id, account.path)],
                              "A role with these permissions")
        role = Role(account_id=account.id, name=_name(data) or {"en-US": "New role"}, state="ACTIVE",
                    two_factor_required=data.get("twoFactorRequired", False))
        ctx.session.add(role)
        await ctx.session.flush()
        ctx.session.add_all(RolePermission(role_id=role.id, permission_id=p) for p in permissions)
        return role

    async def update(self, ctx: DomainContext, row: Role, data: dict) -> None:
        name = _name(data)
        if name is not None:
            row.name = name
        self.write(row, "RoleUpdate", data)
        if "permissions" in data:
            await self._replace_permissions(ctx, row, await _permission_ids(ctx, data["permissions"]))

    async def _replace_permissions(self, ctx: DomainContext, row: Role, permissions: list[int]) -> None:
        # Locked first, as granting the role does: a grant made meanwhile is seen by the check below.
        await ctx.session.execute(select(Role.id).where(Role.id == row.id).with_for_update())
        account = await ctx.session.get(Account, row.account_id)
        held = set((await role_permission_ids(ctx.session, [row.id])).get(row.id, []))
        added = [p for p in permissions if p not in held]
        # Added permissions reach every grantee at once: on the role's account and wherever it is granted.
        require_no_escalation(ctx.caller, [Power(frozenset(added), account.id, account.path),
                                           *await powers_of_role_grants(ctx.session, row.id, added)],
                              f"Adding these permissions to role {row.id}")
        async with keeping_administration(ctx):
            await ctx.session.execute(delete(RolePermission).where(RolePermission.role_id == row.id))
            ctx.session.add_all(RolePermission(role_id=row.id, permission_id=p) for p in permissions)
        # A change of permissions alone is still a new version of the role.
        flag_modified(row, "two_factor_required")

    async def delete(self, ctx: DomainContext, row: Role) -> None:
        # The role's row before the tree's (keeping_administration): the order every path takes.
        await ctx.session.execute(select(Role.id).where(Role.id == row.id).with_for_update())
        async with keeping_administration(ctx):
            await super().delete(ctx, row)
            await ctx.session.execute(delete(UserAccountRole).where(UserAccountRole.role_id == row.id))
            await ctx.session.execute(delete(UserSpaceRole).where(UserSpaceRole.role_id == row.id))
