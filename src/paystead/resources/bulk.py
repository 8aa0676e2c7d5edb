"""Bulk create, update and delete: ``POST/PATCH/DELETE /<resource>/bulk``.

Each item runs in its own savepoint, so a failing item rolls back only itself; the answer
lists one ``RestApiBulkOperationResult`` per item, in order (``statusCode``, ``id``, ``link``,
and ``error`` as a RestApiErrorResponse for items that failed). More items than
``api.max_bulk_items`` is a 413 for the whole request.

Bulk updates name their objects with an ``id`` in each item (the item model, e.g.
CustomerActive, has no id field of its own).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.exc import IntegrityError

from paystead.contract import BASE_PATH, operations_by_sdk_method
from paystead.errors import ApiError, BadRequest, Conflict, PayloadTooLarge, UnprocessableEntity
from paystead.resources.context import RequestContext
from paystead.resources.crud import create_one, delete_one, update_one
from paystead.resources.declaration import Declaration


def _items(ctx: RequestContext, resource: Declaration, action: str) -> list:
    # A caller holding the permission nowhere in reach is refused as a whole (403), like the
    # single operation; finer refusals (per object) are per item.
    resource.visible(ctx, action)
    if not isinstance(ctx.body, list):
        raise BadRequest("A bulk request's body is a JSON array of items", code="invalid_field_type",
                         errors={"body": "expected an array"})
    limit = ctx.settings.api.max_bulk_items
    if len(ctx.body) > limit:
        raise PayloadTooLarge(f"A bulk request takes at most {limit} items, got {len(ctx.body)}",
                              errors={"body": f"at most {limit} items"})
    return ctx.body


def _failure(error: ApiError) -> dict:
    return {"statusCode": error.status, "error": error.body()}


async def _run_item(ctx: RequestContext, work: Callable[[], Awaitable[dict]]) -> dict:
    try:
        async with ctx.session.begin_nested():
            return await work()
    except ApiError as error:
        return _failure(error)
    except IntegrityError:
        return _failure(Conflict("The item conflicts with an existing object", code="duplicate"))


def _link(resource: Declaration, object_id: int) -> str | None:
    read_operation = operations_by_sdk_method().get(f"get_{resource.sdk_name}_id")
    return BASE_PATH + read_operation["path"].replace("{id}", str(object_id)) if read_operation else None


def _done(resource: Declaration, status: int, object_id: int, with_link: bool = True) -> dict:
    result: dict[str, Any] = {"statusCode": status, "id": object_id}
    link = _link(resource, object_id) if with_link else None
    if link:
        result["link"] = link
    return result


async def bulk_create(resource: Declaration, ctx: RequestContext) -> list:
    results = []
    for item in _items(ctx, resource, "create"):
        async def work(item=item) -> dict:
            row = await create_one(resource, ctx, item)
            return _done(resource, 201, row.id)
        results.append(await _run_item(ctx, work))
    return results


async def bulk_update(resource: Declaration, ctx: RequestContext) -> list:
    results = []
    for item in _items(ctx, resource, "update"):
        async def work(item=item) -> dict:
            object_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(object_id, bool) or not isinstance(object_id, int):
                raise UnprocessableEntity("Each bulk update item needs the id of the object to change",
                                          code="missing_field", errors={"id": "required"})
            row = await update_one(resource, ctx, object_id, item)
            return _done(resource, 200, row.id)
        results.append(await _run_item(ctx, work))
    return results


async def bulk_delete(resource: Declaration, ctx: RequestContext) -> list:
    results = []
    for object_id in _items(ctx, resource, "delete"):
        async def work(object_id=object_id) -> dict:
            if isinstance(object_id, bool) or not isinstance(object_id, int):
                raise BadRequest("A bulk delete lists the ids of the objects to delete",
                                 code="invalid_field_type", errors={"id": "expected an integer"})
            await delete_one(resource, ctx, object_id)
            return _done(resource, 204, object_id, with_link=False)
        results.append(await _run_item(ctx, work))
    return results


# The bulk handlers by SDK method (from the resource's ``sdk_name``); registered where the
# contract has them.
BULK_HANDLERS = {
    "post_{}_bulk": bulk_create,
    "patch_{}_bulk": bulk_update,
    "delete_{}_bulk": bulk_delete,
}
