"""Searchable and sortable fields of a resource, typed by the contract model.

Besides its own fields, a search can name fields of linked objects with dots, up to four
links deep: ``customer.familyName``, ``account.parentAccount.name``. Each link becomes a
correlated scalar subquery over the linked resource's rows *the caller may read*, looked up
by primary key, so a linked object the caller may not see reads as empty and a search
never reveals more than expand would. Every hop aliases the linked table, so links to the
same table (an account's parent account) work too.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import aliased

from paystead.contract import model as contract_model
from paystead.query import FieldType, MappingResolver, SearchField, compile_query, parse_order, parse_query
from paystead.resources.catalog import registry
from paystead.resources.context import RequestContext
from paystead.resources.declaration import Declaration
from paystead.resources.fields import Column, Link
from paystead.resources.metadata import FIELD as METADATA_FIELD
from paystead.resources.metadata import metadata_search_field
from paystead.wire.types import enum_values, parse_type

_SCALAR_TYPES = {
    "int": FieldType.INTEGER,
    "str": FieldType.STRING,
    "bool": FieldType.BOOLEAN,
    "datetime": FieldType.DATETIME,
    "date": FieldType.DATE,
    "Union[float,int]": FieldType.DECIMAL,
}


def _search_field(column, type_text: str) -> SearchField | None:
    ref = parse_type(type_text)
    if ref.kind == "scalar" and ref.name in _SCALAR_TYPES:
        return SearchField(column=column, type=_SCALAR_TYPES[ref.name])
    if ref.kind == "enum":
        return SearchField(column=column, type=FieldType.ENUM, enum_values=enum_values(ref.name))
    if ref.kind == "list" and ref.item is not None and ref.item.kind == "scalar" and ref.item.name == "str":
        return SearchField(column=column, type=FieldType.STRING_LIST)
    return None  # maps, nested models: not searchable as a whole


class ResourceResolver(MappingResolver):
    """The declared fields by exact name, plus ``metaData.<key>`` when the resource has metaData."""

    def __init__(self, fields: dict[str, SearchField], metadata_column=None) -> None:
        super().__init__(fields)
        self.metadata_column = metadata_column

    def resolve(self, name: str) -> SearchField | None:
        found = self.get(name)
        if found is None and self.metadata_column is not None:
            return metadata_search_field(self.metadata_column, name)
        return found

    def with_fields(self, replacements: dict[str, SearchField]) -> ResourceResolver:
        return ResourceResolver({**self, **replacements}, self.metadata_column)


MAX_LINK_DEPTH = 4


# Each resource's own fields on its model, built once (the declarations do not change).
_MODEL_RESOLVERS: dict[int, ResourceResolver] = {}


def build_resolver(resource: Declaration, entity=None) -> ResourceResolver:
    """The resource's own fields, as columns of ``entity`` (the model unless an alias is given)."""
    entity = resource.model if entity is None else entity
    wire_types = {field["name"]: field["type"] for field in contract_model(resource.name)["fields"]}
    fields: dict[str, SearchField] = {}
    for name, spec in resource.fields.items():
        if isinstance(spec, Column):
            type_text = spec.type or wire_types.get(name)
            found = _search_field(_on(entity, spec.attribute), type_text) if type_text else None
            if found:
                fields[name] = found
        elif isinstance(spec, Link):
            # A linked object is searched by its id: ``account:5`` or ``account.id:5``.
            column = _on(entity, spec.attribute)
            fields[name] = fields[f"{name}.id"] = SearchField(column=column, type=FieldType.INTEGER)
    metadata = resource.fields.get(METADATA_FIELD)
    metadata_column = _on(entity, metadata.attribute) if isinstance(metadata, Column) else None
    return ResourceResolver(fields, metadata_column)


class CallerResolver:
    """What one caller's search may name: the resource's fields, plus fields of linked objects."""

    def __init__(self, resource: Declaration, own: ResourceResolver, ctx) -> None:
        self.resource = resource
        self.own = own
        self.ctx = ctx

    def resolve(self, name: str) -> SearchField | None:
        found = self.own.resolve(name)
        if found is None and "." in name:
            found = _through_link(self.resource, self.resource.model, name.split("."), self.ctx, depth=1)
        return found


def _through_link(resource: Declaration, entity, parts: list[str], ctx, depth: int) -> SearchField | None:
    """``parts[0]`` is a link of ``resource``; the rest names a field of the linked object."""
    link = resource.fields.get(parts[0])
    if not isinstance(link, Link) or len(parts) < 2 or depth > MAX_LINK_DEPTH:
        return None
    target = registry.get(link.resource)
    alias = aliased(target.model)
    rest = parts[1:]
    field = own_resolver(target, ctx, alias).resolve(".".join(rest))
    if field is None:
        field = _through_link(target, alias, rest, ctx, depth + 1)
    if field is None:
        return None
    value = (
        select(field.column)
        .where(alias.id == _on(entity, link.attribute), target.readable_condition(ctx, alias))
        .correlate(entity)
        .scalar_subquery()
    )
    return SearchField(column=value, type=field.type, enum_values=field.enum_values)


def _on(entity, attribute):
    return getattr(entity, attribute.key)


def own_resolver(resource: Declaration, ctx: RequestContext, entity) -> ResourceResolver:
    """The resource's own fields as one caller may search them, on ``entity`` (model or alias)."""
    if entity is resource.model:
        own = _MODEL_RESOLVERS.get(id(resource))
        if own is None:
            own = _MODEL_RESOLVERS[id(resource)] = build_resolver(resource)
    else:
        own = build_resolver(resource, entity)
    if resource.caller_search_fields is not None:
        own = own.with_fields(resource.caller_search_fields(ctx, entity))
    return own


def resolver_for(resource: Declaration, ctx: RequestContext) -> CallerResolver:
    return CallerResolver(resource, own_resolver(resource, ctx, resource.model), ctx)


def filtered(resource: Declaration, statement, resolver, query: str | None, order: str | None):
    """``statement`` narrowed by a search ``query`` and sorted by ``order``, then by id."""
    condition = compile_query(parse_query(query), resolver)
    if condition is not None:
        statement = statement.where(condition)
    ordering = parse_order(order, resolver)
    # Empty values sort as the largest on both databases (PostgreSQL's rule; SQLite's default differs).
    order_by = [column.desc().nulls_first() if descending else column.asc().nulls_last()
                for column, descending in ordering]
    return statement.order_by(*order_by, resource.model.id.asc())


def search_statement(resource: Declaration, ctx: RequestContext, action: str = "read"):
    """Rows the caller may ``action``, filtered by ``query`` and sorted by ``order`` (then by id,
    for stable pages)."""
    return filtered(resource, resource.visible(ctx, action), resolver_for(resource, ctx), ctx.param("query"),
                    ctx.param("order"))
