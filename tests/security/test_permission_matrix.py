"""Role x operation: application users of the admin's account call every implemented operation.
A call needing a permission the user lacks is refused (403, or 404 where the object is invisible)
and changes nothing; collection reads show such a user nothing. With the right permission the
same call succeeds.

Permissions only ever grant, so a user refused while holding everything but one needed
permission is refused holding any subset of that: for each permission an operation needs, one
user holding every other leaf of the tree calls it. An operation that checks a wrong permission,
or none, lets that user through. A user holding nothing calls every operation too.
"""

from __future__ import annotations

import pytest

from tests.security.support import (
    Identity,
    assert_log_is_clean,
    error_problem,
    implemented_operations,
    operation_named,
    required_permissions,
    returned_ids,
    tenant_snapshot,
)

NO_PERMISSION = "(none)"


@pytest.fixture(scope="module")
def permission_tree(api, admin_identity) -> dict[str, dict]:
    """The served permissions by machine name."""
    found, offset = {}, 0
    while True:
        page = api.ok(admin_identity, "GET", f"/permissions/search?limit=100&offset={offset}&order=id")
        found.update({permission["machineName"]: permission for permission in page["data"]})
        if not page["hasMore"]:
            return found
        offset += 100


def _user_holding(api, admin, admin_identity, permission_tree, label: str, names) -> Identity:
    """A new application user of the admin's account whose one role holds exactly ``names``,
    granted on the account and its sub-accounts."""
    role = api.ok(admin_identity, "POST", "/roles", json={
        "account": admin.account_id, "name": {"en-US": f"Role {label}"},
        "permissions": [{"id": permission_tree[name]["id"]} for name in sorted(names)]})
    user = api.ok(admin_identity, "POST", "/application-users", json={
        "primaryAccount": admin.account_id, "name": f"User {label}"[:200]})
    api.ok(admin_identity, "POST", f"/application-users/{user['id']}/account-roles"
           f"?roleId={role['id']}&appliesOnSubAccount=true", account=admin.account_id)
    return Identity(user["id"], user["macKey"])


@pytest.fixture(scope="module")
def users_lacking(api, admin, admin_identity, permission_tree) -> dict[str, Identity]:
    """For each permission some operation needs, a user holding every other leaf permission; and
    under NO_PERMISSION a user holding nothing."""
    leaves = {name for name, permission in permission_tree.items() if permission["leaf"]}
    needed_anywhere = set().union(*(needed_permissions(op, permission_tree) for op in implemented_operations()))
    users = {NO_PERMISSION: _user_holding(api, admin, admin_identity, permission_tree, "holding nothing", ())}
    for lacking in sorted(needed_anywhere):
        held = {name for name in leaves if not holds(name, frozenset({lacking}), permission_tree)}
        users[lacking] = _user_holding(api, admin, admin_identity, permission_tree, f"lacking {lacking}", held)
    return users


@pytest.fixture(scope="module")
def single_permission_user(api, admin, admin_identity, permission_tree):
    """A user holding only the named permission (made on first use)."""
    made: dict[str, Identity] = {}

    def user(name: str) -> Identity:
        if name not in made:
            made[name] = _user_holding(api, admin, admin_identity, permission_tree, f"holding only {name}", {name})
        return made[name]
    return user


def holds(held: str, needed: frozenset[str], tree: dict[str, dict]) -> bool:
    """Whether a role holding only ``held`` grants everything in ``needed`` (a group grants the
    permissions beneath it)."""
    if held == NO_PERMISSION:
        return not needed
    held_id = tree[held]["id"]
    return all(held_id == tree[name]["id"] or held_id in tree[name]["pathToRoot"] for name in needed)


def needed_permissions(op, tree) -> frozenset[str]:
    needed = required_permissions(op.sdk_method)
    unknown = needed - tree.keys()
    assert not unknown, (f"{op.sdk_method}: needs {sorted(unknown)}, which the server does not know; "
                         "fix PERMISSION_OVERRIDES in tests/security/support.py")
    return needed


def shows_nothing(response) -> bool:
    """A collection read that found nothing: an empty page, or a CSV export of the header alone."""
    if response.headers.get("content-type", "").startswith("text/csv"):
        return len(response.text.strip().splitlines()) == 1
    return response.json()["data"] == []


def test_calls_without_the_needed_permission_are_refused(api, factory, admin_world, users_lacking,
                                                         permission_tree):
    before = tenant_snapshot(api, factory, admin_world)
    planned = []  # (operation, call, permission the caller lacks)
    for op in implemented_operations():
        needed = needed_permissions(op, permission_tree)
        if not needed:
            continue
        call = factory.build(op, admin_world)
        planned += [(op, call, lacking) for lacking in (NO_PERMISSION, *sorted(needed))]
    responses = [api.send(users_lacking[lacking], call) for _, call, lacking in planned]
    problems, attempted = [], len(planned)
    for (op, call, lacking), response in zip(planned, responses):
        needed = ", ".join(sorted(needed_permissions(op, permission_tree)))
        who = "holding nothing" if lacking == NO_PERMISSION else f"holding everything but {lacking}"
        what = f"{call} {who} (needs {needed})"
        if op.is_collection_read and response.status_code == op.success_status:
            if not shows_nothing(response):
                problems.append(f"{what}: shows objects {sorted(returned_ids(response))}")
            continue
        problem = error_problem(response, {403, 404}, what)
        if problem:
            problems.append(problem)
    assert attempted, "no call was made"
    assert not problems, f"{len(problems)} of {attempted} calls were not refused:\n" + "\n".join(problems)
    assert tenant_snapshot(api, factory, admin_world) == before, "refused calls changed the admin tenant"


def test_public_reference_data_needs_no_permission(api, factory, admin_world, users_lacking, permission_tree):
    public = [op for op in implemented_operations() if not needed_permissions(op, permission_tree)]
    for op in public:
        response = api.send(users_lacking[NO_PERMISSION], factory.build(op, admin_world))
        assert response.status_code == op.valid_call_status, f"{op}: {response.status_code} {response.text}"


# Calls shown to succeed with the one permission they need (the refusals above cover the rest).
POSITIVE_CASES = [
    "get_spaces_id",
    "patch_roles_id",
    "post_spaces",
    "get_application_users_search",
    "get_human_users_export",
    "delete_single_sign_on_users_id",
    "post_accounts_id_deactivate",
    "post_payment_transactions_id_process_card_details",
    "post_payment_transactions_id_complete_online",
    "get_payment_transactions_export",
    "post_payment_refunds",
]


@pytest.mark.parametrize("sdk_method", POSITIVE_CASES)
def test_the_same_call_succeeds_with_the_needed_permission(api, factory, admin_world, fresh_admin_world,
                                                           users_lacking, single_permission_user, permission_tree,
                                                           sdk_method):
    op = operation_named(sdk_method)
    (needed,) = needed_permissions(op, permission_tree)
    world = fresh_admin_world() if op.is_disabling else admin_world
    call = factory.build(op, world)
    target = world.objects.get(op.collection_kind)
    if any(p["name"] == "query" for p in op.query_params):
        call = call.replace(query={**call.query, "query": f"id:{target}"})

    refused = api.send(users_lacking[NO_PERMISSION], call)
    assert error_problem(refused, {403, 404}, str(call)) is None or (op.is_collection_read and shows_nothing(refused))

    response = api.send(single_permission_user(needed), call)
    assert response.status_code == op.success_status, f"{call} holding {needed}: {response.status_code} {response.text}"
    if op.is_collection_read:
        assert returned_ids(response) == {target}
    elif op.method in ("GET", "PATCH"):
        assert response.json()["id"] == target


def test_server_log_is_clean(server, issued_keys):
    assert_log_is_clean(server.log_text(), issued_keys)
