"""``paystead routes``: every operation the API offers, with the function that answers it.

Most operations are generated from resource declarations, so their SDK names appear nowhere in
the code as written; this table is how one finds, from a name or a path, where a route is
answered. Generic operations name the engine's handler (``paystead.resources.crud:read_object``)
that the route binds to its resource.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from paystead import modules
from paystead.contract import BASE_PATH
from paystead.resources.router import all_routes, answering_function

_METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}


@dataclass(frozen=True)
class RouteEntry:
    method: str
    path: str  # as served, with the API's base path
    operation_id: str  # the SDK's method name, also the OpenAPI operationId
    function: str  # "module:function", importable


def function_name(function) -> str:
    return f"{function.__module__}:{function.__qualname__}"


def route_entries(text: str | None = None) -> list[RouteEntry]:
    """Every route, by path and method; with ``text``, those whose path, operation id or function
    contains it (ignoring case)."""
    entries = [RouteEntry(route.operation["http_method"], BASE_PATH + route.operation["path"],
                          route.operation["sdk_method"], function_name(answering_function(route.handler)))
               for route in all_routes(modules.catalog)]
    if text:
        needle = text.lower()
        entries = [entry for entry in entries
                   if any(needle in value.lower() for value in (entry.path, entry.operation_id, entry.function))]
    return sorted(entries, key=lambda entry: (entry.path, _METHOD_ORDER.get(entry.method, 9), entry.method))


def format_lines(entries: list[RouteEntry]) -> list[str]:
    """One line a route, in aligned columns: method, path, operation id, function."""
    if not entries:
        return []
    widths = [max(len(getattr(entry, name)) for entry in entries) for name in ("method", "path", "operation_id")]
    return [f"{entry.method:<{widths[0]}}  {entry.path:<{widths[1]}}  {entry.operation_id:<{widths[2]}}  "
            f"{entry.function}" for entry in entries]


def as_json(entries: list[RouteEntry]) -> list[dict]:
    return [{"method": e["method"], "path": e["path"], "operationId": e["operation_id"], "function": e["function"]}
            for e in map(asdict, entries)]
