"""What domain modules declare resources with: ``registry.add(Resource(...))``.

The engine below reads bottom-up: ``catalog`` (the declarations by name), ``declaration`` (what
a resource is, and which rows a caller reaches), ``search``, ``render``, ``crud`` (the six
uniform operations), ``bulk``, ``endpoint`` (one operation over HTTP) and ``router`` (the route
table). ``Resource`` adds to a declaration the steps that domain actions call on it.
"""

from __future__ import annotations

from typing import Any

from paystead.resources import crud, render
from paystead.resources.catalog import Route, registry
from paystead.resources.context import RequestContext
from paystead.resources.declaration import READ_ONLY, Declaration, ParentLink, ResourceService

__all__ = ["READ_ONLY", "ParentLink", "Resource", "ResourceService", "Route", "registry"]


class Resource(Declaration):
    """A declared resource, with the steps its domain's actions use."""

    async def render(self, ctx: RequestContext, rows: list) -> list[dict]:
        return await render.render(self, ctx, rows)

    async def render_one(self, ctx: RequestContext, row) -> dict:
        return await render.render_one(self, ctx, row)

    async def update_one(self, ctx: RequestContext, object_id: int, body) -> Any:
        return await crud.update_one(self, ctx, object_id, body)
