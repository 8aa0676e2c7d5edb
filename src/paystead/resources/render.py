"""Turns rows into wire objects, expanding linked objects named in ``expand``.

Links appear collapsed as ``{"id": ..}``; an expanded link is loaded for the whole page at
once (one query per link and level) through the linked resource's own scope, so nothing the
caller may not read is ever filled in. Properties hidden by default (``metaData``) appear
only when ``expand`` names them. Expanding what is no link (a plain field, a name the model
lacks) is ignored, as wallee does: its own SDK suite expands ``group`` on webhook URLs.
"""

from __future__ import annotations

import re

from paystead.errors import BadRequest
from paystead.resources.catalog import registry
from paystead.resources.context import RequestContext
from paystead.resources.declaration import Declaration
from paystead.resources.fields import Column, Computed, Link, LinkList, is_hidden, to_wire

MAX_EXPAND_DEPTH = 4
# A segment of an expand path: a field name as the contract spells them (``parentAccount``).
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}")


def parse_expand(paths: list[str] | None) -> dict:
    """``["a.b", "c"]`` -> ``{"a": {"b": {}}, "c": {}}``.

    Only a malformed path is a 400: deeper than four levels, or a segment that is no field
    name. Whether the names exist is left to rendering, which ignores what it cannot expand.
    """
    tree: dict = {}
    for path in paths or []:
        parts = path.split(".")
        if len(parts) > MAX_EXPAND_DEPTH:
            raise BadRequest(f"expand {path!r} is deeper than {MAX_EXPAND_DEPTH} levels", code="invalid_expand",
                             errors={"expand": path})
        if not all(_FIELD_NAME.fullmatch(part) for part in parts):
            raise BadRequest(f"expand {path!r} is not a field path", code="invalid_expand", errors={"expand": path})
        node = tree
        for part in parts:
            node = node.setdefault(part, {})
    return tree


def _base(resource: Declaration, row, ctx: RequestContext, shown: dict) -> dict:
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


async def render_rows(resource: Declaration, rows: list, expand: dict, ctx: RequestContext) -> list[dict]:
    objects = [_base(resource, row, ctx, expand) for row in rows]
    for spec_name, spec in resource.fields.items():
        if isinstance(spec, LinkList) and rows:
            ids_by_row = await spec.load_ids(ctx.session, [row.id for row in rows])
            for obj, row in zip(objects, rows):
                obj[spec_name] = [{"id": linked} for linked in ids_by_row.get(row.id, [])]
    for name, subtree in expand.items():
        linked = resource.fields.get(name)
        # As on wallee, a name that is no link (a plain field, already shown, or one this model
        # lacks) expands to nothing rather than failing the request.
        if isinstance(linked, (Link, LinkList)):
            await _expand_link(name, linked, subtree, objects, ctx)
    return objects


async def _expand_link(name: str, spec, subtree: dict, objects: list[dict], ctx: RequestContext) -> None:
    linked_resource = registry.get(spec.resource)
    refs = [ref for obj in objects for ref in _refs(obj.get(name))]
    ids = {ref["id"] for ref in refs}
    if not ids:
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


async def render(resource: Declaration, ctx: RequestContext, rows: list) -> list[dict]:
    """``rows`` as wire objects, expanded as the request's ``expand`` asks."""
    # Pending changes first: a flush bumps versions, and the answer must show the stored ones.
    await ctx.session.flush()
    return await render_rows(resource, rows, parse_expand(ctx.param("expand")), ctx)


async def render_one(resource: Declaration, ctx: RequestContext, row) -> dict:
    return (await render(resource, ctx, [row]))[0]
