"""Tests generated from the declarations: every resource in the registry gets, for each uniform
operation it offers, the checks below, so a resource is covered by being declared.

- list: pages of ``limit`` objects in id order, ``hasMore`` on all but the last, ``before`` and
  ``order=DESC``;
- search: ``id:<id>`` finds exactly the object, ``offset`` pages through the same order;
- read: 200 for an object of the tenant, 404 RestApiErrorResponse for an unknown id;
- create: 201 showing the sample's fields (tests/support/samples.py, which must have the
  resource), readable back; an unknown property is ignored and never shown, a known one of the
  wrong type is a 400/422 RestApiErrorResponse naming it;
- update: without ``version`` 409, with a stale one 409, with the current one 200 at version + 1;
- delete: 404 afterwards, or state DELETED for resources that stay after delete;
- bulk (where the routes have it): create, update and delete through ``/bulk``;
- permission: a user holding every permission but the resource's gets 403 on create and cannot
  read or list the object; one holding only its read permission reads it, and gets 403 on
  create, update and delete;
- tenancy: another tenant's administrator gets 404 for the object and does not list or find it.

What a resource does differently is in EXCEPTIONS, with the reason (an expected failure, strict:
an exception that no longer holds fails and must go). Only wire behaviour and the declarations'
public attributes (name, sdk_name, permission, operations, parent, stays_after_delete, scope) are
used. One app and one tenant per module (per backend); each test makes the objects it checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode

import httpx
import pytest

from paystead import modules  # noqa: F401  (imports the domain modules: the registry is filled)
from paystead.resources.catalog import registry
from paystead.resources.scopes import GlobalScope
from tests.security.support import (
    MISSING_OBJECT_ID,
    REFERENCE_OBJECTS,
    Api,
    Identity,
    TenantWorld,
    error_problem,
    implemented_operations,
)
from tests.support.card_data import card_numbers_in
from tests.support.inprocess import BASE_URL, InProcessApp, app_settings
from tests.support.samples import SAMPLES, Sample

SAMPLES_FILE = "tests/support/samples.py"

# (resource, case) -> why the generic expectation does not hold for it. Each is an expected
# failure (strict): when the resource comes to behave generically, the entry must go.
EXCEPTIONS: dict[tuple[str, str], str] = {
    **{(name, case): "no object of it can be made through the API (charge flows are defined in the portal, "
                     "client platforms come from the mobile SDK; tests/security NO_VALID_CALL)"
       for name in ("ChargeFlow", "ChargeFlowLevel", "ChargeFlowLevelPaymentLink",
                    "TransactionClientPlatformInformation")
       for case in ("read", "search", "list", "permission", "tenancy")},
    **{(name, "search"): "reference data keyed by a code (isoCode2, currencyCode, ietfCode), without an id to "
                         "search by; tests/reference_data searches it by its codes"
       for name in ("RestCountry", "RestCurrency", "RestLanguage")},
    ("Permission", "permission"): "the permission tree is public reference data: any authenticated caller "
                                  "reads it (tests/security PUBLIC_OPERATIONS)",
}


# --- what is declared ----------------------------------------------------------------------------


def declared():
    return sorted(registry.resources(), key=lambda resource: resource.name)


@cache
def operations() -> dict:
    return {op.sdk_method: op for op in implemented_operations()}


def operation(resource, stem: str):
    """The resource's operation ``<verb>_<sdk_name><suffix>`` (stem as "get_{}_id")."""
    return operations().get(stem.format(resource.sdk_name))


def is_global(resource) -> bool:
    return isinstance(resource.scope, GlobalScope)


def has_bulk(resource) -> bool:
    return all(operation(resource, f"{verb}_{{}}_bulk") for verb in ("post", "patch", "delete"))


def cases(case: str, offered) -> list:
    """One parameter per declared resource offering the case, marked with its exception."""
    found = []
    for resource in declared():
        if not offered(resource):
            continue
        reason = EXCEPTIONS.get((resource.name, case))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        found.append(pytest.param(resource.name, id=resource.name, marks=marks))
    return found


def offers(name: str):
    return lambda resource: name in resource.operations


GENERATED = {
    "list": offers("list"),
    "search": offers("search"),
    "read": offers("read"),
    "create": offers("create"),
    "update": offers("update"),
    "delete": offers("delete"),
    "bulk": has_bulk,
    "permission": lambda resource: resource.permission is not None and "read" in resource.operations,
    "tenancy": lambda resource: not is_global(resource) and "read" in resource.operations,
}


# --- the app, tenants and their objects ------------------------------------------------------


@pytest.fixture(scope="module")
def shared_app(backend, template_databases, module_database, tmp_path_factory):
    """One app for the module: creating and checking objects is the cost here, not the app."""
    template = template_databases(backend)
    data_dir = tmp_path_factory.mktemp("declared")
    database_url = module_database or template.copy(data_dir)
    app = InProcessApp(backend, app_settings(database_url, data_dir, template.master_key))
    yield app
    app.close()
    if backend == "sqlite":  # PostgreSQL: the module's database is checked where it is dropped
        assert card_numbers_in(backend, data_dir, database_url) == [], "card numbers kept in the database"


class InProcessApi(Api):
    """tests/security's signed requests, answered by the in-process app."""

    def __init__(self, app: InProcessApp) -> None:
        self.base_url, self.issued_keys, self.client = BASE_URL, set(), app.client

    def close(self) -> None:
        pass


@dataclass
class Tenant:
    """A tenant bootstrapped for the module: its administrator's world of objects (made on first
    use, see tests/security/support.py OBJECT_MAKERS) and the users the tests made in it."""

    app: InProcessApp
    api: InProcessApi
    world: TenantWorld
    users: dict[frozenset[str], Identity] = field(default_factory=dict)  # by the permissions they hold

    def send(self, method: str, resource, stem: str, *, identity: Identity | None = None, object_id=None,
             parent_id=None, query: dict | None = None, **options) -> httpx.Response:
        op = operation(resource, stem)
        assert op is not None, f"{resource.name}: no route {stem.format(resource.sdk_name)}"
        path = op.path.replace("{id}", str(object_id))
        if resource.parent is not None:
            path = path.replace("{" + resource.parent.param + "}", str(parent_id))
        if query:
            path += "?" + urlencode(query)
        if op.scope_header == "Space":
            options.setdefault("space", self.world.space_id)
        elif op.scope_header == "Account":
            options.setdefault("account", self.world.account_id)
        return self.api.request(identity or self.world.owner, method, path, **options)


@pytest.fixture(scope="module")
def tenant_factory(shared_app):
    def make(label: str = "Declared") -> Tenant:
        credentials = shared_app.bootstrap(label)
        api = InProcessApi(shared_app)
        owner = Identity(credentials.user_id, credentials.key)
        world = TenantWorld(owner, credentials.account_id, credentials.space_id,
                            {"space": credentials.space_id, "permission": 201, **REFERENCE_OBJECTS},
                            api=api, tag=label)
        return Tenant(shared_app, api, world)
    return make


@pytest.fixture(scope="module")
def tenant(tenant_factory) -> Tenant:
    """The module's tenant. Its tests share it, each making the objects it checks: what they
    assert holds whatever else the tenant holds (ids in order, the objects made among those listed),
    and the objects that other objects need (a paid transaction, a customer) are made once."""
    return tenant_factory()


@pytest.fixture(scope="module")
def other_tenant(tenant_factory) -> Tenant:
    return tenant_factory("Other")


def kind_of(resource) -> str:
    """tests/security's name for the resource's objects, from its read path."""
    read = operation(resource, "get_{}_id")
    assert read is not None, f"{resource.name} has no read operation to name its objects by"
    return read.placeholder_kinds()["id"]


@dataclass(frozen=True)
class Made:
    id: int
    parent_id: int | None
    body: dict  # as answered


def sample_of(resource) -> Sample:
    sample = SAMPLES.get(resource.name)
    if sample is None:
        pytest.fail(f"{resource.name} offers create but has no sample body: add SAMPLES[{resource.name!r}] "
                    f"to {SAMPLES_FILE}")
    return sample


def parent_of(tenant: Tenant, resource) -> int | None:
    if resource.parent is None:
        return None
    return tenant.world.object_id(kind_of(registry.get(resource.parent.resource)))


def create(tenant: Tenant, resource, body: dict | None = None) -> Made:
    parent_id = parent_of(tenant, resource)
    body = sample_of(resource).create(tenant.world, parent_id) if body is None else body
    response = tenant.send("POST", resource, "post_{}", parent_id=parent_id, json=body)
    assert response.status_code == 201, f"{resource.name} create {body}: {response.status_code} {response.text}"
    return Made(response.json()["id"], parent_id, response.json())


def some_object(tenant: Tenant, resource) -> Made:
    """An object of the resource in the tenant: a new one where the API creates them, else one the
    tenant's other objects made (a paid transaction's charge attempt), else reference data."""
    if "create" in resource.operations:
        return create(tenant, resource)
    if is_global(resource):
        stem = "get_{}" if "list" in resource.operations else "get_{}_search"
        page = ok(tenant.send("GET", resource, stem, query={"limit": 1}), f"{resource.name} first object")
        assert page["data"], f"{resource.name}: no reference data to read"
        return Made(page["data"][0]["id"], None, page["data"][0])
    object_id = tenant.world.object_id(kind_of(resource))
    if object_id == MISSING_OBJECT_ID:
        pytest.fail(f"{resource.name}: no object of it can be made through the API (see EXCEPTIONS)")
    return Made(object_id, parent_of(tenant, resource), {})


def objects(tenant: Tenant, resource, count: int) -> list[Made]:
    if "create" in resource.operations:
        return [create(tenant, resource) for _ in range(count)]
    return [some_object(tenant, resource)]


def ok(response: httpx.Response, what: str, status: int = 200):
    """The answer's JSON, after checking its status (201 for the POSTs that create)."""
    assert response.status_code == status, f"{what}: expected {status}, got {response.status_code}: {response.text}"
    return response.json() if response.content else None


def refused(response: httpx.Response, statuses, what: str, naming: str | None = None) -> None:
    problem = error_problem(response, set(statuses), what, naming=naming)
    assert problem is None, problem


def read(tenant: Tenant, resource, made: Made, **options) -> httpx.Response:
    return tenant.send("GET", resource, "get_{}_id", object_id=made.id, parent_id=made.parent_id, **options)


def listed_ids(tenant: Tenant, resource, parent_id=None, **options) -> list[int]:
    """Every id of the resource's list, paged through, as the caller sees them."""
    ids, after = [], None
    while True:
        query = {"limit": 100, **({"after": after} if after else {})}
        page = ok(tenant.send("GET", resource, "get_{}", parent_id=parent_id, query=query, **options),
                  f"{resource.name} list")
        ids += [item["id"] for item in page["data"]]
        if not page["hasMore"]:
            return ids
        after = ids[-1]


def found_ids(tenant: Tenant, resource, query: str, parent_id=None, **options) -> list[int]:
    page = ok(tenant.send("GET", resource, "get_{}_search", parent_id=parent_id,
                          query={"query": query, "limit": 100}, **options), f"{resource.name} search {query}")
    return [item["id"] for item in page["data"]]


def resource_named(name: str):
    return registry.get(name)


# --- the generated tests --------------------------------------------------------------------------


@pytest.mark.parametrize("name", cases("list", GENERATED["list"]))
def test_list_pages_in_id_order(tenant, name):
    resource = resource_named(name)
    made = objects(tenant, resource, 3)
    parent_id = made[0].parent_id
    ids = listed_ids(tenant, resource, parent_id)
    assert ids == sorted(set(ids)), f"{name}: the list is in ascending id order without repeats: {ids}"
    assert {item.id for item in made} <= set(ids), f"{name}: every object made is listed"

    def page(**query) -> dict:
        answer = ok(tenant.send("GET", resource, "get_{}", parent_id=parent_id, query={"limit": 2, **query}),
                    f"{name} list {query}")
        assert answer["limit"] == 2, answer
        return answer

    first = page()
    assert [item["id"] for item in first["data"]] == ids[:2] and first["hasMore"] == (len(ids) > 2), first
    if len(ids) < 3:
        return
    second = page(after=ids[1])
    assert [item["id"] for item in second["data"]] == ids[2:4] and second["hasMore"] == (len(ids) > 4), second
    last = page(after=ids[-2])
    assert [item["id"] for item in last["data"]] == ids[-1:] and last["hasMore"] is False, last
    before = page(before=ids[-1])
    assert sorted(item["id"] for item in before["data"]) == ids[-3:-1], f"{name}: before {ids[-1]}: {before}"
    descending = page(order="DESC")
    assert [item["id"] for item in descending["data"]] == ids[::-1][:2], f"{name}: DESC: {descending}"


@pytest.mark.parametrize("name", cases("search", GENERATED["search"]))
def test_search_finds_by_id_and_pages_by_offset(tenant, name):
    resource = resource_named(name)
    made = objects(tenant, resource, 3)
    parent_id = made[0].parent_id
    assert found_ids(tenant, resource, f"id:{made[0].id}", parent_id) == [made[0].id]
    assert found_ids(tenant, resource, f"id:{MISSING_OBJECT_ID}", parent_id) == []
    everything = ok(tenant.send("GET", resource, "get_{}_search", parent_id=parent_id,
                                query={"limit": 100, "order": "id"}), f"{name} search")
    ids = [item["id"] for item in everything["data"]]
    assert {item.id for item in made} <= set(ids)
    page = ok(tenant.send("GET", resource, "get_{}_search", parent_id=parent_id,
                          query={"limit": 1, "offset": 1, "order": "id"}), f"{name} search offset")
    assert page["offset"] == 1 and page["limit"] == 1
    assert [item["id"] for item in page["data"]] == ids[1:2], f"{name}: offset 1 of {ids}: {page}"
    assert page["hasMore"] == (len(ids) > 2)


@pytest.mark.parametrize("name", cases("read", GENERATED["read"]))
def test_read_answers_the_object_and_404_for_an_unknown_id(tenant, name):
    resource = resource_named(name)
    missing = Made(MISSING_OBJECT_ID, parent_of(tenant, resource), {})
    refused(read(tenant, resource, missing), {404}, f"{name} read of an unknown id")
    made = some_object(tenant, resource)
    assert ok(read(tenant, resource, made), f"{name} read")["id"] == made.id


def _rendered(sent, answered) -> bool:
    """``answered`` shows ``sent``: equal, a link to the sent id, or containing what was sent."""
    if isinstance(sent, int) and not isinstance(sent, bool) and isinstance(answered, dict):
        return answered.get("id") == sent
    if isinstance(sent, dict) and isinstance(answered, dict):
        return all(_rendered(value, answered.get(key)) for key, value in sent.items())
    if isinstance(sent, list) and isinstance(answered, list):
        return len(sent) == len(answered) and all(_rendered(s, a) for s, a in zip(sent, answered, strict=True))
    return sent == answered


@pytest.mark.parametrize("name", cases("create", GENERATED["create"]))
def test_create_answers_201_with_the_fields_sent(tenant, name):
    resource = resource_named(name)
    sample = sample_of(resource)
    parent_id = parent_of(tenant, resource)
    body = sample.create(tenant.world, parent_id)
    made = create(tenant, resource, body)
    shown = {key for key, value in body.items() if _rendered(value, made.body.get(key))}
    assert set(body) - shown - set(sample.not_rendered) == set(), \
        f"{name}: the create answer does not show {sorted(set(body) - shown)}: {made.body}"
    shown_once = set(sample.shown_once)
    assert ok(read(tenant, resource, made), f"{name} read after create") == \
        {key: value for key, value in made.body.items() if key not in shown_once}


def _wrong_type(value):
    if isinstance(value, bool) or isinstance(value, int | float):
        return "not a number"
    return {"not": "a string"} if isinstance(value, str) else 12345


@pytest.mark.parametrize("name", cases("create", GENERATED["create"]))
def test_create_ignores_an_unknown_property_and_refuses_a_wrong_type(tenant, name):
    resource = resource_named(name)
    parent_id = parent_of(tenant, resource)
    body = sample_of(resource).create(tenant.world, parent_id)
    # An unknown property is ignored, never stored (clients send fields of newer SDK versions; see
    # tests/security/test_hostile_input.py); a known one of the wrong type is refused.
    made = create(tenant, resource, {**body, "noSuchProperty": 1})
    assert "noSuchProperty" not in made.body
    assert "noSuchProperty" not in ok(read(tenant, resource, made), f"{name} read")
    field = next(key for key, value in body.items() if not isinstance(value, list | dict))
    response = tenant.send("POST", resource, "post_{}", parent_id=parent_id,
                           json={**body, field: _wrong_type(body[field])})
    refused(response, {400, 422}, f"{name} create with {field} of a wrong type", naming=field)


@pytest.mark.parametrize("name", cases("update", GENERATED["update"]))
def test_update_needs_the_current_version_and_increments_it(tenant, name):
    resource = resource_named(name)
    sample = sample_of(resource)
    if sample.update is None:
        pytest.fail(f"{name} offers update but has no update body: add update= to SAMPLES[{name!r}] in {SAMPLES_FILE}")
    made = some_object(tenant, resource)
    version = ok(read(tenant, resource, made), f"{name} read")["version"]
    changes = sample.update(tenant.world)

    def patch(body):
        return tenant.send("PATCH", resource, "patch_{}_id", object_id=made.id, parent_id=made.parent_id, json=body)

    refused(patch(changes), {409}, f"{name} update without a version")
    refused(patch({**changes, "version": version + 2}), {409}, f"{name} update with a version ahead")
    updated = ok(patch({**changes, "version": version}), f"{name} update")
    assert updated["version"] == version + 1
    assert all(_rendered(value, updated.get(key)) for key, value in changes.items()), \
        f"{name}: the update answer does not show {changes}: {updated}"
    refused(patch({**changes, "version": version - 1 if version > 1 else version}), {409},
            f"{name} update with a stale version")
    assert ok(read(tenant, resource, made), f"{name} read after update")["version"] == version + 1


def _assert_deleted(tenant: Tenant, resource, made: Made) -> None:
    response = read(tenant, resource, made)
    # Truthy for resources whose deleted objects stay readable (a predicate on the row, or a flag).
    if resource.stays_after_delete:
        assert ok(response, f"{resource.name} read after delete")["state"] == "DELETED"
    else:
        refused(response, {404}, f"{resource.name} read after delete")
        assert made.id not in listed_ids(tenant, resource, made.parent_id)


@pytest.mark.parametrize("name", cases("delete", GENERATED["delete"]))
def test_delete_removes_the_object(tenant, name):
    resource = resource_named(name)
    made = some_object(tenant, resource)
    response = tenant.send("DELETE", resource, "delete_{}_id", object_id=made.id, parent_id=made.parent_id)
    assert response.status_code in (200, 204), f"{name} delete: {response.status_code} {response.text}"
    _assert_deleted(tenant, resource, made)


@pytest.mark.parametrize("name", cases("bulk", GENERATED["bulk"]))
def test_bulk_creates_updates_and_deletes(tenant, name):
    resource = resource_named(name)
    sample = sample_of(resource)
    parent_id = parent_of(tenant, resource)
    bodies = [sample.create(tenant.world, parent_id) for _ in range(2)]
    results = ok(tenant.send("POST", resource, "post_{}_bulk", parent_id=parent_id, json=bodies), f"{name} bulk create")
    assert [result["statusCode"] for result in results] == [201, 201], results
    made = [Made(result["id"], parent_id, {}) for result in results]
    for item, body in zip(made, bodies, strict=True):
        shown = ok(read(tenant, resource, item), f"{name} read after bulk create")
        assert all(_rendered(value, shown.get(key)) for key, value in body.items()
                   if key not in sample.not_rendered), f"{name}: {shown} does not show {body}"
    if sample.update is not None:
        changes = [{"id": item.id, "version": 1, **sample.update(tenant.world)} for item in made]
        results = ok(tenant.send("PATCH", resource, "patch_{}_bulk", parent_id=parent_id, json=changes),
                     f"{name} bulk update")
        assert [result["statusCode"] for result in results] == [200, 200], results
        assert ok(read(tenant, resource, made[0]), f"{name} read")["version"] == 2
    results = ok(tenant.send("DELETE", resource, "delete_{}_bulk", parent_id=parent_id,
                             json=[item.id for item in made]), f"{name} bulk delete")
    assert [result["statusCode"] for result in results] == [204, 204], results
    for item in made:
        _assert_deleted(tenant, resource, item)


# --- permission and tenancy ---------------------------------------------------------------------


_PERMISSION_TREES: dict[int, dict[str, tuple[int, bool]]] = {}


def _permission_ids(tenant: Tenant) -> dict[str, tuple[int, bool]]:
    """The served permissions by machine name: (id, leaf). The same for every tenant of an app."""
    if id(tenant.app) not in _PERMISSION_TREES:
        _PERMISSION_TREES[id(tenant.app)] = _served_permissions(tenant)
    return _PERMISSION_TREES[id(tenant.app)]


def _served_permissions(tenant: Tenant) -> dict[str, tuple[int, bool]]:
    found, offset = {}, 0
    while True:
        page = ok(tenant.api.request(tenant.world.owner, "GET", f"/permissions/search?limit=100&offset={offset}&order=id"),
                  "permissions")
        found.update({permission["machineName"]: (permission["id"], permission["leaf"]) for permission in page["data"]})
        if not page["hasMore"]:
            return found
        offset += 100


def user_holding(tenant: Tenant, names: set[str], label: str) -> Identity:
    """An application user of the tenant's account whose one role holds exactly ``names``,
    granted on the account (and so in its spaces); one per set of permissions."""
    key = frozenset(names)
    if key not in tenant.users:
        tenant.users[key] = _new_user_holding(tenant, names, label)
    return tenant.users[key]


def _new_user_holding(tenant: Tenant, names: set[str], label: str) -> Identity:
    tree = _permission_ids(tenant)
    role = ok(tenant.api.request(tenant.world.owner, "POST", "/roles", json={
        "account": tenant.world.account_id, "name": {"en-US": f"Role {label}"},
        "permissions": [{"id": tree[name][0]} for name in sorted(names)]}), "role", 201)
    user = ok(tenant.api.request(tenant.world.owner, "POST", "/application-users", json={
        "primaryAccount": tenant.world.account_id, "name": f"User {label}"}), "user", 201)
    ok(tenant.api.request(tenant.world.owner, "POST", f"/application-users/{user['id']}/account-roles"
                          f"?roleId={role['id']}&appliesOnSubAccount=true", account=tenant.world.account_id),
       "grant")
    return Identity(user["id"], user["macKey"])


def _own_permissions(tree: dict, resource) -> set[str]:
    return {name for name in tree if name.startswith(resource.permission + "_")}


@pytest.mark.parametrize("name", cases("permission", GENERATED["permission"]))
def test_a_user_without_the_resources_permission_is_refused(tenant, name):
    resource = resource_named(name)
    made = some_object(tenant, resource)
    tree = _permission_ids(tenant)
    leaves = {permission for permission, (_, leaf) in tree.items() if leaf}
    lacking = user_holding(tenant, leaves - _own_permissions(tree, resource), f"lacking {name}")
    response = read(tenant, resource, made, identity=lacking)
    refused(response, {403, 404}, f"{name} read without {resource.permission}_READ")
    if "list" in resource.operations:
        response = tenant.send("GET", resource, "get_{}", parent_id=made.parent_id, identity=lacking,
                               query={"limit": 100})
        assert response.status_code == 403 or made.id not in [item["id"] for item in response.json()["data"]], \
            f"{name}: listed to a user without {resource.permission}_READ: {response.text}"
    if "create" in resource.operations:
        body = sample_of(resource).create(tenant.world, made.parent_id)
        response = tenant.send("POST", resource, "post_{}", parent_id=made.parent_id, identity=lacking, json=body)
        refused(response, {403}, f"{name} create without {resource.permission}_CREATE")
    # A user holding the read permission (and the parent's) reads it, but changes nothing.
    needed = {f"{resource.permission}_READ"}
    if resource.parent is not None:
        needed.add(f"{registry.get(resource.parent.resource).permission}_READ")
    reader = user_holding(tenant, needed, f"reading {name}")
    assert ok(read(tenant, resource, made, identity=reader), f"{name} read with {sorted(needed)}")["id"] == made.id
    if "create" in resource.operations:
        body = sample_of(resource).create(tenant.world, made.parent_id)
        response = tenant.send("POST", resource, "post_{}", parent_id=made.parent_id, identity=reader, json=body)
        refused(response, {403}, f"{name} create with {sorted(needed)} only")
    if "update" in resource.operations:
        version = ok(read(tenant, resource, made), f"{name} read")["version"]
        response = tenant.send("PATCH", resource, "patch_{}_id", object_id=made.id, parent_id=made.parent_id,
                               identity=reader, json={**sample_of(resource).update(tenant.world), "version": version})
        refused(response, {403}, f"{name} update with {sorted(needed)} only")
    if "delete" in resource.operations:
        response = tenant.send("DELETE", resource, "delete_{}_id", object_id=made.id, parent_id=made.parent_id,
                               identity=reader)
        refused(response, {403}, f"{name} delete with {sorted(needed)} only")
    if {"update", "delete"} & set(resource.operations):
        unchanged = ok(read(tenant, resource, made), f"{name} read after the refusals")
        assert unchanged.get("state") != "DELETED" and unchanged["version"] == made.body["version"], unchanged


@pytest.mark.parametrize("name", cases("tenancy", GENERATED["tenancy"]))
def test_another_tenant_neither_reads_nor_finds_the_object(tenant, other_tenant, name):
    resource = resource_named(name)
    made = some_object(tenant, resource)
    other = other_tenant
    other_parent = made.parent_id
    refused(read(other, resource, made), {404}, f"{name} read from another tenant")
    if "list" in resource.operations:
        response = other.send("GET", resource, "get_{}", parent_id=other_parent, query={"limit": 100})
        assert response.status_code == 404 or made.id not in [item["id"] for item in response.json()["data"]], \
            f"{name}: listed to another tenant: {response.text}"
    if "search" in resource.operations:
        response = other.send("GET", resource, "get_{}_search", parent_id=other_parent,
                              query={"query": f"id:{made.id}"})
        assert response.status_code == 404 or response.json()["data"] == [], \
            f"{name}: found by another tenant: {response.text}"


# --- the generator itself -------------------------------------------------------------------------


def test_every_declared_resource_is_covered_and_every_exception_is_used():
    """Each resource offering a uniform operation has cases; no exception names a case that is
    not generated (a resource renamed or no longer offering it)."""
    generated = {(resource.name, case) for resource in declared() for case, offered in GENERATED.items()
                 if offered(resource)}
    stale = set(EXCEPTIONS) - generated
    assert not stale, f"EXCEPTIONS entries for cases that are not generated: {sorted(stale)}"
    uncovered = [resource.name for resource in declared()
                 if resource.operations and not any(name == resource.name for name, _ in generated)]
    assert not uncovered, uncovered


def test_every_sample_belongs_to_a_resource_that_creates():
    creating = {resource.name for resource in declared() if "create" in resource.operations}
    assert set(SAMPLES) <= creating, f"samples for no creating resource: {sorted(set(SAMPLES) - creating)}"
