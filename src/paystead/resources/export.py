"""CSV export of a searchable resource (``fields``, ``query``, ``order``, ``limit``, ``offset``)."""

from __future__ import annotations

import csv
import io

from starlette.responses import Response

from paystead.errors import BadRequest
from paystead.resources.context import RequestContext
from paystead.resources.declaration import Declaration
from paystead.resources.fields import Column, Computed, Link
from paystead.resources.render import render
from paystead.resources.search import search_statement

DEFAULT_EXPORT_LIMIT = 2000
MAX_EXPORT_LIMIT = 10000


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict) and set(value) == {"id"}:
        return str(value["id"])
    text = str(value)
    # Cells starting with these are run as formulas by spreadsheets: neutralise them.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def export_csv(ctx: RequestContext, resource: Declaration) -> Response:
    exportable = [name for name, spec in resource.fields.items() if isinstance(spec, (Column, Link, Computed))]
    fields = ctx.param("fields") or exportable
    unknown = [name for name in fields if name not in exportable]
    if unknown:
        raise BadRequest(f"Unknown export field(s): {', '.join(unknown)}", code="invalid_parameter",
                         errors={"fields": f"choose from {', '.join(exportable)}"})
    limit = min(ctx.param("limit", DEFAULT_EXPORT_LIMIT), MAX_EXPORT_LIMIT)
    # Exporting is its own permission (e.g. HUMAN_USER_EXPORT): reading alone does not allow it.
    statement = search_statement(resource, ctx, "export").offset(ctx.param("offset", 0)).limit(limit)
    rows = list((await ctx.session.scalars(statement)).all())
    objects = await render(resource, ctx, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for obj in objects:
        writer.writerow([_cell(obj.get(name)) for name in fields])
    return Response(content=buffer.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{resource.sdk_name.replace("_", "-")}.csv"'})
