"""What a resource is: its wire model, ORM model, fields, scope, permission and rules, and which
of its rows a caller can reach. The layers above it search, render, create, update and delete
declared resources; nothing here tests a resource's name.

Extra verbs are registered with ``resource.action(sdk_method)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, false

from paystead.db.base import utcnow
from paystead import contract
from paystead.errors import Forbidden, UnprocessableEntity
from paystead.permissions.catalog import permission_id
from paystead.domains.context import DomainContext
from paystead.resources.catalog import Handler, Route, action_route, registry
from paystead.resources.context import RequestContext
from paystead.resources.derivation import derived_fields
from paystead.resources.fields import FieldSpec
from paystead.resources.idempotency import Idempotency
from paystead.resources.scopes import Scope, not_found
from paystead.resources.versions import flush_versioned
from paystead.resources.writes import apply_writable

UNIFORM_OPERATIONS = ("list", "search", "read", "create", "update", "delete")
READ_ONLY = ("list", "search", "read")
DELETED = "DELETED"


class ResourceService:
    """Business rules of one resource. Services flush; only the request boundary commits.

    Each declaration has a service of its own (``resource``, set when it is declared). Writes
    copy the plain properties of a body to their columns (``write``); a service names in
    ``handled`` the writable properties it stores itself (links, transformed values) or
    deliberately ignores, and checks values before writing.
    """

    handled: tuple[str, ...] = ()
    resource: Declaration
    # The declaration's wire name; a service opened outside a request may name it itself.
    resource_name: str = ""

    def bind(self, resource: Declaration) -> None:
        if getattr(self, "resource", resource) is not resource:
            raise ValueError(f"{type(self).__name__} serves {self.resource.name} already; give {resource.name} its own")
        self.resource, self.resource_name = resource, resource.name

    def write(self, row: Any, request_model: str, data: dict, *, skip_none: bool = False) -> None:
        """Copies the plain writable properties of ``data`` (a ``request_model`` body) to ``row``."""
        apply_writable(row, self.resource_name, request_model, data, handled=self.handled, skip_none=skip_none)

    async def create(self, ctx: DomainContext, data: dict) -> Any:
        raise NotImplementedError

    async def after_create(self, ctx: DomainContext, row: Any) -> None:
        """Runs once the new row is flushed (it has its id), e.g. to add dependent rows."""

    async def update(self, ctx: DomainContext, row: Any, data: dict) -> None:
        self.write(row, self.resource.request_model("update"), data)

    async def delete(self, ctx: DomainContext, row: Any) -> None:
        """Marks the row deleted if the resource is declared with ``soft_delete``, else removes it.
        Services with rules of their own around a delete call this within them."""
        if self.resource.soft_delete:
            await mark_deleted(ctx, row, self.resource.purge_after)
        else:
            await ctx.session.delete(row)


async def mark_deleted(ctx: DomainContext, row: Any, purge_after: timedelta | None = None) -> None:
    """A soft delete: state DELETED, who deleted it and when (on models that record it), and the
    planned purge date ``purge_after`` from now (if given); one new version of the row."""
    now = utcnow()
    row.state = DELETED
    if hasattr(row, "deleted_on"):
        row.deleted_on, row.deleted_by = now, ctx.caller.user_id
    if purge_after is not None:
        row.planned_purge_date = now + purge_after
    await flush_versioned(ctx, row)


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
    # The wire fields are derived from the contract model ``name`` and the columns of ``model``
    # (paystead.resources.derivation); ``overrides`` adds or replaces what differs (renames,
    # links, computed values) and ``omit`` names matching properties that are not rendered.
    overrides: dict[str, FieldSpec] = field(default_factory=dict)
    omit: tuple[str, ...] = ()
    service: ResourceService = field(default_factory=ResourceService)
    operations: tuple[str, ...] = UNIFORM_OPERATIONS
    # Extra condition every query applies, e.g. excluding other user kinds:
    # (the model or an alias of it) -> SQL condition. Deleted rows are excluded by soft_delete.
    live: Callable[[Any], Any] | None = None
    # A delete marks the row (state DELETED, see ``mark_deleted``) instead of removing it, and
    # queries no longer find it; ``purge_after``: the plannedPurgeDate it gets, if any.
    soft_delete: bool = False
    purge_after: timedelta | None = None
    # Soft-deleted objects stay readable, with state DELETED, until they are purged (wallee's
    # webhook listeners and URLs). A deleted object accepts no further change; deleting it again
    # changes nothing.
    stays_after_delete: bool = False
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
    fields: dict[str, FieldSpec] = field(init=False)

    def __post_init__(self) -> None:
        if self.stays_after_delete and not self.soft_delete:
            raise ValueError(f"{self.name}: stays_after_delete needs soft_delete")
        self.fields = derived_fields(self.name, self.model, self.overrides, self.omit)
        self.service.bind(self)

    def request_model(self, action: str) -> str:
        """The contract model of a ``create`` or ``update`` body (bulk items use the same one)."""
        sdk_method = {"create": f"post_{self.sdk_name}", "update": f"patch_{self.sdk_name}_id"}[action]
        return contract.operation(sdk_method)["request_body"]["model"]

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
        live = self.live_condition(self.model)
        if live is not None:
            statement = statement.where(live)
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
        live = self.live_condition(entity)
        return and_(condition, live) if live is not None else condition

    def live_condition(self, entity):
        """SQL condition on ``entity`` (the model or an alias): a row queries find (not deleted,
        and ``live``); None when they find every row."""
        conditions = [] if self.live is None else [self.live(entity)]
        if self.soft_delete and not self.stays_after_delete:
            conditions.append(entity.state != DELETED)
        return and_(*conditions) if conditions else None

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
        return self.stays_after_delete and row.state == DELETED
