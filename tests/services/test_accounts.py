"""AccountsService: sub-accounts, their limits, activation and the rules around deleting."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from wallee.models.account_create import AccountCreate
from wallee.models.account_update import AccountUpdate
from wallee.models.space_create import SpaceCreate
from wallee.service.accounts_service import AccountsService
from wallee.service.spaces_service import SpacesService

from tests.services.conftest import SCOPE_ID, assert_cursor_pages, refused, unique


def new_account(config, **fields):
    return AccountsService(config).post_accounts(AccountCreate(scope=SCOPE_ID, **fields))


def test_create_answers_201_with_the_new_sub_account(config, admin):
    name = unique("Shop")
    response = AccountsService(config).post_accounts_with_http_info(
        AccountCreate(name=name, scope=SCOPE_ID, subaccount_limit=3))
    assert response.status_code == 201
    account = response.data
    assert account.id and account.name == name
    assert account.state.value == "ACTIVE" and account.active is True and account.restricted_active is False
    assert account.type.value == "SUBACCOUNT"
    # Without parentAccount the new account hangs below the caller's primary account.
    assert account.parent_account.id == admin.account_id
    assert account.scope.id == SCOPE_ID
    assert account.subaccount_limit == 3
    assert account.version == 1
    assert account.created_by == admin.user_id
    assert abs(account.created_on - datetime.now(timezone.utc)) < timedelta(minutes=2)
    assert account.deleted_on is None and account.planned_purge_date is None

    read = AccountsService(config).get_accounts_id_with_http_info(account.id)
    assert read.status_code == 200
    assert read.data == account


def test_create_below_an_explicit_parent(config):
    parent = new_account(config, name=unique("Parent"))
    child = new_account(config, name=unique("Child"), parent_account=parent.id)
    assert child.parent_account.id == parent.id
    found = AccountsService(config).get_accounts_search(query=f"parentAccount:{parent.id}")
    assert [account.id for account in found.data] == [child.id]


def test_unknown_scope_is_refused(config):
    error = refused(422, AccountsService(config).post_accounts, AccountCreate(name=unique("Scope"), scope=2))
    assert "scope" in error["errors"]


def test_subaccount_limit_is_enforced(config):
    parent = new_account(config, name=unique("Limited"), subaccount_limit=1)
    first = new_account(config, name=unique("First"), parent_account=parent.id)
    error = refused(422, AccountsService(config).post_accounts,
                    AccountCreate(name=unique("Second"), scope=SCOPE_ID, parent_account=parent.id))
    assert error["code"] == "subaccount_limit_reached" and "parentAccount" in error["errors"]

    # A deleted sub-account no longer counts against the limit.
    AccountsService(config).delete_accounts_id(first.id)
    assert new_account(config, name=unique("Second"), parent_account=parent.id).parent_account.id == parent.id

    # Raising the limit makes room at once.
    current = AccountsService(config).get_accounts_id(parent.id)
    AccountsService(config).patch_accounts_id(parent.id, AccountUpdate(subaccount_limit=2, version=current.version))
    new_account(config, name=unique("Third"), parent_account=parent.id)


def test_parent_of_the_callers_primary_account_is_never_shown(config, admin, tenant):
    own = AccountsService(tenant.config).get_accounts_id(tenant.account_id)
    assert own.parent_account is None
    expanded = AccountsService(tenant.config).get_accounts_id(tenant.account_id, expand=["parentAccount"])
    assert expanded.parent_account is None
    listed = AccountsService(tenant.config).get_accounts()
    assert [account.parent_account for account in listed.data if account.id == tenant.account_id] == [None]
    # Nor can it be found by filtering or sorting on it: for this caller the parent is empty.
    service = AccountsService(tenant.config)
    assert service.get_accounts_search(query=f"parentAccount:{admin.account_id}").data == []
    assert service.get_accounts_search(query=f"parentAccount.id:{admin.account_id}").data == []
    assert [a.id for a in service.get_accounts_search(query="parentAccount:*").data] == [tenant.account_id]
    # The administrator above sees the same account with its parent.
    assert AccountsService(config).get_accounts_id(tenant.account_id).parent_account.id == admin.account_id
    assert [a.id for a in AccountsService(config).get_accounts_search(
        query=f"parentAccount:{admin.account_id} id:{tenant.account_id}").data] == [tenant.account_id]
    # ...and the tenant still sees the parent of its own sub-accounts.
    child = new_account(tenant.config, name=unique("Child"))
    assert child.parent_account.id == tenant.account_id
    assert [a.id for a in service.get_accounts_search(query=f"parentAccount:{tenant.account_id}").data] == [child.id]


def test_read_unknown_and_foreign_accounts_is_404(config, other_tenant):
    refused(404, AccountsService(config).get_accounts_id, 10**12)
    refused(404, AccountsService(config).get_accounts_id, other_tenant.account_id)


def test_list_pages_with_cursors(tenant):
    children = [new_account(tenant.config, name=unique("Page")).id for _ in range(12)]
    assert_cursor_pages(AccountsService(tenant.config).get_accounts, [tenant.account_id, *children])
    too_many = tenant.http.get("/accounts?limit=101")
    assert too_many.status_code == 400 and "limit" in too_many.json()["errors"]


def test_search_filters_sorts_and_pages(tenant):
    suffix = unique("")
    names = [f"Alpha{suffix}", f"Bravo{suffix}", f"Charlie{suffix}"]
    accounts = [new_account(tenant.config, name=name) for name in names]
    service = AccountsService(tenant.config)

    by_id = service.get_accounts_search(query=f"id:{accounts[1].id}")
    assert [a.id for a in by_id.data] == [accounts[1].id] and by_id.has_more is False and by_id.offset == 0
    by_name = service.get_accounts_search(query=f'name:"{names[2]}"')
    assert [a.id for a in by_name.data] == [accounts[2].id]
    assert [a.id for a in service.get_accounts_search(query=f"name:~{suffix.strip()}", order="name:DESC").data] == \
        [accounts[2].id, accounts[1].id, accounts[0].id]

    service.post_accounts_id_deactivate(accounts[0].id)
    inactive = service.get_accounts_search(query="state:INACTIVE")
    assert [a.id for a in inactive.data] == [accounts[0].id]
    active = service.get_accounts_search(query="state:ACTIVE", order="id:ASC")
    assert [a.id for a in active.data] == [tenant.account_id, accounts[1].id, accounts[2].id]

    second_page = service.get_accounts_search(order="name:DESC", offset=1, limit=1,
                                              query=f"name:~{suffix.strip()}")
    assert [a.id for a in second_page.data] == [accounts[1].id]
    assert second_page.offset == 1 and second_page.limit == 1 and second_page.has_more is True

    # Empty query= and order= mean "no filter" and "default order" (the SDK sends them empty).
    everything = tenant.http.get("/accounts/search?query=&order=&limit=100")
    assert everything.status_code == 200
    assert [a["id"] for a in everything.json()["data"]] == [tenant.account_id, *(a.id for a in accounts)]

    beyond = tenant.http.get("/accounts/search?offset=10001")
    assert beyond.status_code == 416 and "offset" in beyond.json()["errors"]
    assert tenant.http.get("/accounts/search?offset=10000").json()["data"] == []
    refused(400, service.get_accounts_search, query="nosuchfield:1")
    refused(400, service.get_accounts_search, order="nosuchfield:DESC")


def test_update_increments_the_version_and_refuses_stale_ones(config, http):
    service = AccountsService(config)
    account = new_account(config, name=unique("Before"))
    renamed = service.patch_accounts_id(account.id, AccountUpdate(name="After", version=account.version))
    assert renamed.name == "After" and renamed.version == account.version + 1
    assert service.get_accounts_id(account.id).name == "After"

    error = refused(409, service.patch_accounts_id, account.id, AccountUpdate(name="Stale", version=account.version))
    assert f"current version is {renamed.version}" in error["message"]
    assert service.get_accounts_id(account.id).name == "After"

    # Raw JSON: the SDK's model always sends a version.
    missing = http.patch(f"/accounts/{account.id}", json={"name": "No version"})
    assert missing.status_code == 409 and f"current version is {renamed.version}" in missing.json()["message"]


def test_activate_and_deactivate(config):
    service = AccountsService(config)
    account = new_account(config, name=unique("Switch"))
    deactivated = service.post_accounts_id_deactivate_with_http_info(account.id)
    assert deactivated.status_code == 204
    after = service.get_accounts_id(account.id)
    assert after.state.value == "INACTIVE" and after.active is False and after.version == account.version + 1

    activated = service.post_accounts_id_activate_with_http_info(account.id)
    assert activated.status_code == 204
    again = service.get_accounts_id(account.id)
    assert again.state.value == "ACTIVE" and again.active is True and again.version == account.version + 2


def test_own_primary_account_cannot_be_deactivated_or_deleted(tenant):
    service = AccountsService(tenant.config)
    assert refused(422, service.post_accounts_id_deactivate, tenant.account_id)["code"] == "own_account"
    assert refused(422, service.delete_accounts_id, tenant.account_id)["code"] == "own_account"
    assert service.get_accounts_id(tenant.account_id).state.value == "ACTIVE"


def test_delete_refuses_accounts_with_spaces_or_sub_accounts(config):
    service = AccountsService(config)
    with_space = new_account(config, name=unique("With space"))
    space = SpacesService(config).post_spaces(SpaceCreate(name=unique("Space"), account=with_space.id))
    assert refused(422, service.delete_accounts_id, with_space.id)["code"] == "account_not_empty"

    with_child = new_account(config, name=unique("With child"))
    child = new_account(config, name=unique("Child"), parent_account=with_child.id)
    assert refused(422, service.delete_accounts_id, with_child.id)["code"] == "account_not_empty"

    # Once emptied, both can go.
    SpacesService(config).delete_spaces_id(space.id)
    assert service.delete_accounts_id_with_http_info(with_space.id).status_code == 204
    service.delete_accounts_id(child.id)
    service.delete_accounts_id(with_child.id)


def test_deleted_account_is_gone(tenant):
    service = AccountsService(tenant.config)
    account = new_account(tenant.config, name=unique("Doomed"))
    assert service.delete_accounts_id_with_http_info(account.id).status_code == 204
    refused(404, service.get_accounts_id, account.id)
    assert account.id not in [a.id for a in service.get_accounts(limit=100).data]
    assert service.get_accounts_search(query=f"id:{account.id}").data == []
    refused(404, service.delete_accounts_id, account.id)


def test_expand_parent_account(config, tenant):
    service = AccountsService(tenant.config)
    child = new_account(tenant.config, name=unique("Child"))
    grandchild = new_account(tenant.config, name=unique("Grandchild"), parent_account=child.id)

    raw = tenant.http.get(f"/accounts/{grandchild.id}").json()
    assert raw["parentAccount"] == {"id": child.id}
    collapsed = service.get_accounts_id(grandchild.id)
    assert collapsed.parent_account.id == child.id and collapsed.parent_account.name is None

    expanded = service.get_accounts_id(grandchild.id, expand=["parentAccount.parentAccount"])
    assert expanded.parent_account.name == child.name
    assert expanded.parent_account.parent_account.id == tenant.account_id
    assert expanded.parent_account.parent_account.name is not None
    listed = service.get_accounts_search(query=f"id:{grandchild.id}", expand=["parentAccount"])
    assert listed.data[0].parent_account.name == child.name

    four = ".".join(["parentAccount"] * 4)
    assert service.get_accounts_id(grandchild.id, expand=[four]).id == grandchild.id
    assert refused(400, service.get_accounts_id, grandchild.id, expand=[four + ".parentAccount"])["code"] == \
        "invalid_expand"
    # What is no link, or no field, is ignored as on wallee: the answer is the usual one.
    assert service.get_accounts_id(grandchild.id, expand=["nosuchfield"]).name == grandchild.name
    assert service.get_accounts_id(grandchild.id, expand=["name"]).parent_account.name is None
    refused(400, service.get_accounts, expand=["parent-account"])  # not a field name
