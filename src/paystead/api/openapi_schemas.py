"""Contract types and models as OpenAPI 3.1 (JSON Schema 2020-12) schemas.

Every function records the model names it references in `refs`, so the document can carry
exactly the models its operations reach.
"""

from __future__ import annotations

from collections.abc import Iterable

from paystead.contract import model

SCHEMA_PREFIX = "#/components/schemas/"

# Contract constraint names -> JSON Schema keywords.
_CONSTRAINT_KEYWORDS = {
    "max_length": "maxLength",
    "min_length": "minLength",
    "ge": "minimum",
    "le": "maximum",
    "min_items": "minItems",
    "max_items": "maxItems",
}

# Contract type names of the scalars that appear outside model fields
# (request bodies and success responses).
_SCALARS = {
    "int": {"type": "integer", "format": "int64"},
    "str": {"type": "string"},
    "bool": {"type": "boolean"},
    "float": {"type": "number"},
    "Union[float,int]": {"type": "number"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "bytes": {"type": "string", "format": "binary"},
    "bytearray": {"type": "string", "format": "binary"},
    "Any": {},
}


def ref(name: str, refs: set[str]) -> dict:
    refs.add(name)
    return {"$ref": SCHEMA_PREFIX + name}


def fragment_schema(fragment: dict, refs: set[str]) -> dict:
    """A contract `json` fragment, whose model links are `ref`/`enum_ref`, as a JSON schema."""
    linked = fragment.get("ref") or fragment.get("enum_ref")
    if linked:
        return ref(linked, refs)
    if fragment.get("type") == "any":  # untyped (Python `Any`): any JSON value
        return {}
    schema = {key: value for key, value in fragment.items() if key != "python"}
    if isinstance(fragment.get("items"), dict):
        schema["items"] = fragment_schema(fragment["items"], refs)
    if isinstance(fragment.get("additionalProperties"), dict):
        schema["additionalProperties"] = fragment_schema(fragment["additionalProperties"], refs)
    return schema


def type_schema(type_name: str, refs: set[str]) -> dict:
    """A contract type name (`List[Space]`, `str`, `Space`, ...) as a JSON schema."""
    if type_name.startswith("List[") and type_name.endswith("]"):
        return {"type": "array", "items": type_schema(type_name[5:-1], refs)}
    if type_name.startswith("Dict[str,") and type_name.endswith("]"):
        return {"type": "object", "additionalProperties": type_schema(type_name[9:-1], refs)}
    if type_name in _SCALARS:
        return dict(_SCALARS[type_name])
    return ref(type_name, refs)


def with_constraints(schema: dict, constraints: dict) -> dict:
    for name, keyword in _CONSTRAINT_KEYWORDS.items():
        if name in constraints:
            schema[keyword] = constraints[name]
    if "pattern" in constraints:
        schema["pattern"] = _pattern(constraints["pattern"], constraints.get("pattern_check"))
    return schema


def _pattern(pattern: str, check: str | None) -> str:
    # The SDK checks with re.match, anchored at the start only; a JSON Schema pattern
    # matches anywhere, so anchor it to mean the same thing.
    if check == "re.match" and not pattern.startswith("^"):
        return f"^(?:{pattern})"
    return pattern


def field_schema(field: dict, refs: set[str]) -> dict:
    schema = with_constraints(fragment_schema(field["json"], refs), field["constraints"])
    if field.get("nullable") and schema:
        schema = {"anyOf": [schema, {"type": "null"}]}
    if field.get("description"):
        schema["description"] = field["description"]
    if field.get("read_only"):
        schema["readOnly"] = True
    return schema


def model_schema(name: str, refs: set[str]) -> dict:
    entry = model(name)
    if entry["is_enum"]:
        schema: dict = {"type": "string", "enum": list(entry["values"])}
    else:
        # No additionalProperties: false: the server sends fields the SDK's models lack.
        schema = {
            "type": "object",
            "properties": {field["name"]: field_schema(field, refs) for field in entry["fields"]},
        }
        required = [field["name"] for field in entry["fields"] if field["required"]]
        if required:
            schema["required"] = required
    if entry.get("description"):
        schema["description"] = entry["description"]
    return schema


def reachable_schemas(roots: Iterable[str]) -> dict[str, dict]:
    """The schemas of `roots` and of every model they reference, transitively, by name."""
    schemas: dict[str, dict] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in schemas:
            continue
        found: set[str] = set()
        schemas[name] = model_schema(name, found)
        pending.extend(found - schemas.keys())
    return dict(sorted(schemas.items()))
