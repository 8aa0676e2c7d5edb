"""How a resource's wire fields are read from its rows.

``Column`` copies a row attribute, ``Link`` is a field typed as another model (collapsed to
``{"id": ..}`` unless expanded), ``LinkList`` a list of such, ``Computed`` derives a value.
Wire types, search types and formatting all come from the contract model.

Some properties are left out of responses unless named in ``expand`` (``hidden=True``):
wallee does so for ``metaData`` (its own example updates a customer with
``?expand=metaData``), and the engine applies that to every resource's ``metaData``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Column:
    attribute: Any  # ORM attribute, e.g. Space.name
    # The contract type, for fields the SDK's model lacks (wallee returns them; e.g. HumanUser.id).
    type: str | None = None
    hidden: bool = False  # only in responses that expand it
    # (stored value, row) -> wire value, e.g. an amount rounded to its currency's minor units.
    format: Callable[[Any, Any], Any] | None = None


@dataclass(frozen=True)
class Link:
    attribute: Any  # the foreign-key attribute, e.g. Space.account_id
    resource: str  # wire model name of the linked resource, e.g. "Account"
    # (row, request context) -> True to leave the link out, e.g. when it points outside the tenant.
    hide: Callable[[Any, Any], bool] | None = None


@dataclass(frozen=True)
class LinkList:
    resource: str
    # Loads the linked ids for a page of rows: {row id: [linked ids]}.
    load_ids: Callable[[Any, list[int]], Awaitable[dict[int, list[int]]]]


@dataclass(frozen=True)
class Computed:
    compute: Callable[[Any, Any], Any]  # (row, request context) -> value
    hidden: bool = False  # only in responses that expand it


FieldSpec = Column | Link | LinkList | Computed

HIDDEN_BY_DEFAULT = frozenset({"metaData"})


def is_hidden(name: str, spec: FieldSpec) -> bool:
    """True for a property that appears only when expanded."""
    return name in HIDDEN_BY_DEFAULT or bool(getattr(spec, "hidden", False))


def format_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def to_wire(value):
    """Python values to JSON-ready values (the SDK parses ISO date-times and JSON numbers)."""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return value
    return value
