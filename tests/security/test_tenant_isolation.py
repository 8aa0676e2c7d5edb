"""Tenant isolation: an unrelated tenant's application user, calling every implemented operation
against the admin tenant's objects, is refused (403/404), learns none of their ids and changes
nothing; its own lists and searches never hold the admin tenant's objects."""

from __future__ import annotations

import pytest

from tests.security.support import (
    GLOBAL_KINDS,
    Identity,
    account_refs,
    assert_log_is_clean,
    build_world,
    error_problem,
    ids_by_kind,
    implemented_operations,
    numbers_in_error,
    returned_account_refs,
    returned_ids,
    tenant_snapshot,
)


@pytest.fixture(scope="module")
def other_world(api, other_tenant):
    """The other tenant's own objects: calls that mix them with the admin's are attacks too."""
    return build_world(api, Identity(other_tenant.user_id, other_tenant.key), other_tenant.account_id, "Other")


def cross_tenant_calls(factory, op, other_world, admin_world):
    """Calls naming the admin tenant's objects: all of them at once, and each one alone among
    the caller's own objects. None for an operation that names no tenant's object."""
    slots = factory.slots(op)
    if not slots:
        return []
    variants = [frozenset(slots)] + ([frozenset({slot}) for slot in slots] if len(slots) > 1 else [])
    return [(variant, factory.build(op, other_world, foreign=admin_world, foreign_slots=variant))
            for variant in variants]


def test_other_tenant_is_refused_on_every_operation_naming_the_admins_objects(
        api, factory, admin_world, other_world):
    before = tenant_snapshot(api, factory, admin_world)
    admin_ids = set().union(*ids_by_kind(before, admin_world).values())
    callers_own_ids = other_world.known_ids()
    problems, attempted = [], 0
    for op in implemented_operations():
        for foreign_slots, call in cross_tenant_calls(factory, op, other_world, admin_world):
            attempted += 1
            response = api.send(other_world.owner, call)
            what = f"{call} [admin's: {', '.join(sorted(foreign_slots))}]"
            problem = error_problem(response, {403, 404}, what)
            if problem:
                problems.append(problem)
                continue
            # Echoing what the caller sent (a path id in a 404) reveals nothing.
            leaked = (numbers_in_error(response) & admin_ids) - call.numbers_sent() - callers_own_ids
            if leaked:
                problems.append(f"{what}: the answer names admin objects {sorted(leaked)}: {response.text}")
    assert attempted, "no operation names a tenant's object"
    assert not problems, f"{len(problems)} of {attempted} cross-tenant calls misbehaved:\n" + "\n".join(problems)
    assert tenant_snapshot(api, factory, admin_world) == before, "the other tenant's calls changed the admin tenant"


def test_other_tenants_collection_reads_hold_none_of_the_admins_objects(api, factory, admin_world, other_world):
    admin_ids = ids_by_kind(tenant_snapshot(api, factory, admin_world), admin_world)
    problems, checked = [], 0
    for op in implemented_operations():
        if factory.slots(op):
            continue  # names objects: covered by the test above
        kind = op.collection_kind
        call = factory.build(op, other_world)
        calls = [call]
        searchable = any(p["name"] == "query" for p in op.query_params)
        if searchable and kind not in GLOBAL_KINDS:
            # Asking for an admin object by id finds nothing either.
            calls += [call.replace(query={**call.query, "query": f"id:{object_id}"})
                      for object_id in sorted(admin_ids.get(kind, ()))[-3:]]
        for each in calls:
            checked += 1
            if op.is_list:
                # every page of the other tenant's list
                items = api.page_all(other_world.owner, op, each)
                if kind in GLOBAL_KINDS:
                    continue
                found = {item["id"] for item in items} & admin_ids.get(kind, set())
                accounts = account_refs(items) & admin_ids["account"]
                if found or accounts:
                    problems.append(f"{each}: lists admin objects {sorted(found)} / accounts {sorted(accounts)}")
                continue
            response = api.send(other_world.owner, each)
            if response.status_code != op.valid_call_status:
                problems.append(f"{each}: expected {op.valid_call_status}, got {response.status_code}: "
                                f"{response.text[:300]}")
                continue
            if kind in GLOBAL_KINDS or response.status_code != op.success_status:
                continue
            found = returned_ids(response) & admin_ids.get(kind, set())
            accounts = returned_account_refs(response) & admin_ids["account"]
            if found or accounts:
                problems.append(f"{each}: returns admin objects {sorted(found)} / accounts {sorted(accounts)}")
    assert checked, "no implemented operation reads a collection"
    assert not problems, "\n".join(problems)


def test_server_log_is_clean(server, issued_keys):
    assert_log_is_clean(server.log_text(), issued_keys)
