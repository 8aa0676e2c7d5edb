"""Turns rows into wire objects, expanding linked objects named in ``expand``.

Links appear collapsed as ``{"id": ..}``; an expanded link is loaded for the whole page at
once (one query per link and level) through the linked resource's own scope, so nothing the
caller may not read is ever filled in. Properties hidden by default (``metaData``) appear
only when ``expand`` names them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paystead.errors import BadRequest
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column, Computed, Link, LinkList, is_hidden, to_wire

if TYPE_CHECKING:
    from paystead.resources.registry import Resource

MAX_EXPAND_DEPTH = 4


def parse_expand(paths: list[str] | None) -> dict:
    """``["a.b", "c"]`` -> ``{"a": {"b": {}}, "c": {}}``; deeper than four levels is a 400."""
    tree: dict = {}
    for path in paths or []:
        parts = path.split(".")
        if len(parts) > MAX_EXPAND_DEPTH:
            raise BadRequest(f"expand {path!r} is deeper than {MAX_EXPAND_DEPTH} levels", code="invalid_expand",
                             errors={"expand": path})
        if any(not part for part in parts):
            raise BadRequest(f"expand {path!r} is not a field path", code="invalid_expand", errors={"expand": path})
        node = tree
        for part in parts:
            node = node.setdefault(part, {})
    return tree


def _base(resource: Resource, row, ctx: RequestContext, shown: dict) -> dict:
    out: dict = {}
    for name, spec in resource.fields.items():
        if is_hidden(name, spec) and name not in shown:
            continue
        if isinstance(spec, Column):
            value = getattr(row, spec.attribute.key)
            out[name] = to_wire(spec.format(value, row) if spec.format is not None else value)
        elif isinstance(spec, Link):
            linked = getattr(row, spec.attribute.key)
            hidden = spec.hide is not None and spec.hide(row, ctx)
            out[name] = {"id": linked} if linked is not None and not hidden else None
        elif isinstance(spec, Computed):
            out[name] = to_wire(spec.compute(row, ctx))
    return {key: value for key, value in out.items() if value is not None}


async def render_rows(resource: Resource, rows: list, expand: dict, ctx: RequestContext) -> list[dict]:
    objects = [_base(resource, row, ctx, expand) for row in rows]
    for spec_name, spec in resource.fields.items():
        if isinstance(spec, LinkList) and rows:
            ids_by_row = await spec.load_ids(ctx.session, [row.id for row in rows])
            for obj, row in zip(objects, rows):
                obj[spec_name] = [{"id": linked} for linked in ids_by_row.get(row.id, [])]
    for name, subtree in expand.items():
        spec = resource.fields.get(name)
        if spec is not None and is_hidden(name, spec) and not isinstance(spec, (Link, LinkList)):
            if subtree:
                raise BadRequest(f"{resource.name}.{name} has no fields to expand", code="invalid_expand",
                                 errors={"expand": name})
            continue  # already shown by _base
        if not isinstance(spec, (Link, LinkList)):
            raise BadRequest(f"{resource.name}.{name} cannot be expanded", code="invalid_expand",
                             errors={"expand": name})
        await _expand_link(name, spec, subtree, objects, ctx)
    return objects


async def _expand_link(name: str, spec, subtree: dict, objects: list[dict], ctx: RequestContext) -> None:
    from paystead.resources.registry import registry

    linked_resource = registry.get(spec.resource)
    refs = [ref for obj in objects for ref in _refs(obj.get(name))]
    ids = {ref["id"] for ref in refs}
    if not ids:
        # Nothing to load, but unknown fields deeper in the path are still a 400: whether an
        # expand is valid must not depend on the data on the page.
        await render_rows(linked_resource, [], subtree, ctx)
        return
    rows = await linked_resource.load_readable(ctx, ids)
    rendered = await render_rows(linked_resource, rows, subtree, ctx)
    by_id = {obj["id"]: obj for obj in rendered}
    for obj in objects:
        value = obj.get(name)
        if isinstance(value, list):
            obj[name] = [by_id.get(ref["id"], ref) for ref in value]
        elif isinstance(value, dict):
            obj[name] = by_id.get(value["id"], value)


def _refs(value) -> list[dict]:
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []
