"""The catalog of declarations: every resource by its wire model's name, and the operations
that belong to no single resource. The bottom of the engine: it knows routes only as data.

Domain modules add to it when they are imported; ``paystead.modules`` lists those modules,
and the route table (``paystead.resources.router``) reads the catalog once they are in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from paystead.contract import operation as contract_operation

# An operation's work: request context -> what the operation answers (rendered by the endpoint).
Handler = Callable[[Any], Awaitable[Any]]


@dataclass(frozen=True)
class Route:
    operation: dict  # the contract's operation
    handler: Handler
    needs_body: bool


def action_route(sdk_method: str, handler: Handler, needs_body: bool | None) -> Route:
    """The route of a hand-written operation; it takes a body when the contract gives it one."""
    operation = contract_operation(sdk_method)
    body = operation["request_body"] is not None if needs_body is None else needs_body
    return Route(operation, handler, body)


class Catalog:
    def __init__(self) -> None:
        self._resources: dict[str, Any] = {}
        self._standalone: list[Route] = []

    def add(self, resource):
        """Declares ``resource`` under its wire model's name; answers it, for ``x = registry.add(...)``."""
        self._resources[resource.name] = resource
        return resource

    def get(self, name: str):
        return self._resources[name]

    def resources(self) -> list:
        return list(self._resources.values())

    def operation(self, sdk_method: str, *, needs_body: bool | None = None):
        """Registers an operation that belongs to no single resource's uniform set."""

        def register(handler: Handler) -> Handler:
            self._standalone.append(action_route(sdk_method, handler, needs_body))
            return handler

        return register

    def standalone(self) -> list[Route]:
        return list(self._standalone)


registry = Catalog()
