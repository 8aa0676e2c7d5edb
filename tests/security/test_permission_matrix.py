"""Role x operation: application users of the admin's account, each holding a role with exactly one
permission (or none), call every implemented operation. A call needing a permission the user
lacks is refused (403, or 404 where the object is invisible) and changes nothing; collection
reads show such a user nothing. With the right permission the same call succeeds."""

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


@pytest.fixture(scope="module")
def single_permission_users(api, admin, admin_identity, permission_tree) -> dict[str, Identity]:
    """One user per leaf permission, plus one without any, each granted its role on the admin's
    account and its sub-accounts."""
    users = {}
    for machine_name in [NO_PERMISSION, *sorted(name for name, p in permission_tree.items() if p["leaf"])]:
        permissions = [] if machine_name == NO_PERMISSION else [{"id": permission_tree[machine_name]["id"]}]
        role = api.ok(admin_identity, "POST", "/roles", json={
            "account": admin.account_id, "name": {"en-US": f"Only {machine_name}"}, "permissions": permissions})
        user = api.ok(admin_identity, "POST", "/application-users", json={
            "primaryAccount": admin.account_id, "name": f"Holds only {machine_name}"})
        api.ok(admin_identity, "POST", f"/application-users/{user['id']}/account-roles"
               f"?roleId={role['id']}&appliesOnSubAccount=true", account=admin.account_id)
        users[machine_name] = Identity(user["id"], user["macKey"])
    return users


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


def test_calls_without_the_needed_permission_are_refused(api, factory, admin_world, single_permission_users,
                                                         permission_tree):
    before = tenant_snapshot(api, factory, admin_world)
    planned = []  # (operation, call, held permission, needed permissions)
    for op in implemented_operations():
        needed = needed_permissions(op, permission_tree)
        call = factory.build(op, admin_world)
        planned += [(op, call, held, needed) for held in single_permission_users
                    if not holds(held, needed, permission_tree)]
    responses = [api.send(single_permission_users[held], call) for _, call, held, _ in planned]
    problems, attempted = [], len(planned)
    for (op, call, held, needed), response in zip(planned, responses):
        what = f"{call} holding only {held} (needs {', '.join(sorted(needed))})"
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


def test_public_reference_data_needs_no_permission(api, factory, admin_world, single_permission_users,
                                                    permission_tree):
    public = [op for op in implemented_operations() if not needed_permissions(op, permission_tree)]
    for op in public:
        response = api.send(single_permission_users[NO_PERMISSION], factory.build(op, admin_world))
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
                                                           single_permission_users, permission_tree, sdk_method):
    op = operation_named(sdk_method)
    (needed,) = needed_permissions(op, permission_tree)
    world = fresh_admin_world() if op.is_disabling else admin_world
    call = factory.build(op, world)
    target = world.objects.get(op.collection_kind)
    if any(p["name"] == "query" for p in op.query_params):
        call = call.replace(query={**call.query, "query": f"id:{target}"})

    refused = api.send(single_permission_users[NO_PERMISSION], call)
    assert error_problem(refused, {403, 404}, str(call)) is None or (op.is_collection_read and shows_nothing(refused))

    response = api.send(single_permission_users[needed], call)
    assert response.status_code == op.success_status, f"{call} holding {needed}: {response.status_code} {response.text}"
    if op.is_collection_read:
        assert returned_ids(response) == {target}
    elif op.method in ("GET", "PATCH"):
        assert response.json()["id"] == target


def test_server_log_is_clean(server, issued_keys):
    assert_log_is_clean(server.log_text(), issued_keys)
