"""Search and order through linked objects with dotted names (``account.parentAccount.name``).

A linked object the caller may not read reads as empty, exactly as it stays collapsed in an
expand: a search must not reveal what a read would not.
"""

from __future__ import annotations

import pytest
from wallee.models.account_create import AccountCreate
from wallee.models.space_create import SpaceCreate
from wallee.service.accounts_service import AccountsService
from wallee.service.spaces_service import SpacesService

from tests.services.conftest import (
    SCOPE_ID,
    SPACE_READ,
    create_application_user,
    create_role,
    refused,
    unique,
)


@pytest.fixture()
def tree(server, tenant):
    """Accounts Root (the tenant's own) > Beta > Delta and Root > Gamma, one space in each."""
    accounts = AccountsService(tenant.config)
    spaces = SpacesService(tenant.config)
    root = accounts.get_accounts_id(tenant.account_id)
    beta = accounts.post_accounts(AccountCreate(name=unique("Beta"), scope=SCOPE_ID, parent_account=root.id))
    gamma = accounts.post_accounts(AccountCreate(name=unique("Gamma"), scope=SCOPE_ID, parent_account=root.id))
    delta = accounts.post_accounts(AccountCreate(name=unique("Delta"), scope=SCOPE_ID, parent_account=beta.id))
    made = {"root": root, "beta": beta, "gamma": gamma, "delta": delta}
    space_ids = {key: spaces.post_spaces(SpaceCreate(name=unique(f"Space {key}"), account=account.id)).id
                 for key, account in made.items()}
    return made, space_ids


def _space_search(config, query=None, order=None) -> list[int]:
    page = SpacesService(config).get_spaces_search(query=query, order=order, limit=100)
    return [space.id for space in page.data]


def _account_search(config, query=None, order=None) -> list[int]:
    page = AccountsService(config).get_accounts_search(query=query, order=order, limit=100)
    return [account.id for account in page.data]


def test_search_through_one_link(tenant, tree):
    accounts, spaces = tree
    beta_name = accounts["beta"].name
    assert _space_search(tenant.config, f'account.name:"{beta_name}"') == [spaces["beta"]]
    assert _space_search(tenant.config, f"account.name:{beta_name.split()[1].upper()}") == []  # equality is whole
    assert _space_search(tenant.config, f"account.name:~{beta_name.split()[1].upper()}") == [spaces["beta"]]
    others = [spaces[key] for key in ("root", "gamma", "delta")]
    assert _space_search(tenant.config, f'-account.name:"{beta_name}"') == others
    assert _space_search(tenant.config, f'NOT account.name:"{beta_name}" AND account.state:ACTIVE') == others


def test_search_through_a_link_to_the_same_table(tenant, tree):
    accounts, spaces = tree
    # Accounts whose parent is Beta: Delta. The parent link joins the accounts table to itself.
    assert _account_search(tenant.config, f'parentAccount.name:"{accounts["beta"].name}"') == [accounts["delta"].id]
    # Two hops, from spaces: the space whose account's parent is Beta.
    assert _space_search(tenant.config, f'account.parentAccount.name:"{accounts["beta"].name}"') == [spaces["delta"]]
    # Three hops: Delta's grandparent is the root.
    grand = f'parentAccount.parentAccount.name:"{accounts["root"].name}"'
    assert _account_search(tenant.config, grand) == [accounts["delta"].id]
    assert _space_search(tenant.config, "account." + grand) == [spaces["delta"]]


def test_order_by_a_linked_field(tenant, tree):
    accounts, spaces = tree
    by_account_name = sorted(spaces, key=lambda key: accounts[key].name.lower())
    assert _space_search(tenant.config, order="account.name") == [spaces[key] for key in by_account_name]
    assert _space_search(tenant.config, order="account.name:DESC") == [spaces[key] for key in by_account_name[::-1]]
    # Root's parent is outside the tenant: it reads as empty, and empty values sort last.
    ordered = _space_search(tenant.config, order="account.parentAccount.name:ASC account.name:ASC")
    assert ordered[-1] == spaces["root"]


def test_a_parent_outside_the_tenant_reads_as_empty(server, config, admin, tenant, tree):
    accounts, spaces = tree
    # The tenant's root account is a sub-account of the administrator's account, which the
    # tenant must not learn anything about: not by filtering, not by sorting.
    admin_name = AccountsService(config).get_accounts_id(admin.account_id).name
    assert _account_search(tenant.config, f'parentAccount.name:"{admin_name}"') == []
    assert _account_search(tenant.config, "parentAccount.name:*") == [accounts["root"].id]
    assert _space_search(tenant.config, "account.parentAccount.id:*") == [spaces["root"]]
    # The administrator, who may read its own account, finds the tenant's root by its parent.
    assert _account_search(config, f'parentAccount.name:"{admin_name}" id:{tenant.account_id}') == [tenant.account_id]


def test_links_the_caller_may_not_read_are_empty(server, config, http, tenant, tree):
    accounts, spaces = tree
    spaces_only = create_role(tenant.http, tenant.account_id, [SPACE_READ])
    _, reader, _ = create_application_user(server, tenant.config, tenant.account_id, grant=(spaces_only["id"], True))
    everything = sorted(spaces.values())
    assert _space_search(reader, order="id") == everything
    # The reader may not read accounts: their names are empty to it.
    assert _space_search(reader, f'account.name:"{accounts["beta"].name}"') == []
    assert _space_search(reader, "account.name:*") == everything
    assert _space_search(reader, "account.id:*") == []  # the link itself (the id) is visible


def test_unknown_or_too_deep_linked_fields_are_400(tenant, tree):
    accounts, spaces = tree
    for query in ["account.nothing:1", "account.name.deeper:1", "name.id:1", "account.parentAccount.nothing:1"]:
        body = refused(400, SpacesService(tenant.config).get_spaces_search, query=query)
        assert "unknown field" in body["message"], body
    refused(400, SpacesService(tenant.config).get_spaces_search, order="account.nothing")
    # Names have at most four segments.
    body = refused(400, SpacesService(tenant.config).get_spaces_search,
                   query="account.parentAccount.parentAccount.parentAccount.name:x")
    assert "4 segments" in body["message"]
    # Four segments (three links) is the limit, and allowed. Empty grandparents: all but Delta's.
    deep = "account.parentAccount.parentAccount.name:*"
    assert _space_search(tenant.config, deep) == [spaces[key] for key in ("root", "beta", "gamma")]
