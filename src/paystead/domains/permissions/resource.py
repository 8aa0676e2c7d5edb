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
    overrides={
        "title": Column(Permission.name),
        "group": Column(Permission.is_group),
        "machineName": Column(Permission.machine_name, type="str"),
    },
))
