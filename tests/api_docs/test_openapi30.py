"""The OpenAPI 3.0 rendition fed to the bundled (3.0-only) Swagger UI."""

from __future__ import annotations

from paystead.api.openapi30 import as_openapi_30


def test_version_and_untouched_input(small_document):
    converted = as_openapi_30(small_document)
    assert converted["openapi"] == "3.0.3"
    assert small_document["openapi"] == "3.1.0"
    assert converted["paths"].keys() == small_document["paths"].keys()


def test_ref_siblings_move_next_to_an_allof():
    document = {"openapi": "3.1.0", "x": {"$ref": "#/a", "description": "d", "readOnly": True}}
    assert as_openapi_30(document)["x"] == {
        "allOf": [{"$ref": "#/a"}],
        "description": "d",
        "readOnly": True,
    }


def test_bare_refs_stay():
    assert as_openapi_30({"x": [{"$ref": "#/a"}]})["x"] == [{"$ref": "#/a"}]


def test_null_alternatives_become_nullable():
    document = {
        "a": {"anyOf": [{"type": "string"}, {"type": "null"}], "description": "d"},
        "b": {"anyOf": [{"$ref": "#/m"}, {"type": "null"}]},
    }
    converted = as_openapi_30(document)
    assert converted["a"] == {"type": "string", "description": "d", "nullable": True}
    assert converted["b"] == {"allOf": [{"$ref": "#/m"}], "nullable": True}


def _dicts(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _dicts(item)


def test_full_rendition_has_only_bare_refs(full_document):
    converted = as_openapi_30(full_document)
    assert all(len(node) == 1 for node in _dicts(converted) if "$ref" in node)
    assert not any("anyOf" in node for node in _dicts(converted))
