"""Searchable and sortable fields of a resource, typed by the contract model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paystead.contract import model as contract_model
from paystead.query import FieldType, MappingResolver, SearchField
from paystead.resources.fields import Column, Link
from paystead.resources.metadata import FIELD as METADATA_FIELD
from paystead.resources.metadata import metadata_search_field
from paystead.wire.types import enum_values, parse_type

if TYPE_CHECKING:
    from paystead.resources.registry import Resource

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
    if ref.kind == "list" and ref.item.kind == "scalar" and ref.item.name == "str":
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


def build_resolver(resource: Resource) -> ResourceResolver:
    wire_types = {field["name"]: field["type"] for field in contract_model(resource.name)["fields"]}
    fields: dict[str, SearchField] = {}
    for name, spec in resource.fields.items():
        if isinstance(spec, Column):
            type_text = spec.type or wire_types.get(name)
            found = _search_field(spec.attribute, type_text) if type_text else None
            if found:
                fields[name] = found
        elif isinstance(spec, Link):
            # A linked object is searched by its id: ``account:5`` or ``account.id:5``.
            fields[name] = fields[f"{name}.id"] = SearchField(column=spec.attribute, type=FieldType.INTEGER)
    metadata = resource.fields.get(METADATA_FIELD)
    metadata_column = metadata.attribute if isinstance(metadata, Column) else None
    return ResourceResolver(fields, metadata_column)
