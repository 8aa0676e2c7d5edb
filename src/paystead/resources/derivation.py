"""A resource's wire fields, read from its contract model and its ORM model.

Each property of the contract model whose snake_case name (the SDK's ``python_name``) is a
column becomes a ``Column``; a property typed as another model with a ``<name>_id`` column
becomes a ``Link`` to that model, and an integer property with a ``<name>_id`` column is that
id (wallee's ``parent``, ``primaryAccount``...). wallee's ``linkedSpaceId`` is ``space_id``
and its ``linkedTransaction`` is ``transaction_id``.
Everything else (renames, hidden links, link lists, computed values, formatting) is written
out as an override, and what must not be shown is named in ``omit``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import inspect

from paystead.contract import model as contract_model
from paystead.resources.fields import Column, FieldSpec, Link

# Properties every wallee model spells the same way, on a column of another name.
CONVENTIONAL_COLUMNS = {"linkedSpaceId": "space_id", "linkedTransaction": "transaction_id"}


def _columns(orm_model: type[Any]) -> dict[str, Any]:
    """The mapped column attributes of ``orm_model`` by attribute name."""
    return {attribute.key: getattr(orm_model, attribute.key) for attribute in inspect(orm_model).column_attrs}


def derive_field(prop: dict, columns: Mapping[str, Any]) -> FieldSpec | None:
    """The field a contract property gets from the columns, or None when no column matches."""
    snake = CONVENTIONAL_COLUMNS.get(prop["name"], prop["python_name"])
    if snake in columns:
        return Column(columns[snake])
    linked_models = [ref for ref in prop["refs"] if not _is_enum(ref)]
    if f"{snake}_id" in columns:
        if prop["type"] in linked_models:
            return Link(columns[f"{snake}_id"], prop["type"])
        if prop["type"] == "int":
            return Column(columns[f"{snake}_id"])
    return None


def _is_enum(name: str) -> bool:
    return contract_model(name)["is_enum"]


def derived_fields(contract_name: str, orm_model: type[Any], overrides: Mapping[str, FieldSpec] | None = None,
                   omit: Iterable[str] = ()) -> dict[str, FieldSpec]:
    """The wire fields of ``contract_name`` rendered from rows of ``orm_model``.

    ``overrides`` replace or add fields (they may name properties the SDK's model lacks);
    ``omit`` names properties with a matching column that are deliberately not rendered.
    """
    overrides = dict(overrides or {})
    omitted = set(omit)
    properties = {prop["name"]: prop for prop in contract_model(contract_name)["fields"]}
    unknown = omitted - properties.keys()
    if unknown:
        raise KeyError(f"{contract_name} has no properties {sorted(unknown)} to omit")
    columns = _columns(orm_model)
    fields: dict[str, FieldSpec] = {}
    for name, prop in properties.items():
        if name in overrides or name in omitted:
            continue
        spec = derive_field(prop, columns)
        if spec is not None:
            fields[name] = spec
    fields.update(overrides)
    return fields
