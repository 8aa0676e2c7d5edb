"""The six uniform operations of a declared resource: list, search, read, create, update and
delete. Each handler takes the resource and the request context; the route table binds the
resource (``paystead.resources.router``).

``create_one``, ``update_one`` and ``delete_one`` do the work of one object; bulk operations and
domain actions use them too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.exc import IntegrityError

from paystead.errors import Conflict
from paystead.resources.context import RequestContext
from paystead.resources.declaration import Declaration
from paystead.resources.idempotency import body_hash
from paystead.resources.metadata import check_metadata
from paystead.resources.paging import page, search_page
from paystead.resources.render import render, render_one
from paystead.resources.search import search_statement
from paystead.resources.versions import require_update_version, settle_update_version
from paystead.wire.validation import validate_model

DEFAULT_LIMIT = 10


async def list_objects(resource: Declaration, ctx: RequestContext) -> dict:
    await resource.require_parent(ctx)
    limit = ctx.param("limit", DEFAULT_LIMIT)
    descending = ctx.param("order", "ASC") == "DESC"
    after, before = ctx.param("after"), ctx.param("before")
    ident = resource.model.id
    statement = resource.visible(ctx)
    # ``after``/``before`` name objects in the applied order; both together give a range.
    if after is not None:
        statement = statement.where(ident < after if descending else ident > after)
    if before is not None:
        statement = statement.where(ident > before if descending else ident < before)
    backwards = before is not None and after is None
    ascending_query = descending == backwards
    statement = statement.order_by(ident.asc() if ascending_query else ident.desc()).limit(limit + 1)
    rows = list((await ctx.session.scalars(statement)).all())
    has_more = len(rows) > limit
    rows = rows[:limit]
    if backwards:
        rows.reverse()
    return page(await render(resource, ctx, rows), limit, has_more=has_more)


async def search_objects(resource: Declaration, ctx: RequestContext) -> dict:
    await resource.require_parent(ctx)
    limit = ctx.param("limit", DEFAULT_LIMIT)
    offset = ctx.param("offset", 0)
    statement = search_statement(resource, ctx).offset(offset).limit(limit + 1)
    rows = list((await ctx.session.scalars(statement)).all())
    has_more = len(rows) > limit
    return search_page(await render(resource, ctx, rows[:limit]), offset, limit, has_more=has_more)


async def read_object(resource: Declaration, ctx: RequestContext) -> dict:
    row = await resource.get_for(ctx, ctx.param("id"), "read")
    return await render_one(resource, ctx, row)


async def create_object(resource: Declaration, ctx: RequestContext) -> dict:
    row = await create_one(resource, ctx, ctx.body)
    return await render_one(resource, ctx, row)


async def update_object(resource: Declaration, ctx: RequestContext) -> dict:
    row = await update_one(resource, ctx, ctx.param("id"), ctx.body)
    return await render_one(resource, ctx, row)


async def delete_object(resource: Declaration, ctx: RequestContext) -> None:
    await delete_one(resource, ctx, ctx.param("id"))


async def create_one(resource: Declaration, ctx: RequestContext, body) -> Any:
    """Validates and creates one object (below the parent in the path, if any), once the
    caller's permission to create it is checked (services do not check it themselves).

    With an idempotency key in the body, a repeated create answers with the object the
    first one made (201 again) when the body is the same, and 409 naming it when not.
    """
    await resource.require_parent(ctx)
    data = validate_model(ctx.operation["request_body"]["model"], body)
    check_metadata(data)
    await resource.require_create(ctx, data)
    idempotency = resource.idempotency
    key = data.get(idempotency.field) if idempotency is not None else None
    if idempotency is None or key is None:
        row = await resource.service.create(ctx, data)
        await ctx.session.flush()
        await resource.service.after_create(ctx, row)
        return row
    digest = body_hash(data)
    existing = await _find_by_key(resource, ctx, key)
    if existing is not None:
        return _replayed(resource, existing, key, digest)
    try:
        async with ctx.session.begin_nested():
            row = await resource.service.create(ctx, data)
            setattr(row, idempotency.hash_attribute.key, digest)
            await ctx.session.flush()
    except IntegrityError:
        # A concurrent create with the same key won (the unique index decided).
        existing = await _find_by_key(resource, ctx, key)
        if existing is None:
            raise Conflict(f"The {resource.name} conflicts with an existing one", code="duplicate") from None
        return _replayed(resource, existing, key, digest)
    await resource.service.after_create(ctx, row)
    return row


async def _find_by_key(resource: Declaration, ctx: RequestContext, key) -> Any:
    assert resource.idempotency is not None  # only resources with idempotent creates get here
    statement = (resource.in_reach(resource.scope.base(ctx, resource.model), ctx)
                 .where(resource.idempotency.column == key))
    found = (await ctx.session.execute(statement)).first()
    if found is None:
        return None
    row, *extra = found
    # Answering with the existing object needs the permission the create itself needs.
    resource.scope.check(ctx, row, tuple(extra), resource.permission_id(resource.create_action))
    return row


def _replayed(resource: Declaration, existing, key, digest: str):
    idempotency = resource.idempotency
    assert idempotency is not None  # only resources with idempotent creates get here
    if getattr(existing, idempotency.hash_attribute.key) != digest:
        raise Conflict(f"{idempotency.field} {key!r} is already used by {resource.name} {existing.id}, "
                       f"created with a different body", code="idempotency_conflict",
                       errors={idempotency.field: f"used by {resource.name} {existing.id}", "id": str(existing.id)})
    return existing


async def update_one(resource: Declaration, ctx: RequestContext, object_id: int, body) -> Any:
    row = await resource.get_for(ctx, object_id, "update")
    model = ctx.operation["request_body"]["model"]  # for bulk updates, the item model
    if not isinstance(body, dict):
        validate_model(model, body)  # a body that is no JSON object is a 400, not a missing version
    before = row.version
    if body.get("version") is None:
        require_update_version(before, None)  # before validating: a missing version is a 409, not a 400
    data = validate_model(model, body)
    check_metadata(data)
    require_update_version(before, data.pop("version"))
    try:
        # A savepoint, so that a unique value taken by another object is a 409 that leaves
        # the transaction usable (PostgreSQL aborts it otherwise).
        async with ctx.session.begin_nested():
            await resource.service.update(ctx, row, data)
            await settle_update_version(ctx, row, before)
    except IntegrityError:
        raise Conflict(f"The change conflicts with another {resource.name} (a value that must be unique is taken)",
                       code="duplicate") from None
    return row


async def delete_one(resource: Declaration, ctx: RequestContext, object_id: int) -> None:
    row = await resource.get_for(ctx, object_id, "delete")
    if resource.is_deleted(row):
        return  # deleted already: a repeated delete ends in the same state
    await resource.service.delete(ctx, row)
    await ctx.session.flush()


# The uniform operations by name, as ``Declaration.operations`` lists them, with their SDK method
# (from the resource's ``sdk_name``) and whether they take a body.
Handler = Callable[[Declaration, RequestContext], Awaitable[Any]]
HANDLERS: dict[str, tuple[str, Handler, bool]] = {
    "list": ("get_{}", list_objects, False),
    "search": ("get_{}_search", search_objects, False),
    "read": ("get_{}_id", read_object, False),
    "create": ("post_{}", create_object, True),
    "update": ("patch_{}_id", update_object, True),
    "delete": ("delete_{}_id", delete_object, False),
}
