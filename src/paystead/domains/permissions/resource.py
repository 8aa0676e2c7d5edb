"""/permissions: the permission tree as reference data."""

from __future__ import annotations

from paystead.db.models import Permission
from paystead.resources.fields import Column
from paystead.resources.registry import Resource, registry
from paystead.resources.scopes import GlobalScope

permissions = registry.add(Resource(
    name="Permission",
    model=Permission,
    sdk_name="permissions",
    permission="PERMISSION",
    scope=GlobalScope(),
    operations=("list", "search", "read"),
    fields={
        "id": Column(Permission.id),
        "name": Column(Permission.name),
        "title": Column(Permission.name),
        "description": Column(Permission.description),
        "parent": Column(Permission.parent_id),
        "pathToRoot": Column(Permission.path_to_root),
        "group": Column(Permission.is_group),
        "leaf": Column(Permission.leaf),
        "twoFactorRequired": Column(Permission.two_factor_required),
        "webAppEnabled": Column(Permission.web_app_enabled),
        "machineName": Column(Permission.machine_name, type="str"),
    },
))
