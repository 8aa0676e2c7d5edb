"""Declare a resource once; the uniform operations (list, search, read, create, update,
delete) are generated from the declaration and the contract, with the SDK's operation ids.

Per-resource rules live in the resource's ``ResourceService``; nothing here tests a
resource's name. Extra verbs are registered with ``resource.action(sdk_method)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import and_, false
from sqlalchemy.exc import IntegrityError

from paystead.contract import operation as contract_operation
from paystead.contract import operations_by_sdk_method
from paystead.errors import Conflict, Forbidden, UnprocessableEntity
from paystead.permissions.catalog import permission_id
from paystead.query import compile_query, parse_order, parse_query
from paystead.resources.context import RequestContext
from paystead.resources.endpoint import Handler, make_endpoint
from paystead.resources.fields import FieldSpec
from paystead.resources.idempotency import Idempotency, body_hash
from paystead.resources.metadata import check_metadata
from paystead.resources.render import parse_expand, render_rows
from paystead.resources.scopes import Scope, not_found
from paystead.resources.search import CallerResolver, build_resolver
from paystead.resources.versions import require_update_version, settle_update_version
from paystead.wire.validation import validate_model

DEFAULT_LIMIT = 10


class ResourceService:
    """Business rules of one resource. Services flush; only the request boundary commits."""

    async def create(self, ctx: RequestContext, data: dict) -> Any:
        raise NotImplementedError

    async def after_create(self, ctx: RequestContext, row: Any) -> None:
        """Runs once the new row is flushed (it has its id), e.g. to add dependent rows."""

    async def update(self, ctx: RequestContext, row: Any, data: dict) -> None:
        for key, value in data.items():
            setattr(row, key, value)

    async def delete(self, ctx: RequestContext, row: Any) -> None:
        await ctx.session.delete(row)


@dataclass(frozen=True)
class ParentLink:
    """A resource nested under another one's path, e.g. /customers/{customerId}/addresses."""

    param: str  # the path parameter naming the parent, e.g. "customerId"
    column: Any  # the foreign key to it, e.g. CustomerAddress.customer_id
    resource: str  # the parent's wire model, e.g. "Customer"


@dataclass(frozen=True)
class Route:
    operation: dict
    handler: Handler
    needs_body: bool


@dataclass
class Resource:
    name: str  # wire model, e.g. "Space"
    model: type
    sdk_name: str  # the SDK method stem: "spaces" -> get_spaces, post_spaces, get_spaces_id...
    # Permission machine-name prefix: "SPACE" -> SPACE_READ, SPACE_CREATE...; None for data every
    # authenticated caller may read (reference data, with GlobalScope).
    permission: str | None
    scope: Scope
    fields: dict[str, FieldSpec]
    service: ResourceService = field(default_factory=ResourceService)
    operations: tuple[str, ...] = ("list", "search", "read", "create", "update", "delete")
    # Extra condition every query applies, e.g. excluding deleted rows or other user kinds:
    # (the model or an alias of it) -> SQL condition.
    live: Callable[[Any], Any] | None = None
    # Objects that delete leaves readable, with state DELETED, until they are purged (wallee's
    # webhook listeners and URLs; its other deletes are permanent): row -> True once deleted.
    # A deleted object accepts no further change; deleting it again changes nothing.
    stays_after_delete: Callable[[Any], bool] | None = None
    # Search fields that depend on the caller, replacing the declared ones of the same name:
    # (request context, the model or an alias) -> {name: SearchField}. E.g. a link that is
    # hidden from some callers.
    caller_search_fields: Any = None
    # Creates that name an existing object by this key answer with it instead of a duplicate.
    idempotency: Idempotency | None = None
    parent: ParentLink | None = None
    actions: list[Route] = field(default_factory=list)

    # --- declarations -------------------------------------------------------------------
    def permission_id(self, action: str) -> int | None:
        if self.permission is None:
            return None
        return permission_id(f"{self.permission}_{action.upper()}")

    @cached_property
    def resolver(self):
        return build_resolver(self)

    def resolver_for(self, ctx: RequestContext):
        return CallerResolver(self, self.own_resolver(ctx, self.model), ctx)

    def own_resolver(self, ctx: RequestContext, entity):
        """This resource's own fields as one caller may search them, on ``entity`` (model or alias)."""
        own = self.resolver if entity is self.model else build_resolver(self, entity)
        if self.caller_search_fields is not None:
            own = own.with_fields(self.caller_search_fields(ctx, entity))
        return own

    def action(self, sdk_method: str, *, needs_body: bool | None = None):
        """Registers an extra operation of this resource (a verb beyond the uniform six)."""
        operation = contract_operation(sdk_method)

        def register(handler: Handler) -> Handler:
            body = operation["request_body"] is not None if needs_body is None else needs_body
            self.actions.append(Route(operation, handler, body))
            return handler

        return register

    def routes(self) -> list[Route]:
        generated = {
            "list": (f"get_{self.sdk_name}", self._list, False),
            "search": (f"get_{self.sdk_name}_search", self._search, False),
            "read": (f"get_{self.sdk_name}_id", self._read, False),
            "create": (f"post_{self.sdk_name}", self._create, True),
            "update": (f"patch_{self.sdk_name}_id", self._update, True),
            "delete": (f"delete_{self.sdk_name}_id", self._delete, False),
        }
        routes = [Route(contract_operation(generated[op][0]), generated[op][1], generated[op][2])
                  for op in self.operations]
        # Bulk variants exist wherever the contract declares them.
        from paystead.resources.bulk import bulk_handlers

        contract_ops = operations_by_sdk_method()
        for sdk_method, handler in bulk_handlers(self).items():
            if sdk_method in contract_ops:
                routes.append(Route(contract_ops[sdk_method], handler, True))
        return routes + self.actions

    # --- queries ------------------------------------------------------------------------
    def _live(self, statement, ctx: RequestContext | None = None):
        if self.live is not None:
            statement = statement.where(self.live(self.model))
        if self.parent is not None and ctx is not None:
            statement = statement.where(self.parent.column == ctx.param(self.parent.param))
        return statement

    async def require_parent(self, ctx: RequestContext) -> None:
        """404 unless the parent named in the path exists and is readable."""
        if self.parent is not None:
            await registry.get(self.parent.resource).get_for(ctx, ctx.param(self.parent.param), "read")

    def visible(self, ctx: RequestContext, action: str = "read"):
        return self._live(self.scope.visible(ctx, self.model, self.permission_id(action)), ctx)

    def readable_condition(self, ctx: RequestContext, entity):
        """SQL condition: this row of ``entity`` (the model or an alias) is one the caller may read;
        false when the caller may read none. Searches through links use it on their aliases."""
        try:
            condition = self.scope.condition(ctx, entity, self.permission_id("read"))
        except Forbidden:
            return false()
        return and_(condition, self.live(entity)) if self.live is not None else condition

    async def load_readable(self, ctx: RequestContext, ids: Iterable[int]) -> list:
        """The objects among ``ids`` the caller may read (expanded links it may not read stay collapsed)."""
        try:
            statement = self.visible(ctx).where(self.model.id.in_(list(ids)))
        except Forbidden:
            return []
        return list((await ctx.session.scalars(statement)).all())

    async def get_for(self, ctx: RequestContext, object_id: int, action: str, *, lock: bool = False):
        """The object if the caller may ``action`` it: 404 when out of reach, 403 without permission."""
        await self.require_parent(ctx)
        statement = self._live(self.scope.base(ctx, self.model), ctx).where(self.model.id == object_id)
        if lock:
            statement = statement.with_for_update()
        result = (await ctx.session.execute(statement)).first()
        if result is None:
            raise not_found(self.name, object_id)
        row, *extra = result
        self.scope.check(ctx, row, tuple(extra), self.permission_id(action))
        if action not in ("read", "delete") and self.is_deleted(row):
            raise UnprocessableEntity(f"{self.name} {row.id} is deleted: it can no longer be changed",
                                      code="object_deleted", errors={"state": "DELETED"})
        return row

    def is_deleted(self, row) -> bool:
        """True for an object deleted but kept readable (see ``stays_after_delete``)."""
        return self.stays_after_delete is not None and self.stays_after_delete(row)

    async def render(self, ctx: RequestContext, rows: list) -> list[dict]:
        # Pending changes first: a flush bumps versions, and the answer must show the stored ones.
        await ctx.session.flush()
        return await render_rows(self, rows, parse_expand(ctx.param("expand")), ctx)

    async def render_one(self, ctx: RequestContext, row) -> dict:
        return (await self.render(ctx, [row]))[0]

    # --- generated handlers -------------------------------------------------------------
    async def _list(self, ctx: RequestContext) -> dict:
        await self.require_parent(ctx)
        limit = ctx.param("limit", DEFAULT_LIMIT)
        descending = ctx.param("order", "ASC") == "DESC"
        after, before = ctx.param("after"), ctx.param("before")
        ident = self.model.id
        statement = self.visible(ctx)
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
        return {"data": await self.render(ctx, rows), "hasMore": has_more, "limit": limit}

    def search_statement(self, ctx: RequestContext, action: str = "read"):
        """Rows the caller may ``action``, filtered by ``query`` and sorted by ``order`` (then by id,
        for stable pages)."""
        return self.filtered(self.visible(ctx, action), self.resolver_for(ctx), ctx.param("query"), ctx.param("order"))

    def filtered(self, statement, resolver, query: str | None, order: str | None):
        """``statement`` narrowed by a search ``query`` and sorted by ``order``, then by id."""
        condition = compile_query(parse_query(query), resolver)
        if condition is not None:
            statement = statement.where(condition)
        ordering = parse_order(order, resolver)
        # Empty values sort as the largest on both databases (PostgreSQL's rule; SQLite's default differs).
        order_by = [column.desc().nulls_first() if descending else column.asc().nulls_last()
                    for column, descending in ordering]
        return statement.order_by(*order_by, self.model.id.asc())

    async def _search(self, ctx: RequestContext) -> dict:
        await self.require_parent(ctx)
        limit = ctx.param("limit", DEFAULT_LIMIT)
        offset = ctx.param("offset", 0)
        statement = self.search_statement(ctx).offset(offset).limit(limit + 1)
        rows = list((await ctx.session.scalars(statement)).all())
        has_more = len(rows) > limit
        return {"data": await self.render(ctx, rows[:limit]), "offset": offset, "limit": limit, "hasMore": has_more}

    async def _read(self, ctx: RequestContext) -> dict:
        row = await self.get_for(ctx, ctx.param("id"), "read")
        return await self.render_one(ctx, row)

    async def _create(self, ctx: RequestContext) -> dict:
        row = await self.create_one(ctx, ctx.body)
        return await self.render_one(ctx, row)

    async def create_one(self, ctx: RequestContext, body) -> Any:
        """Validates and creates one object (below the parent in the path, if any).

        With an idempotency key in the body, a repeated create answers with the object the
        first one made (201 again) when the body is the same, and 409 naming it when not.
        """
        await self.require_parent(ctx)
        data = validate_model(ctx.operation["request_body"]["model"], body)
        check_metadata(data)
        key = data.get(self.idempotency.field) if self.idempotency is not None else None
        if key is None:
            row = await self.service.create(ctx, data)
            await ctx.session.flush()
            await self.service.after_create(ctx, row)
            return row
        digest = body_hash(data)
        existing = await self._find_by_key(ctx, key)
        if existing is not None:
            return self._replayed(existing, key, digest)
        try:
            async with ctx.session.begin_nested():
                row = await self.service.create(ctx, data)
                setattr(row, self.idempotency.hash_attribute.key, digest)
                await ctx.session.flush()
        except IntegrityError:
            # A concurrent create with the same key won (the unique index decided).
            existing = await self._find_by_key(ctx, key)
            if existing is None:
                raise Conflict(f"The {self.name} conflicts with an existing one", code="duplicate") from None
            return self._replayed(existing, key, digest)
        await self.service.after_create(ctx, row)
        return row

    async def _find_by_key(self, ctx: RequestContext, key) -> Any:
        statement = self._live(self.scope.base(ctx, self.model), ctx).where(self.idempotency.column == key)
        found = (await ctx.session.execute(statement)).first()
        if found is None:
            return None
        row, *extra = found
        # Answering with the existing object needs the permission the create itself needs.
        self.scope.check(ctx, row, tuple(extra), self.permission_id("create"))
        return row

    def _replayed(self, existing, key, digest: str):
        if getattr(existing, self.idempotency.hash_attribute.key) != digest:
            raise Conflict(f"{self.idempotency.field} {key!r} is already used by {self.name} {existing.id}, "
                           f"created with a different body", code="idempotency_conflict",
                           errors={self.idempotency.field: f"used by {self.name} {existing.id}", "id": str(existing.id)})
        return existing

    async def _update(self, ctx: RequestContext) -> dict:
        row = await self.update_one(ctx, ctx.param("id"), ctx.body)
        return await self.render_one(ctx, row)

    async def update_one(self, ctx: RequestContext, object_id: int, body) -> Any:
        row = await self.get_for(ctx, object_id, "update")
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
                await self.service.update(ctx, row, data)
                await settle_update_version(ctx, row, before)
        except IntegrityError:
            raise Conflict(f"The change conflicts with another {self.name} (a value that must be unique is taken)",
                           code="duplicate") from None
        return row

    async def _delete(self, ctx: RequestContext) -> None:
        await self.delete_one(ctx, ctx.param("id"))

    async def delete_one(self, ctx: RequestContext, object_id: int) -> None:
        row = await self.get_for(ctx, object_id, "delete")
        if self.is_deleted(row):
            return  # deleted already: a repeated delete ends in the same state
        await self.service.delete(ctx, row)
        await ctx.session.flush()


class Registry:
    def __init__(self) -> None:
        self._resources: dict[str, Resource] = {}
        self._standalone: list[Route] = []

    def add(self, resource: Resource) -> Resource:
        self._resources[resource.name] = resource
        return resource

    def get(self, name: str) -> Resource:
        return self._resources[name]

    def answering(self, operation: dict) -> Resource | None:
        """The resource an operation answers with (itself, or the items of its page), if any."""
        from paystead.contract import model as contract_model

        name = operation.get("response_model")
        if not name:
            return None
        if name in self._resources:
            return self._resources[name]
        for field_spec in contract_model(name).get("fields", []):
            if field_spec["name"] == "data" and field_spec["type"].startswith("List["):
                return self._resources.get(field_spec["type"][5:-1])
        return None

    def operation(self, sdk_method: str, *, needs_body: bool | None = None):
        """Registers an operation that belongs to no single resource's uniform set."""
        operation = contract_operation(sdk_method)

        def register(handler: Handler) -> Handler:
            body = operation["request_body"] is not None if needs_body is None else needs_body
            self._standalone.append(Route(operation, handler, body))
            return handler

        return register

    def routes(self) -> list[Route]:
        routes = [route for resource in self._resources.values() for route in resource.routes()]
        return routes + self._standalone


registry = Registry()


def endpoint_routes() -> list[tuple[str, str, Any, str]]:
    """(path, method, endpoint, sdk method) with literal segments before placeholders."""
    from paystead.contract import BASE_PATH

    entries = []
    for route in registry.routes():
        op = route.operation
        endpoint = make_endpoint(op, route.handler, needs_body=route.needs_body)
        entries.append((BASE_PATH + op["path"], op["http_method"], endpoint, op["sdk_method"]))
    # Starlette matches in order: /spaces/search must come before /spaces/{id}.
    entries.sort(key=lambda entry: [segment.startswith("{") for segment in entry[0].split("/")])
    return entries

