"""The OpenAPI 3.1 document built from the contract."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from paystead.api.openapi import build_openapi
from paystead.contract import contract, model, operation

SCHEMAS = "#/components/schemas/"


def _operations(document: dict) -> Iterator[tuple[str, str, dict]]:
    for path, item in document["paths"].items():
        for method, op in item.items():
            yield path, method, op


def _op(document: dict, sdk_method: str) -> dict:
    contract_op = operation(sdk_method)
    return document["paths"][contract_op["path"]][contract_op["http_method"].lower()]


def _refs(node) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _param(op: dict, name: str) -> dict:
    (param,) = [p for p in op.get("parameters", []) if p["name"] == name]
    return param


# --- the document as a whole -------------------------------------------------------------


def test_all_operations_are_described_once_under_their_sdk_method(full_document, all_sdk_methods):
    operation_ids = [op["operationId"] for _, _, op in _operations(full_document)]
    assert len(operation_ids) == len(all_sdk_methods) == 512
    assert sorted(operation_ids) == sorted(all_sdk_methods)


def test_paths_and_methods_are_the_contracts(full_document):
    for path, method, op in _operations(full_document):
        contract_op = operation(op["operationId"])
        assert (path, method.upper()) == (contract_op["path"], contract_op["http_method"])


def test_a_subset_describes_only_its_operations(small_document, small_subset):
    operation_ids = [op["operationId"] for _, _, op in _operations(small_document)]
    assert sorted(operation_ids) == sorted(small_subset)
    assert set(small_document["paths"]) == {"/spaces", "/spaces/{id}"}
    assert [tag["name"] for tag in small_document["tags"]] == ["Spaces"]


def test_top_level_fields(small_document):
    assert small_document["openapi"] == "3.1.0"
    assert small_document["info"]["title"] == "Paystead (wallee REST API v2.0)"
    assert small_document["info"]["version"] == "0.0.0-test"
    assert small_document["servers"] == [{"url": "/api/v2.0"}]
    assert small_document["security"] == [{"jwt": []}]
    assert build_openapi([], title="T", version="1")["info"]["title"] == "T"


def test_jwt_security_scheme_documents_walles_scheme(small_document):
    scheme = small_document["components"]["securitySchemes"]["jwt"]
    assert {k: scheme[k] for k in ("type", "scheme", "bearerFormat")} == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    for word in ("HS256", "base64-decoded", "`ver`", "sub", "iat", "requestPath", "requestMethod"):
        assert word.strip("`") in scheme["description"]


def test_operation_metadata_comes_from_the_contract(full_document):
    op = _op(full_document, "delete_spaces_id")
    assert op["tags"] == ["Spaces"]
    assert op["summary"] == "Delete a space"
    assert op["description"] == "Permanently deletes a space. It cannot be undone."
    assert _op(full_document, "get_human_users_export")["tags"] == ["Human Users"]
    tags = {tag["name"] for tag in full_document["tags"]}
    assert {"Spaces", "Human Users", "Webhook URLs"} <= tags


def test_unknown_operation_is_an_error():
    with pytest.raises(KeyError):
        build_openapi(["no_such_operation"], version="1")


def test_building_everything_describes_every_operation(all_sdk_methods):
    # (How long this takes is not a test's business: a loaded machine made it flaky.)
    document = build_openapi(all_sdk_methods, version="1")
    described = {op["operationId"] for path in document["paths"].values() for op in path.values()
                 if isinstance(op, dict) and "operationId" in op}
    assert described == set(all_sdk_methods)


# --- parameters ----------------------------------------------------------------------------


def test_scope_headers_are_required_integer_headers(full_document):
    for _, _, op in _operations(full_document):
        scope = operation(op["operationId"])["scope_header"]
        headers = [p for p in op.get("parameters", []) if p["in"] == "header"]
        if scope is None:
            assert headers == []
            continue
        assert [h["name"] for h in headers] == [scope]
        assert headers[0]["required"] is True
        assert headers[0]["schema"] == {"type": "integer", "format": "int64"}


def test_expand_is_an_exploded_array(full_document):
    expand = _param(_op(full_document, "get_spaces_id"), "expand")
    assert expand["in"] == "query"
    assert expand["required"] is False
    assert (expand["style"], expand["explode"]) == ("form", True)
    assert expand["schema"] == {"type": "array", "items": {"type": "string"}}


def test_path_parameters_are_required(full_document):
    id_param = _param(_op(full_document, "get_spaces_id"), "id")
    assert id_param == {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "format": "int64"},
    }


def test_parameter_constraints_and_enums(full_document):
    op = _op(full_document, "get_accounts")
    assert _param(op, "limit")["schema"] == {
        "type": "integer",
        "format": "int64",
        "minimum": 1,
        "maximum": 100,
    }
    assert _param(op, "order")["schema"] == {"$ref": SCHEMAS + "SortingOrder"}
    assert full_document["components"]["schemas"]["SortingOrder"] == {
        "type": "string",
        "enum": ["ASC", "DESC"],
    }


# --- bodies and responses ------------------------------------------------------------------


def test_post_spaces_creates_a_space(full_document):
    op = _op(full_document, "post_spaces")
    assert op["requestBody"] == {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": SCHEMAS + "SpaceCreate"}}},
    }
    assert "200" not in op["responses"]
    assert op["responses"]["201"]["content"] == {
        "application/json": {"schema": {"$ref": SCHEMAS + "Space"}}
    }


def test_delete_space_answers_204_without_content(full_document):
    responses = _op(full_document, "delete_spaces_id")["responses"]
    assert responses["204"] == {"description": "No Content"}
    assert "requestBody" not in _op(full_document, "delete_spaces_id")


def test_export_is_binary_csv(full_document):
    ok = _op(full_document, "get_human_users_export")["responses"]["200"]
    assert ok["content"] == {"text/csv": {"schema": {"type": "string", "format": "binary"}}}


def test_string_and_bool_responses(full_document):
    text = _op(full_document, "get_manual_tasks_id_notification")["responses"]["200"]["content"]
    assert text == {
        "text/plain": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "string"}},
    }
    flag = _op(full_document, "get_web_apps_installed")["responses"]["200"]["content"]
    assert flag == {"application/json": {"schema": {"type": "boolean"}}}


def test_several_success_statuses(full_document):
    op = _op(full_document, "get_analytics_queries_query_token_query_token_result")
    responses = op["responses"]
    assert "content" in responses["200"]
    assert responses["202"] == {"description": "Accepted"}
    assert responses["204"] == {"description": "No Content"}


def test_list_bodies_and_responses(full_document):
    bulk_delete = _op(full_document, "delete_customers_bulk")
    assert bulk_delete["requestBody"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"type": "integer", "format": "int64"},
    }
    assert bulk_delete["responses"]["200"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": SCHEMAS + "RestApiBulkOperationResult"},
    }
    bulk_create = _op(full_document, "post_customers_bulk")
    assert bulk_create["requestBody"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": SCHEMAS + "CustomerCreate"},
    }


def test_every_error_status_is_described(full_document):
    error = {"application/json": {"schema": {"$ref": SCHEMAS + "RestApiErrorResponse"}}}
    for _, _, op in _operations(full_document):
        expected = operation(op["operationId"])["error_responses"]
        for status in expected:
            assert op["responses"][status]["content"] == error
        assert "5XX" in op["responses"]
    assert _op(full_document, "post_spaces")["responses"]["409"]["description"] == "Conflict"
    assert _op(full_document, "post_spaces")["responses"]["5XX"]["description"] == "Server error"


def _bounded_offset(contract_op: dict) -> bool:
    return any(p["name"] == "offset" and "le" in p["constraints"] for p in contract_op["parameters"])


def test_success_statuses_are_exactly_the_contracts(full_document):
    for _, _, op in _operations(full_document):
        contract_op = operation(op["operationId"])
        expected = set(contract_op["success_responses"]) | set(contract_op["error_responses"])
        if contract_op["request_body"]:
            expected.add("413")  # Paystead's answer to a body beyond its size limit
        if _bounded_offset(contract_op):
            expected.add("416")  # Paystead's answer to an offset beyond the maximum
        assert set(op["responses"]) == expected


def test_an_offset_beyond_the_maximum_is_a_documented_416(full_document):
    # Found by schemathesis (tests/reliability/test_schemathesis.py): searches answered ?offset=10001
    # with a 416 the document did not list.
    search = _op(full_document, "get_spaces_search")
    assert _param(search, "offset")["schema"]["maximum"] == 10000
    assert search["responses"]["416"] == {
        "description": "Requested Range Not Satisfiable",
        "content": {"application/json": {"schema": {"$ref": SCHEMAS + "RestApiErrorResponse"}}},
    }
    assert "416" not in _op(full_document, "get_spaces")["responses"]  # lists page with cursors
    assert all("416" in op["responses"] for _, _, op in _operations(full_document)
               if _bounded_offset(operation(op["operationId"])))


def test_a_body_beyond_the_size_limit_is_a_documented_413(full_document):
    # Found by schemathesis: a comment of more than 1 MiB was a 413 the document did not list.
    comment = _op(full_document, "post_customers_customer_id_comments")
    assert comment["responses"]["413"]["content"] == {
        "application/json": {"schema": {"$ref": SCHEMAS + "RestApiErrorResponse"}}}
    assert "413" not in _op(full_document, "get_customers_id")["responses"]  # no body, no limit
    assert all("413" in op["responses"] for _, _, op in _operations(full_document) if "requestBody" in op)


def test_creations_link_to_the_operations_on_the_new_object(full_document):
    links = _op(full_document, "post_customers")["responses"]["201"]["links"]
    assert links["get_customers_id"] == {
        "operationId": "get_customers_id",
        "parameters": {"path.id": "$response.body#/id", "header.Space": "$request.header.Space"},
    }
    assert {"patch_customers_id", "delete_customers_id", "post_customers_customer_id_addresses",
            "get_customers_id_email_addresses"} <= set(links)
    # Only the new object's own operations: not the objects below it, nor pairs of objects.
    assert "get_customers_customer_id_addresses_id" not in links
    assert "post_customers_id_merge_other" not in links
    nested = _op(full_document, "post_customers_customer_id_addresses")["responses"]["201"]["links"]
    assert nested["delete_customers_customer_id_addresses_id"]["parameters"] == {
        "path.id": "$response.body#/id", "path.customerId": "$request.path.customerId",
        "header.Space": "$request.header.Space"}
    # Account-level objects take no scope header.
    assert _op(full_document, "post_spaces")["responses"]["201"]["links"]["delete_spaces_id"]["parameters"] == {
        "path.id": "$response.body#/id"}


def test_every_link_names_an_operation_and_its_parameters(full_document):
    by_id = {op["operationId"]: op for _, _, op in _operations(full_document)}
    found = 0
    for _, _, op in _operations(full_document):
        for response in op["responses"].values():
            for link in response.get("links", {}).values():
                found += 1
                target = by_id[link["operationId"]]
                declared = {f"{p['in']}.{p['name']}" for p in target.get("parameters", [])}
                assert set(link["parameters"]) <= declared, link
    assert found > 50
    # No link where the response schema has no id (the SDK's HumanUser has none).
    assert "links" not in _op(full_document, "post_human_users")["responses"]["201"]


# --- schemas -------------------------------------------------------------------------------


def _closure(roots: set[str]) -> set[str]:
    # Independent of the implementation: the contract lists each model's direct references.
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(model(name).get("refs", []))
    return seen


def test_only_reachable_schemas_are_included(small_document):
    schemas = set(small_document["components"]["schemas"])
    assert schemas == _closure({"Space", "SpaceCreate", "RestApiErrorResponse"})
    assert "Transaction" not in schemas


def test_every_reference_resolves_and_every_schema_is_referenced(full_document):
    schemas = full_document["components"]["schemas"]
    refs = set(_refs(full_document))
    assert all(r.startswith(SCHEMAS) for r in refs)
    assert {r.removeprefix(SCHEMAS) for r in refs} == set(schemas)
    unused = set(contract()["summary"]["models_not_reachable_from_any_operation"])
    assert unused.isdisjoint(schemas)


def test_model_schema_shape(full_document):
    space = full_document["components"]["schemas"]["Space"]
    assert space["type"] == "object"
    assert "additionalProperties" not in space  # the server may send fields the SDK lacks
    props = space["properties"]
    assert props["id"] == {
        "type": "integer",
        "format": "int64",
        "description": props["id"]["description"],
        "readOnly": True,
    }
    assert props["createdOn"]["format"] == "date-time"
    assert props["state"]["$ref"] == SCHEMAS + "CreationEntityState"
    assert props["technicalContactAddresses"]["type"] == "array"
    assert "readOnly" not in props["postalAddress"]


def test_no_schema_forbids_additional_properties(full_document):
    for name, schema in full_document["components"]["schemas"].items():
        assert schema.get("additionalProperties") is not False, name


def test_required_fields_and_field_types(full_document):
    schemas = full_document["components"]["schemas"]
    required = {f["name"] for f in model("SpaceCreate")["fields"] if f["required"]}
    assert set(schemas["SpaceCreate"].get("required", [])) == required
    # Dict[str,str]
    assert schemas["RestApiErrorResponse"]["properties"]["errors"]["additionalProperties"] == {
        "type": "string"
    }
    # decimals
    assert schemas["Tax"]["properties"]["rate"]["type"] == "number"
    assert schemas["Tax"]["properties"]["rate"]["maximum"] == 100


def test_string_constraints(full_document):
    schemas = full_document["components"]["schemas"]
    for model_name, entry in schemas.items():
        contract_model = model(model_name)
        for field in contract_model.get("fields", []):
            constraints = field["constraints"]
            prop = entry["properties"][field["name"]]
            if "max_length" in constraints:
                assert prop["maxLength"] == constraints["max_length"]
            if "min_length" in constraints:
                assert prop["minLength"] == constraints["min_length"]
            if "min_items" in constraints:
                assert prop["minItems"] == constraints["min_items"]
            if "pattern" in constraints:
                # re.match semantics: anchored at the start.
                assert prop["pattern"] == f"^(?:{constraints['pattern']})"


def test_date_fields(full_document):
    dates = [
        (m["name"], f["name"])
        for m in contract()["models"].values()
        for f in m.get("fields", [])
        if f["type"] == "date"
    ]
    assert dates
    schemas = full_document["components"]["schemas"]
    for model_name, field_name in dates:
        if model_name in schemas:
            assert schemas[model_name]["properties"][field_name]["format"] == "date"
