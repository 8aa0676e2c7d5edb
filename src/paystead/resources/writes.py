"""Writing a validated create or update body to a row, driven by the contract.

The request model (``SpaceCreate``, ``CustomerActive``...) says which properties a body may set
(those not read-only); the resource's fields (paystead.resources.derivation) say which column
each is stored in. Only plain columns are copied here: links, checked values and anything
stored differently are the service's own work, and it names them in ``handled`` so that a
writable property nobody stores is an error in the declaration rather than a silently ignored
value. Checking values (currencies, emails, states) stays in the services.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from paystead.contract import model as contract_model
from paystead.resources.catalog import registry
from paystead.resources.fields import Column

# The engine checks and settles an update's version (optimistic locking, resources/versions.py).
VERSION = "version"


@cache
def _writable_columns(resource: str, request_model: str, handled: frozenset[str]) -> Mapping[str, str]:
    fields = registry.get(resource).fields
    columns: dict[str, str] = {}
    unstored = []
    for prop in contract_model(request_model)["fields"]:
        name = prop["name"]
        if prop["read_only"] or name in handled or name == VERSION:
            continue
        spec = fields.get(name)
        if isinstance(spec, Column) and spec.format is None:
            columns[name] = spec.attribute.key
        else:
            unstored.append(name)
    if unstored:
        raise LookupError(f"{request_model} can set {sorted(unstored)}, which {resource} stores in no plain column: "
                          f"the service must handle them (name them in handled=)")
    return columns


def writable_columns(resource: str, request_model: str, *, handled: Iterable[str] = ()) -> Mapping[str, str]:
    """Wire name -> column attribute of what ``request_model`` may set on a ``resource``,
    except the properties in ``handled`` (which the service stores itself)."""
    return _writable_columns(resource, request_model, frozenset(handled))


def writable_values(resource: str, request_model: str, data: Mapping[str, Any], *, handled: Iterable[str] = (),
                    skip_none: bool = False) -> dict[str, Any]:
    """Column values for the plain properties present in ``data`` (a validated ``request_model``
    body). With ``skip_none`` an explicit null leaves the column as it is."""
    return {column: data[wire] for wire, column in writable_columns(resource, request_model, handled=handled).items()
            if wire in data and not (skip_none and data[wire] is None)}


def apply_writable(row: Any, resource: str, request_model: str, data: Mapping[str, Any], *,
                   handled: Iterable[str] = (), skip_none: bool = False) -> None:
    """Sets ``row``'s columns from the plain properties present in ``data``."""
    for column, value in writable_values(resource, request_model, data, handled=handled,
                                         skip_none=skip_none).items():
        setattr(row, column, value)
