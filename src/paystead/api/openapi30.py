"""An OpenAPI 3.0 rendition of the 3.1 document, for tools that only read 3.0.

The Swagger UI shipped by `swagger-ui-bundle` (4.x) refuses 3.1 documents. The 3.1 document
only uses two constructs 3.0 lacks, both rewritten here:

* `$ref` with sibling keywords (3.0 ignores the siblings): the reference moves into `allOf`;
* `anyOf: [X, {"type": "null"}]`: becomes X with `nullable: true`.
"""

from __future__ import annotations

from typing import Any

_NULL = {"type": "null"}


def as_openapi_30(document: dict) -> dict:
    converted = _convert(document)
    converted["openapi"] = "3.0.3"
    return converted


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _convert(value) for key, value in node.items()}
    any_of = node.get("anyOf")
    if isinstance(any_of, list) and len(any_of) == 2 and _NULL in any_of:
        (schema,) = (item for item in any_of if item != _NULL)
        rest = {key: value for key, value in node.items() if key != "anyOf"}
        node = {**_wrap_ref(schema), **rest, "nullable": True}
    return _wrap_ref(node)


def _wrap_ref(node: dict) -> dict:
    if "$ref" in node and len(node) > 1:
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        return {"allOf": [{"$ref": node["$ref"]}], **siblings}
    return node
