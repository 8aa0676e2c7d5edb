"""The route table: every operation the catalog's declarations offer, as contract operation,
handler and HTTP endpoint.

A resource's uniform operations are named from its ``sdk_name`` (``get_spaces_id``...), its bulk
variants exist wherever the contract declares them, and its actions and the standalone
operations are added as they were registered. ``paystead routes`` prints this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from paystead.contract import BASE_PATH, operations_by_sdk_method
from paystead.resources.bulk import BULK_HANDLERS
from paystead.resources.catalog import Catalog, Handler, Route, registry
from paystead.resources.crud import HANDLERS
from paystead.resources.declaration import Declaration
from paystead.resources.endpoint import make_endpoint


def resource_routes(resource: Declaration) -> list[Route]:
    contract_ops = operations_by_sdk_method()
    routes = []
    for name in resource.operations:
        method_pattern, handler, needs_body = HANDLERS[name]
        routes.append(Route(contract_ops[method_pattern.format(resource.sdk_name)], partial(handler, resource),
                            needs_body))
    for method_pattern, handler in BULK_HANDLERS.items():
        sdk_method = method_pattern.format(resource.sdk_name)
        if sdk_method in contract_ops:
            routes.append(Route(contract_ops[sdk_method], partial(handler, resource), True))
    return routes + resource.actions


def all_routes(catalog: Catalog = registry) -> list[Route]:
    """Every route of the catalog, literal path segments before placeholders (Starlette matches
    in order: /spaces/search must come before /spaces/{id})."""
    routes = [route for resource in catalog.resources() for route in resource_routes(resource)]
    routes += catalog.standalone()
    return sorted(routes, key=lambda route: [segment.startswith("{") for segment in route.operation["path"].split("/")])


def answering_function(handler: Handler) -> Any:
    """The function that answers a route: the handler, or the generic one a resource is bound to."""
    return handler.func if isinstance(handler, partial) else handler


@dataclass(frozen=True)
class EndpointRoute:
    path: str  # with the API's base path
    method: str
    endpoint: Any
    sdk_method: str


def endpoint_routes(catalog: Catalog = registry) -> list[EndpointRoute]:
    return [EndpointRoute(BASE_PATH + route.operation["path"], route.operation["http_method"],
                          make_endpoint(route.operation, route.handler, needs_body=route.needs_body),
                          route.operation["sdk_method"])
            for route in all_routes(catalog)]
