"""What the reference resources share: readable by every authenticated caller, no permission."""

from __future__ import annotations

from paystead.resources.context import RequestContext
from paystead.resources.paging import whole
from paystead.resources.registry import READ_ONLY, Resource, registry
from paystead.resources.scopes import GlobalScope, not_found


def reference_resource(*, operations: tuple[str, ...] = READ_ONLY, **declaration) -> Resource:
    """A global resource: reference data needs no permission (``permission=None``)."""
    return registry.add(Resource(permission=None, scope=GlobalScope(), operations=operations, **declaration))


async def list_all(resource: Resource, ctx: RequestContext) -> dict:
    """The unpaged list operations (countries, currencies, languages): every row, ordered by
    code; ``limit`` tells how many there are."""
    statement = resource.visible(ctx).order_by(resource.model.id.asc())
    rows = list((await ctx.session.scalars(statement)).all())
    return whole(await resource.render(ctx, rows))


async def read_by_code(resource: Resource, ctx: RequestContext, code: str) -> dict:
    row = await ctx.session.get(resource.model, code)
    if row is None:
        raise not_found(resource.name, code)
    return await resource.render_one(ctx, row)
