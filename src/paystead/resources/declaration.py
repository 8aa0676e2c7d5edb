"""What a resource is: its wire model, ORM model, fields, scope, permission and rules, and which
of its rows a caller can reach. The layers above it search, render, create, update and delete
declared resources; nothing here tests a resource's name.

Extra verbs are registered with ``resource.action(sdk_method)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, false

from paystead.errors import Forbidden, UnprocessableEntity
from paystead.permissions.catalog import permission_id
from paystead.resources.catalog import Handler, Route, action_route, registry
from paystead.resources.context import RequestContext
from paystead.resources.fields import FieldSpec
from paystead.resources.idempotency import Idempotency
from paystead.resources.scopes import Scope, not_found

UNIFORM_OPERATIONS = ("list", "search", "read", "create", "update", "delete")


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


@dataclass
class Declaration:
    name: str  # wire model, e.g. "Space"
    model: type[Any]  # a mapped class: its columns are attributes
    sdk_name: str  # the SDK method stem: "spaces" -> get_spaces, post_spaces, get_spaces_id...
    # Permission machine-name prefix: "SPACE" -> SPACE_READ, SPACE_CREATE...; None for data every
    # authenticated caller may read (reference data, with GlobalScope).
    permission: str | None
    scope: Scope
    fields: dict[str, FieldSpec]
    service: ResourceService = field(default_factory=ResourceService)
    operations: tuple[str, ...] = UNIFORM_OPERATIONS
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
    # The action whose permission a create needs: "create" (X_CREATE), or e.g. "update" where
    # creating the object changes another one (a transaction's line item version).
    create_action: str = "create"
    actions: list[Route] = field(default_factory=list)

    def permission_id(self, action: str) -> int | None:
        if self.permission is None:
            return None
        return permission_id(f"{self.permission}_{action.upper()}")

    def action(self, sdk_method: str, *, needs_body: bool | None = None):
        """Registers an extra operation of this resource (a verb beyond the uniform six)."""

        def register(handler: Handler) -> Handler:
            self.actions.append(action_route(sdk_method, handler, needs_body))
            return handler

        return register

    async def require_create(self, ctx: RequestContext, data: dict) -> None:
        """403 unless the caller may create the object ``data`` (a validated create body) describes,
        where its scope places it (the request's space, or the account the body names)."""
        await self.scope.require_create(ctx, self.permission_id(self.create_action), data)

    # --- which rows a caller reaches ----------------------------------------------------
    def in_reach(self, statement, ctx: RequestContext | None = None):
        """``statement`` narrowed to live rows, below the parent named in the path (if any)."""
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
        return self.in_reach(self.scope.visible(ctx, self.model, self.permission_id(action)), ctx)

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
        statement = self.in_reach(self.scope.base(ctx, self.model), ctx).where(self.model.id == object_id)
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
