"""/roles."""

from __future__ import annotations

from paystead.db.models import Role
from paystead.domains.roles.service import RoleService, role_permission_ids
from paystead.resources.fields import LinkList
from paystead.resources.registry import Resource, registry
from paystead.resources.scopes import AccountScope

roles = registry.add(Resource(
    name="Role",
    model=Role,
    sdk_name="roles",
    permission="ROLE",
    scope=AccountScope(Role.account_id, created_under="account"),
    soft_delete=True,
    service=RoleService(),
    overrides={"permissions": LinkList("Permission", role_permission_ids)},
))
