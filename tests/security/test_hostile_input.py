"""Hostile and malformed input on every implemented operation: bodies, path ids, query parameters,
content negotiation, unknown routes and wrong methods. Every answer is a RestApiErrorResponse with
a 4xx status (a type problem is a 400 naming the field), never a 5xx, and a valid request
afterwards still works."""

from __future__ import annotations

import json

import pytest

from paystead.contract import BASE_PATH
from paystead.contract import model as contract_model
from paystead.contract import models as contract_models
from tests.security.support import (
    assert_log_is_clean,
    error_problem,
    implemented_operations,
    object_reader,
    operation_named,
    reading_operation,
    routed_methods,
)

INT64_OVERFLOW = "9223372036854775808"


def body_operations():
    # Bulk bodies are arrays of items; tests/customers covers their hostile and partial input.
    return [op for op in implemented_operations() if op.body_model and not op.body_is_list]


def assert_still_works(api, factory, admin_world, fresh_admin_world, admin_identity, op) -> None:
    world = fresh_admin_world() if op.is_disabling else admin_world
    call = factory.build(op, world)
    response = api.send(admin_identity, call)
    assert response.status_code == op.valid_call_status, \
        f"valid {call} after hostile input: {response.status_code} {response.text}"


def check_all(api, admin_identity, cases) -> list[str]:
    """Sends (what, call, statuses, naming, raw options) cases; returns what went wrong."""
    problems = []
    for what, call, statuses, naming, options in cases:
        response = api.send(admin_identity, call, **options)
        problem = error_problem(response, statuses, f"{what}: {call}", naming=naming)
        if problem:
            problems.append(problem)
    return problems


# --- bodies ------------------------------------------------------------------------------------


def _with_literal(body: dict, name: str, literal: str) -> bytes:
    """The JSON text of ``body`` with ``name`` set to a raw JSON literal."""
    marker = "\u2063placeholder\u2063"
    return json.dumps({**body, name: marker}).replace(json.dumps(marker), literal).encode()


def _first_field_of(op, type_names: tuple[str, ...], body: dict) -> str | None:
    fields = [f["name"] for f in contract_model(op.body_model)["fields"]
              if not f["read_only"] and f["type"] in type_names]
    return next((name for name in fields if name in body), fields[0] if fields else None)


def malformed_body_cases(op, call):
    """Bodies that are no valid JSON object, or hold values no JSON object of the API may hold."""
    valid = call.body
    cases = {
        "malformed JSON": (b'{"name": "x",', 400),
        "empty body": (b"", 400),
        "whitespace body": (b"  \n ", 400),
        "JSON array": (b"[]", 400),
        "array of the valid body": (json.dumps([valid]).encode(), 400),
        "JSON string": (b'"text"', 400),
        "JSON null": (b"null", 400),
        "JSON number": (b"42", 400),
        "invalid UTF-8": (json.dumps(valid).encode()[:-1] + b', "x": "\xff\xfe"}', 400),
        "100-level nesting": (_with_literal(valid, "securityNested", "[" * 100 + "]" * 100), 400),
        "100-level object nesting": (_with_literal(valid, "securityNested", '{"a":' * 100 + "1" + "}" * 100), 400),
        "NUL in a key": (_with_literal(valid, "na\u0000me", '"x"'), 400),
        "2 MB body": (_with_literal(valid, "securityPadding", '"' + "a" * 2_000_000 + '"'), 413),
    }
    number_field = _first_field_of(op, ("int", "Union[float,int]"), valid)
    if number_field:
        for literal in ("NaN", "Infinity", "-Infinity", INT64_OVERFLOW, "-9223372036854775809", "9" * 5000,
                        "1e999"):
            cases[f"{number_field}={literal[:25]}"] = (_with_literal(valid, number_field, literal), 400)
    text_field = _first_field_of(op, ("str",), valid)
    if text_field:
        cases[f"NUL in {text_field}"] = (_with_literal(valid, text_field, r'"a\u0000b"'), 400)
        cases[f"lone surrogate in {text_field}"] = (_with_literal(valid, text_field, r'"\ud800"'), 400)
        cases[f"lone low surrogate in {text_field}"] = (_with_literal(valid, text_field, r'"x\udfff"'), 400)
    return [(what, call, {status}, None, {"content": content}) for what, (content, status) in cases.items()]


@pytest.mark.parametrize("sdk_method", [op.sdk_method for op in body_operations()])
def test_malformed_bodies(api, factory, admin_world, fresh_admin_world, admin_identity, sdk_method):
    op = operation_named(sdk_method)
    call = factory.build(op, admin_world)
    cases = malformed_body_cases(op, call)
    body = json.dumps(call.body).encode()
    cases += [
        ("text/plain", call, {415}, None, {"content": body, "headers": {"Content-Type": "text/plain"}}),
        ("form encoded", call, {415}, None,
         {"content": b"name=x", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
        ("Accept XML", call, {406}, None, {"headers": {"Accept": "application/xml"}}),
    ]
    problems = check_all(api, admin_identity, cases)
    assert not problems, "\n".join(problems)
    assert_still_works(api, factory, admin_world, fresh_admin_world, admin_identity, op)


WRONG_VALUES = {
    "int": ["12", 1.5, True, [], {}],
    "Union[float,int]": ["12", True, []],
    "str": [5, True, [], {}],
    "bool": ["true", 1, []],
    "datetime": [5, "yesterday", []],
    "date": [5, "yesterday"],
    "list": [{}, "text", 5],
    "dict": [[], "text", 5],
    "model": [[], "text", 5],
    "enum": [5, "NO_SUCH_VALUE", {}],
}


def wrong_values(type_name: str) -> list:
    if type_name.startswith("List["):
        return WRONG_VALUES["list"]
    if type_name.startswith("Dict["):
        return WRONG_VALUES["dict"]
    if type_name in WRONG_VALUES:
        return WRONG_VALUES[type_name]
    found = contract_models().get(type_name)
    if found is None:
        pytest.fail(f"no wrong values are known for the body type {type_name!r}; add them to WRONG_VALUES")
    return WRONG_VALUES["enum" if found.get("is_enum") else "model"]


@pytest.mark.parametrize("sdk_method", [op.sdk_method for op in body_operations()])
def test_wrong_field_types_are_a_400_naming_the_field(api, factory, admin_world, fresh_admin_world,
                                                       admin_identity, sdk_method):
    op = operation_named(sdk_method)
    call = factory.build(op, admin_world)
    cases = []
    for spec_field in contract_model(op.body_model)["fields"]:
        if spec_field["read_only"]:
            continue
        name = spec_field["name"]
        for value in wrong_values(spec_field["type"]):
            cases.append((f"{name}={value!r}", call.replace(body={**call.body, name: value}), {400}, name, {}))
        # The element of a list of strings, numbers or objects has a type too.
        if spec_field["type"].startswith("List["):
            item_type = spec_field["type"][5:-1]
            cases.append((f"{name}=[wrong item]", call.replace(body={**call.body, name: [wrong_values(item_type)[0]]}),
                          {400}, name, {}))
    assert cases, f"{op}: its body has no writable field"
    problems = check_all(api, admin_identity, cases)
    assert not problems, "\n".join(problems)
    assert_still_works(api, factory, admin_world, fresh_admin_world, admin_identity, op)


READ_ONLY_VALUES = {
    "id": 987654321,
    "version": 77,
    "createdOn": "2001-02-03T04:05:06Z",
    "createdBy": 987654321,
    "deletedOn": "2001-02-03T04:05:06Z",
    "deletedBy": 987654321,
    "plannedPurgeDate": "2001-02-03T04:05:06Z",
    "securityUnknownField": "never stored",
}


def _stores_its_body(op) -> bool:
    """Creates and updates: their answer is the object their body wrote (action verbs such as
    process or complete move state on by design)."""
    return op.method == "PATCH" or (op.method == "POST" and op.success_status == 201)


@pytest.mark.parametrize("sdk_method", [op.sdk_method for op in body_operations() if _stores_its_body(op)])
def test_read_only_and_unknown_fields_are_never_stored(api, factory, admin_world, admin_identity, sdk_method):
    op = operation_named(sdk_method)
    call = factory.build(op, admin_world)
    writable = {f["name"] for f in contract_model(op.body_model)["fields"] if not f["read_only"]}
    sent = {name: value for name, value in READ_ONLY_VALUES.items() if name not in writable}
    if "state" not in writable:
        sent["state"] = "DELETED"  # the server owns this kind's state
    creating = op.method == "POST" and op.success_status == 201  # also below a parent: /customers/{customerId}/...
    reader = object_reader(op) if creating else reading_operation(op)
    headers = {"space": call.space, "account": call.account}
    before = None if creating else api.ok(admin_identity, "GET", call.path, **headers)

    response = api.send(admin_identity, call.replace(body={**call.body, **sent}))
    assert response.status_code == op.success_status, \
        f"{call} with read-only fields: {response.status_code} {response.text}"
    answered = response.json()
    assert reader is not None
    stored = api.ok(admin_identity, "GET", f"{call.path}/{answered['id']}" if creating else call.path, **headers)
    for shown in (answered, stored):
        assert "securityUnknownField" not in shown
        for name, value in sent.items():
            # Compared as text up to the second, so that a re-rendered date counts as stored too.
            assert str(shown.get(name))[:19] != str(value)[:19], f"{op}: {name}={value!r} was stored: {shown}"
        if before is not None:
            for name in ("id", "createdOn", "createdBy", "plannedPurgeDate", "state", "deletedOn"):
                if name not in writable:
                    assert shown.get(name) == before.get(name), f"{op}: {name} changed: {before} -> {shown}"
        else:
            assert shown["version"] == 1


# --- path ids and query parameters --------------------------------------------------------------

BAD_PATH_IDS = [("abc", {400}, True), ("99999999999999999999", {400}, True), ("1.5", {400}, True),
                ("0x10", {400}, True), ("-1", {400, 404}, False), ("0", {400, 404}, False)]


@pytest.mark.parametrize("sdk_method", [op.sdk_method for op in implemented_operations() if op.path_params])
def test_bad_path_ids(api, factory, admin_world, fresh_admin_world, admin_identity, sdk_method):
    op = operation_named(sdk_method)
    call = factory.build(op, admin_world)
    cases = []
    for name in op.path_params:
        # Codes (countries, currencies, languages) are strings: a malformed one names nothing (404).
        is_code = next(p["type"] for p in op.parameters if p["name"] == name) == "str"
        for value, statuses, names_it in BAD_PATH_IDS:
            if is_code:
                statuses, names_it = statuses | {404}, False
            bad = call.replace(path_values={**call.path_values, name: value})
            cases.append((f"{name}={value}", bad, statuses, name if names_it else None, {}))
    problems = check_all(api, admin_identity, cases)
    assert not problems, "\n".join(problems)
    assert_still_works(api, factory, admin_world, fresh_admin_world, admin_identity, op)


BAD_SCOPE_HEADERS = [("abc", {400}), ("-1", {400}), ("99999999999999999999", {400}), ("1.5", {400}),
                     ("1, 2", {400}), ("", {400}), ("0", {400, 403, 404})]


@pytest.mark.parametrize("sdk_method", [op.sdk_method for op in implemented_operations() if op.scope_header])
def test_bad_scope_headers(api, factory, admin_world, fresh_admin_world, admin_identity, sdk_method):
    op = operation_named(sdk_method)
    call = factory.build(op, admin_world).replace(space=None, account=None)
    cases = [(f"{op.scope_header}: {value!r}", call, statuses, op.scope_header, {"headers": {op.scope_header: value}})
             for value, statuses in BAD_SCOPE_HEADERS]
    cases.append((f"no {op.scope_header} header", call, {400}, op.scope_header, {}))
    problems = check_all(api, admin_identity, cases)
    assert not problems, "\n".join(problems)
    assert_still_works(api, factory, admin_world, fresh_admin_world, admin_identity, op)


# Values that are wrong for string and list parameters whatever the resource.
BAD_TEXT_PARAMETERS = {
    "order": ["SIDEWAYS", "name:UP", "nosuchfield"],
    "query": ["name:", "((", "nosuchfield:1", "id:abc", "id:" + INT64_OVERFLOW],
    "expand": ["a.b.c.d.e", "account..x", "url name"],  # an unknown name is ignored, as on wallee
    "fields": ["nosuchfield"],
}


def bad_query_values(op, param) -> list[tuple[str, set[int]]]:
    name, type_name = param["name"], param["type"]
    constraints = param.get("constraints") or {}
    values: list[tuple[str, set[int]]] = [("\x00", {400})]
    if type_name == "int":
        values += [(text, {400}) for text in ("abc", "1.5", "1e3", "0x10", " ", "³", "٣", "--5", INT64_OVERFLOW,
                                              "-9223372036854775809",
                                              "9" * 5000)]
        if "ge" in constraints:
            values.append((str(constraints["ge"] - 1), {400}))
        else:
            # a negative offset is no offset; a negative id names nothing
            values.append(("-1", {400} if name == "offset" else {400, 404}))
        if "le" in constraints:
            values.append((str(constraints["le"] + 1), {416} if name == "offset" else {400}))
    elif type_name == "bool":
        values += [("maybe", {400}), ("2", {400})]
    elif type_name == "datetime":
        values += [("yesterday", {400})]
    elif type_name in ("str", "List[str]"):
        values += [(text, {400}) for text in BAD_TEXT_PARAMETERS.get(name, [])]
    else:
        found = contract_models().get(type_name)
        if not (found and found.get("is_enum")):
            pytest.fail(f"{op.sdk_method}: no bad values are known for the query parameter {name!r} ({type_name}); "
                        "add them to bad_query_values()")
        values += [("SIDEWAYS", {400}), ("asc", {400})]
    return values


@pytest.mark.parametrize("sdk_method", [op.sdk_method for op in implemented_operations() if op.query_params])
def test_bad_query_parameters(api, factory, admin_world, fresh_admin_world, admin_identity, sdk_method):
    op = operation_named(sdk_method)
    call = factory.build(op, admin_world)
    cases = []
    for param in op.query_params:
        for value, statuses in bad_query_values(op, param):
            bad = call.replace(query={**call.query, param["name"]: value})
            cases.append((f"{param['name']}={value[:20]!r}", bad, statuses, param["name"], {}))
    problems = check_all(api, admin_identity, cases)
    assert not problems, "\n".join(problems)
    assert_still_works(api, factory, admin_world, fresh_admin_world, admin_identity, op)


# --- content negotiation, unknown routes and wrong methods ----------------------------------------


def test_not_acceptable_on_every_operation(api, factory, admin_world, admin_identity):
    cases = [("Accept XML", factory.build(op, admin_world), {406}, None, {"headers": {"Accept": "application/xml"}})
             for op in implemented_operations()]
    problems = check_all(api, admin_identity, cases)
    assert not problems, "\n".join(problems)


UNKNOWN_PATHS = ["/no-such-thing", "/spaces/1/no-such-thing", "/spaces/search/more", "/SPACES", "/spaces/1/2/3",
                 "", "/permissions/1/" + "x" * 2000]


def test_unknown_routes_are_404_json(api, admin_identity):
    problems = []
    for path in UNKNOWN_PATHS:
        for method in ("GET", "POST", "DELETE"):
            response = api.request(admin_identity, method, path)
            problem = error_problem(response, {404}, f"{method} {BASE_PATH}{path[:60]}")
            if problem:
                problems.append(problem)
    response = api.client.get(api.base_url + "/api/v1/spaces/1")
    problem = error_problem(response, {404}, "GET /api/v1/spaces/1")
    assert not problems and not problem, "\n".join(problems + [problem or ""])


def test_wrong_methods_are_405_json(api, factory, admin_world, admin_identity):
    problems, checked = [], 0
    for op in implemented_operations():
        call = factory.build(op, admin_world)
        answered = routed_methods(BASE_PATH + call.path)
        for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE"} - answered):
            checked += 1
            response = api.request(admin_identity, method, call.path_and_query)
            problem = error_problem(response, {405}, f"{method} {call.path}")
            if problem:
                problems.append(problem)
    assert checked
    assert not problems, "\n".join(problems)


def test_server_log_is_clean(server, issued_keys):
    assert_log_is_clean(server.log_text(), issued_keys)
