"""Every documented limit at its maximum (accepted) and one beyond it (refused with a
RestApiErrorResponse and the right status, nothing stored), on every implemented operation where
the limit applies:

- bulk size: every POST/PATCH/DELETE .../bulk takes 100 items; 101 is a 413 that changes nothing;
- paging: ``limit`` up to 100 on every list and search (0, negative and 101 are a 400; exports
  document no maximum), ``offset`` up to the contract's maximum on every search and export (one
  more is a 416, a negative one a 400), ``after``/``before`` cursors up to the largest signed
  64-bit id (one more is a 400);
- metaData: 25 keys, keys of 40 and values of 512 characters on every create, update and action
  whose body carries metaData, bulk items included (one more of any is a 422 naming the key, and
  nothing is stored);
- string lengths: every string field with a maximum length in the contract, nested ones included,
  in the body of every operation: one character longer is a 400/422 naming the field that changes
  nothing, and on every create and update all of them at their maximum at once are stored in full.

The operations come from the application's routes and the limits from the contract
(tests/security/support.py), so that an operation added later is checked without touching this
module. The rate limit's bucket is tested exactly in tests/platform/test_rate_limit.py.
"""

from __future__ import annotations

import copy
import re
import uuid

import pytest

from paystead.contract import model as contract_model
from paystead.wire.types import parse_type
from tests.security.support import (
    Api,
    error_problem,
    implemented_operations,
    operation_named,
    reading_operation,
)

# wallee's documented limits that the contract does not carry as constraints.
MAX_BULK_ITEMS = 100
MAX_METADATA_KEYS = 25
MAX_METADATA_KEY_LENGTH = 40
MAX_METADATA_VALUE_LENGTH = 512
# What the contract says (checked against it below): a page holds 1 to 100 objects; a search skips
# at most 10,000 of them, an export at most 100,000.
DOCUMENTED_MAX_LIMIT = 100
DOCUMENTED_MAX_OFFSETS = {10_000, 100_000}
INT64_MAX = 2**63 - 1


@pytest.fixture(scope="module")
def api(server, admin) -> Api:
    """The security suite's client, without a second tenant: nothing here calls as another one."""
    api = Api(server.base_url, {admin.key})
    yield api
    api.close()


def refusal_problem(response, statuses, what: str, naming: str | None = None) -> str | None:
    """Why ``response`` is not a RestApiErrorResponse with one of ``statuses`` whose ``errors``
    name ``naming`` (whatever the status), or None when it is."""
    problem = error_problem(response, statuses, what)
    if problem or naming is None:
        return problem
    errors = response.json()["errors"]
    if not any(key == naming or key.startswith((naming + ".", naming + "[")) for key in errors):
        return f"{what}: {response.status_code} errors do not name {naming!r}: {errors}"
    return None


def success_problem(response, status: int, what: str) -> str | None:
    if response.status_code != status:
        return f"{what}: expected {status}, got {response.status_code}: {response.text[:400]}"
    return None


def collection_reader(op):
    """The list of the collection an operation creates (or changes) objects in."""
    path = op.path.removesuffix("/bulk")
    for candidate in implemented_operations():
        if candidate.is_list and candidate.path == path:
            return candidate
    pytest.fail(f"{op.sdk_method}: no list operation at {path} to see what it stored")


def stored_objects(api, factory, world, op, **query) -> dict[int, dict]:
    """The objects of ``op``'s collection in ``world``, by id."""
    lister = collection_reader(op)
    call = factory.build(lister, world)
    call = call.replace(query={**call.query, **query})
    return {item["id"]: item for item in api.page_all(world.owner, lister, call)}


def single_create(op):
    """The one-object create beside a bulk operation (POST /customers beside /customers/bulk)."""
    path = op.path.removesuffix("/bulk")
    for candidate in implemented_operations():
        if candidate.method == "POST" and candidate.path == path:
            return candidate
    pytest.fail(f"{op.sdk_method}: no create at {path} to make the objects it changes")


def _unique_external_id(body: dict, *, keep: bool = False) -> dict:
    """A create repeated with the same externalId answers with the first object (409 when the
    body differs): every call here is a new request, unless ``keep`` (the externalId is tested)."""
    if "externalId" in body and not keep:
        return {**body, "externalId": uuid.uuid4().hex}
    return body


# --- bulk size -----------------------------------------------------------------------------


def bulk_families() -> dict[str, dict]:
    """The bulk operations by path: {"/customers/bulk": {"POST": op, "PATCH": op, "DELETE": op}}."""
    families: dict[str, dict] = {}
    for op in implemented_operations():
        if op.body_is_list:
            families.setdefault(op.path, {})[op.method] = op
    return families


def _updatable_field(op) -> str:
    """A writable text field of a bulk update's items that a few plain characters fit."""
    names = [f["name"] for f in contract_model(op.body_model)["fields"]
             if not f["read_only"] and f["type"] == "str" and not (f.get("constraints") or {}).get("pattern")]
    preferred = [name for name in names if name == "name" or name.endswith("Name")]
    if not (preferred or names):
        pytest.fail(f"{op.sdk_method}: its items have no text field to change")
    return (preferred or names)[0]


def _results_problem(response, expected_status: int, count: int, what: str) -> str | None:
    problem = success_problem(response, 200, what)
    if problem:
        return problem
    results = response.json()
    wrong = [r for r in results if r.get("statusCode") != expected_status]
    if len(results) != count or wrong:
        return f"{what}: {len(results)} results, not all {expected_status}: {wrong[:3]}"
    return None


@pytest.mark.parametrize("bulk_path", sorted(bulk_families()))
def test_bulk_size_limit(api, factory, admin_world, admin_identity, bulk_path):
    family = bulk_families()[bulk_path]
    unknown = set(family) - {"POST", "PATCH", "DELETE"}
    assert not unknown and "POST" in family, f"{bulk_path}: bulk methods {sorted(family)}; teach this test them"
    world, problems = admin_world, []

    def stored() -> dict[int, dict]:
        return stored_objects(api, factory, world, family["POST"])

    def refused(op, items, before: dict) -> None:
        call = factory.build(op, world).replace(body=items)
        problem = refusal_problem(api.send(admin_identity, call), {413}, f"{op.sdk_method} with {len(items)} items")
        if problem:
            problems.append(problem)
        if stored() != before:
            problems.append(f"{op.sdk_method} with {len(items)} items changed the stored objects")

    create = family["POST"]
    items = [factory.build(create, world).body[0] for _ in range(MAX_BULK_ITEMS + 1)]
    before = stored()
    refused(create, items, before)
    response = api.send(admin_identity, factory.build(create, world).replace(body=items[:MAX_BULK_ITEMS]))
    problem = _results_problem(response, 201, MAX_BULK_ITEMS, f"{create.sdk_method} with {MAX_BULK_ITEMS} items")
    assert not problem, problem
    created = [result["id"] for result in response.json()]
    current = stored()
    assert set(current) - set(before) == set(created), f"{create.sdk_method}: not exactly the created objects are new"
    # A page of the largest size is full now (the world held objects of this kind before).
    for reader in (collection_reader(create), operation_named(collection_reader(create).sdk_method + "_search")):
        call = factory.build(reader, world)
        page = api.send(admin_identity, call.replace(query={**call.query, "limit": str(MAX_BULK_ITEMS)})).json()
        if len(page.get("data", [])) != MAX_BULK_ITEMS or page.get("hasMore") is not True:
            problems.append(f"{reader.sdk_method} limit={MAX_BULK_ITEMS}: {len(page.get('data', []))} objects, "
                            f"hasMore {page.get('hasMore')}")
    # One more object, so that the updates and deletes can name one beyond the limit.
    extra = api.send(admin_identity, factory.build(single_create(create), world))
    assert extra.status_code == 201, extra.text
    created.append(extra.json()["id"])
    current = stored()

    if "PATCH" in family:
        update = family["PATCH"]
        name = _updatable_field(update)
        items = [{"id": i, "version": current[i]["version"], name: f"Limit {n}"} for n, i in enumerate(created)]
        refused(update, items, current)
        response = api.send(admin_identity, factory.build(update, world).replace(body=items[:MAX_BULK_ITEMS]))
        problem = _results_problem(response, 200, MAX_BULK_ITEMS, f"{update.sdk_method} with {MAX_BULK_ITEMS} items")
        if problem:
            problems.append(problem)
        after = stored()
        changed = {i for i in after if after[i] != current.get(i)}
        if changed != set(created[:MAX_BULK_ITEMS]) or any(after[i][name] != items[n][name]
                                                            for n, i in enumerate(created[:MAX_BULK_ITEMS])):
            problems.append(f"{update.sdk_method} with {MAX_BULK_ITEMS} items: not exactly those changed")
        current = after

    if "DELETE" in family:
        delete = family["DELETE"]
        refused(delete, created, current)
        response = api.send(admin_identity, factory.build(delete, world).replace(body=created[:MAX_BULK_ITEMS]))
        problem = _results_problem(response, 204, MAX_BULK_ITEMS, f"{delete.sdk_method} with {MAX_BULK_ITEMS} items")
        if problem:
            problems.append(problem)
        after = stored()
        # Deleted webhook URLs and listeners stay listed, in state DELETED (as on wallee).
        live = {i for i, item in after.items() if item.get("state") != "DELETED"}
        if set(current) - live != set(created[:MAX_BULK_ITEMS]):
            problems.append(f"{delete.sdk_method} with {MAX_BULK_ITEMS} items did not delete exactly those")
    assert not problems, "\n".join(problems)


# --- paging ----------------------------------------------------------------------------------


def paged_operations():
    """Lists, searches and exports: every operation taking a ``limit``."""
    return [op for op in implemented_operations() if any(p["name"] == "limit" for p in op.query_params)]


def _constraint(op, name: str, bound: str) -> int | None:
    param = next((p for p in op.query_params if p["name"] == name), None)
    return None if param is None else (param.get("constraints") or {}).get(bound)


@pytest.mark.parametrize("sdk_method", [op.sdk_method for op in paged_operations()])
def test_paging_limits(api, factory, admin_world, admin_identity, sdk_method):
    op = operation_named(sdk_method)
    call = factory.build(op, admin_world)
    names = {p["name"] for p in op.query_params}
    max_limit = _constraint(op, "limit", "le")
    accepted: dict[str, str] = {}
    refused: list[tuple[str, str, int]] = [("limit", "0", 400), ("limit", "-1", 400)]
    if op.is_list or op.path.endswith("/search"):
        assert max_limit == DOCUMENTED_MAX_LIMIT, f"{op}: the contract's page size is {max_limit}"
        accepted["limit"] = str(max_limit)
        refused.append(("limit", str(max_limit + 1), 400))
    else:
        # Exports document no largest limit, only a default (2,000): any positive limit is served
        # and the server caps how many rows one export holds (paystead.resources.export).
        assert max_limit is None, f"{op}: the contract now gives exports a largest limit; test it"
        accepted["limit"] = str(INT64_MAX)
    if "offset" in names:
        max_offset = _constraint(op, "offset", "le")
        assert max_offset in DOCUMENTED_MAX_OFFSETS, f"{op}: the contract's largest offset is {max_offset}"
        accepted["offset"] = str(max_offset)
        refused += [("offset", str(max_offset + 1), 416), ("offset", "-1", 400)]
    for cursor in ("after", "before"):
        if cursor in names:
            accepted[cursor] = str(INT64_MAX)
            refused.append((cursor, str(INT64_MAX + 1), 400))
    problems = []
    for name, value in accepted.items():
        response = api.send(admin_identity, call.replace(query={**call.query, name: value}))
        problem = success_problem(response, op.success_status, f"{name}={value}: {call}")
        if problem:
            problems.append(problem)
        elif name == "limit" and max_limit and response.json().get("limit") != max_limit:
            problems.append(f"{name}={value}: {call}: the page says limit {response.json().get('limit')}")
    for name, value, status in refused:
        response = api.send(admin_identity, call.replace(query={**call.query, name: value}))
        problem = refusal_problem(response, {status}, f"{name}={value}: {call}", naming=name)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


# --- metaData ----------------------------------------------------------------------------------


def metadata_operations():
    return [op for op in implemented_operations()
            if op.body_model and any(f["name"] == "metaData" for f in contract_model(op.body_model)["fields"])]


def largest_metadata() -> dict[str, str]:
    """Every limit at once: 25 keys, one of them 40 characters long, one value 512 characters."""
    data = {f"key{n}": f"value {n}" for n in range(MAX_METADATA_KEYS - 2)}
    data["k" * MAX_METADATA_KEY_LENGTH] = "longest key"
    data["longestValue"] = "v" * MAX_METADATA_VALUE_LENGTH
    assert len(data) == MAX_METADATA_KEYS
    return data


def too_large_metadata() -> list[tuple[str, dict[str, str], str]]:
    """(what, metaData, the field its refusal names): each one past one limit."""
    return [
        (f"{MAX_METADATA_KEYS + 1} keys", {f"key{n}": "v" for n in range(MAX_METADATA_KEYS + 1)}, "metaData"),
        (f"a key of {MAX_METADATA_KEY_LENGTH + 1} characters", {"k" * (MAX_METADATA_KEY_LENGTH + 1): "v"},
         "metaData." + "k" * (MAX_METADATA_KEY_LENGTH + 1)),
        (f"a value of {MAX_METADATA_VALUE_LENGTH + 1} characters",
         {"fine": "v", "long": "v" * (MAX_METADATA_VALUE_LENGTH + 1)}, "metaData.long"),
    ]


def _creates(op) -> bool:
    return op.method == "POST" and op.success_status == 201


def _read_target(api, factory, world, op, **query) -> dict:
    """The object an update or action changes, as stored."""
    read = factory.build(reading_operation(op), world).replace(query=query)
    return api.ok(world.owner, "GET", read.path_and_query, space=read.space, account=read.account)


def world_for(world, fresh_admin_world, op):
    """The world to call ``op`` in: one with new objects for an operation that consumes its own."""
    return fresh_admin_world() if op.is_disabling else world


@pytest.mark.parametrize("sdk_method", [op.sdk_method for op in metadata_operations()])
def test_metadata_limits(api, factory, admin_world, fresh_admin_world, admin_identity, sdk_method):
    op = operation_named(sdk_method)
    world = world_for(admin_world, fresh_admin_world, op)
    problems: list[str] = []
    if op.body_is_list:
        _check_bulk_metadata(api, factory, world, admin_identity, op, problems)
        assert not problems, "\n".join(problems)
        return

    def stored():
        return set(stored_objects(api, factory, world, op)) if _creates(op) \
            else _read_target(api, factory, world, op, expand="metaData")

    before = stored()
    for what, metadata, naming in too_large_metadata():
        call = factory.build(op, world)
        call = call.replace(body=_unique_external_id({**call.body, "metaData": metadata}))
        problem = refusal_problem(api.send(admin_identity, call), {422}, f"metaData with {what}: {op}", naming=naming)
        if problem:
            problems.append(problem)
    if stored() != before:
        problems.append(f"{op}: a refused metaData changed what is stored")

    largest = largest_metadata()
    call = factory.build(op, world)
    call = call.replace(body=_unique_external_id({**call.body, "metaData": largest}),
                        query={**call.query, "expand": "metaData"})
    response = api.send(admin_identity, call)
    problem = success_problem(response, op.success_status, f"{op}: metaData at every limit")
    if problem:
        problems.append(problem)
    elif response.json().get("metaData") != largest:
        problems.append(f"{op}: metaData at every limit answered as {response.json().get('metaData')}")
    elif _creates(op) or op.method == "PATCH":
        found = stored_objects(api, factory, world, op, expand="metaData").get(response.json()["id"], {}) \
            if _creates(op) else _read_target(api, factory, world, op, expand="metaData")
        if found.get("metaData") != largest:
            problems.append(f"{op}: metaData at every limit stored as {found.get('metaData')}")
    assert not problems, "\n".join(problems)


def _check_bulk_metadata(api, factory, world, identity, op, problems) -> None:
    """One bulk request: an item at every limit (done) and one item past each (a 422 naming it)."""
    cases = [("every limit", largest_metadata(), None)] + too_large_metadata()
    if op.method == "POST":
        items = [{**factory.build(op, world).body[0], "metaData": metadata} for _, metadata, _ in cases]
    else:
        creates = [factory.build(single_create(op), world) for _ in cases]
        targets = [api.ok(identity, "POST", call.path_and_query, json=call.body, space=call.space) for call in creates]
        items = [{"id": target["id"], "version": target["version"], "metaData": metadata}
                 for target, (_, metadata, _) in zip(targets, cases)]
    before = stored_objects(api, factory, world, op, expand="metaData")
    response = api.send(identity, factory.build(op, world).replace(body=items))
    if response.status_code != 200:
        problems.append(f"{op}: {response.status_code} {response.text[:300]}")
        return
    results = response.json()
    if results[0].get("statusCode") != (201 if op.method == "POST" else 200):
        problems.append(f"{op}: the item at every limit: {results[0]}")
    for result, (what, _, naming) in zip(results[1:], cases[1:]):
        if result.get("statusCode") != 422 or naming not in ((result.get("error") or {}).get("errors") or {}):
            problems.append(f"{op}: the item with {what}: {result}")
    after = stored_objects(api, factory, world, op, expand="metaData")
    changed = {i for i in after if after[i] != before.get(i)}
    if changed != {results[0].get("id")}:
        problems.append(f"{op}: stored objects changed besides the item at every limit: {sorted(changed)}")
    elif after[results[0]["id"]].get("metaData") != largest_metadata():
        problems.append(f"{op}: metaData at every limit stored as {after[results[0]['id']].get('metaData')}")


# --- string lengths ------------------------------------------------------------------------------

# Lists and maps are reached through their first item / an entry under this key.
MAP_KEY = "limit"
# Fields whose value names something else: no value of the maximum length names anything in the
# test world, so at the maximum such a field is only required not to be refused for its length.
NAMING_FIELDS = {"reductions[0].lineItemUniqueId": "a line item of the refunded transaction"}


def string_limits(model_name: str, path: tuple = (), seen: tuple = ()) -> list[tuple[tuple, dict]]:
    """(path, constraints) of every writable string field with a maximum length in a body model,
    nested models included (a path step is a field name, 0 for a list's item or MAP_KEY)."""
    found = []
    for spec in contract_model(model_name)["fields"]:
        if spec["read_only"]:
            continue
        constraints = spec.get("constraints") or {}
        step = path + (spec["name"],)
        ref = parse_type(spec["type"])
        if ref.kind == "scalar" and ref.name == "str" and "max_length" in constraints:
            found.append((step, constraints))
        while ref.kind in ("list", "dict"):
            step += (0,) if ref.kind == "list" else (MAP_KEY,)
            ref = ref.item
        if ref.kind == "model" and ref.name not in seen:
            found += string_limits(ref.name, step, seen + (ref.name,))
    return found


def wire_path(path: tuple) -> str:
    """How an error names the field: lineItems[0].taxes[0].title, lineItems[0].attributes.limit.label."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def text_of_length(name: str, length: int, pattern: str | None) -> str:
    """A valid value of exactly ``length`` characters for a field of this name, unique so that
    keys (an externalId, a user's e-mail address) are never a repetition or a duplicate."""
    unique, lowered = uuid.uuid4().hex, name.lower()
    if "email" in lowered:
        domain = "@limits.example"
        text = (unique + "a" * length)[:length - len(domain)] + domain
    elif lowered.endswith("url"):
        text = ("https://shop.example/" + unique + "a" * length)[:length]
    else:
        text = (unique + "a" * length)[:length]
    if pattern and not re.fullmatch(pattern, text):
        text = "1" * length
    assert not pattern or re.fullmatch(pattern, text), f"teach text_of_length a value of {name} for {pattern}"
    return text


def _minimal(model_name: str) -> dict:
    """A nested object with only its required fields, each with a plain valid value."""
    plain = {"str": "Limit", "int": 1, "Union[float,int]": 1, "bool": False}
    spec = contract_model(model_name)
    found = {}
    for field in spec["fields"]:
        if field["name"] in spec.get("required", []):
            ref = parse_type(field["type"])
            if ref.kind == "scalar":
                found[field["name"]] = plain[ref.name]
            elif ref.kind == "enum":
                found[field["name"]] = contract_model(ref.name)["values"][0]
            else:
                found[field["name"]] = _minimal(ref.name) if ref.kind == "model" else []
    return found


def with_value(body: dict, model_name: str, path: tuple, value) -> dict:
    """A copy of ``body`` with the field at ``path`` set, nested objects made where missing."""
    return _set(copy.deepcopy(body), parse_type(model_name), path, value)


def _set(holder, ref, path: tuple, value):
    if not path:
        return value
    step, rest = path[0], path[1:]
    if ref.kind == "list":
        items = list(holder or [])
        items[:1] = [_set(items[0] if items else None, ref.item, rest, value)]
        return items
    if ref.kind == "dict":
        entries = dict(holder or {})
        entries[step] = _set(entries.get(step), ref.item, rest, value)
        return entries
    found = dict(holder) if isinstance(holder, dict) else _minimal(ref.name)
    spec = next(f for f in contract_model(ref.name)["fields"] if f["name"] == step)
    found[step] = _set(found.get(step), parse_type(spec["type"]), rest, value)
    return found


def _answered(answer, path: tuple):
    for step in path:
        if isinstance(answer, dict):
            answer = answer.get(step)
        elif isinstance(answer, list) and isinstance(step, int) and len(answer) > step:
            answer = answer[step]
        else:
            return None
    return answer


def length_limited_operations():
    """Operations on one object whose body has a string field with a maximum length."""
    return [op for op in implemented_operations()
            if op.body_model and not op.body_is_list and string_limits(op.body_model)]


@pytest.mark.parametrize("sdk_method", [op.sdk_method for op in length_limited_operations()])
def test_string_length_limits(api, factory, admin_world, admin_identity, sdk_method):
    op = operation_named(sdk_method)
    limits = [(path, wire_path(path), constraints) for path, constraints in string_limits(op.body_model)]
    problems = []

    def stored():
        return set(stored_objects(api, factory, admin_world, op)) if _creates(op) \
            else _read_target(api, factory, admin_world, op)

    before = stored()
    call = factory.build(op, admin_world)  # an update's version stays current: nothing is changed
    for path, name, constraints in limits:
        too_long = text_of_length(path[-1], constraints["max_length"] + 1, constraints.get("pattern"))
        body = _unique_external_id(with_value(call.body, op.body_model, path, too_long),
                                   keep=path == ("externalId",))
        problem = refusal_problem(api.send(admin_identity, call.replace(body=body)), {400, 422},
                                  f"{name} of {len(too_long)} characters: {op}", naming=name)
        if problem:
            problems.append(problem)
    if stored() != before:
        problems.append(f"{op}: refused values changed what is stored")
    if not (_creates(op) or op.method == "PATCH"):
        # An action (confirm, process a card, complete, replace an invoice) moves its object on
        # when it is done, and a card number of 30 digits is no card: only its refusals count.
        assert not problems, "\n".join(problems)
        return

    # Every field at its maximum length at once (a field naming something else alone, after).
    call = factory.build(op, admin_world)
    body, sent = call.body, {}
    for path, name, constraints in limits:
        if name not in NAMING_FIELDS:
            sent[path] = text_of_length(path[-1], constraints["max_length"], constraints.get("pattern"))
            body = with_value(body, op.body_model, path, sent[path])
    response = api.send(admin_identity, call.replace(body=_unique_external_id(body, keep=("externalId",) in sent)))
    problem = success_problem(response, op.success_status, f"{op}: every field at its maximum length")
    if problem:
        problems.append(problem)
    else:
        for path, value in sent.items():
            shown = _answered(response.json(), path)
            if shown is not None and shown != value:
                problems.append(f"{op}: {wire_path(path)} of {len(value)} characters answered as {shown!r}")
    for path, name, constraints in limits:
        if name in NAMING_FIELDS:
            longest = text_of_length(path[-1], constraints["max_length"], constraints.get("pattern"))
            call = factory.build(op, admin_world)
            response = api.send(admin_identity, call.replace(
                body=_unique_external_id(with_value(call.body, op.body_model, path, longest))))
            # Refused for naming nothing (or done), never for its length (that is invalid_field_value).
            if response.status_code >= 500 or response.json().get("code") == "invalid_field_value":
                problems.append(f"{op}: {name} of {len(longest)} characters: {response.status_code} {response.text}")
    assert not problems, "\n".join(problems)
