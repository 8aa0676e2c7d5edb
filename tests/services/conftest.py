"""Shared helpers for the service tests.

Every test that counts or pages through a list works inside its own ``tenant``: a fresh
sub-account of the administrator's account with an application user whose primary account
it is. That user sees only its own sub-tree, so lists hold exactly what the test created,
however many objects other tests leave on the shared server.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from wallee.configuration import Configuration
from wallee.models.account_create import AccountCreate
from wallee.models.application_user_create import ApplicationUserCreate
from wallee.service.accounts_service import AccountsService
from wallee.service.application_users_roles_service import ApplicationUsersRolesService
from wallee.service.application_users_service import ApplicationUsersService

from tests.conftest import sdk_config
from tests.support.jwt_client import WalleeHttp
from tests.support.sdk import raw_json, refused, unique  # noqa: F401 - the service tests import them from here
from tests.support.servers import Credentials

SCOPE_ID = 1

# Permission ids are part of the contract: they never change.
ALL_PERMISSIONS = 1
ACCOUNT_READ, ACCOUNT_CREATE, ACCOUNT_UPDATE, ACCOUNT_DELETE, ACCOUNT_ACTIVATION = 101, 102, 103, 104, 105
SPACE_GROUP, SPACE_READ, SPACE_CREATE, SPACE_UPDATE, SPACE_DELETE = 200, 201, 202, 203, 204
APPLICATION_USER_READ = 311
HUMAN_USER_READ = 321
USER_ROLE_READ, USER_ROLE_ASSIGN = 341, 342
ROLE_READ, ROLE_CREATE, ROLE_UPDATE = 401, 402, 403


@dataclass
class Tenant:
    account_id: int
    user_id: int
    key: str
    role_id: int
    config: Configuration
    http: WalleeHttp


def create_role(http: WalleeHttp, account_id: int, permissions: list[int], name: str | None = None) -> dict:
    """Roles carry permissions by id, which the SDK drops when it serialises: raw JSON."""
    response = http.post("/roles", json={"account": account_id, "name": {"en-US": name or unique("Role")},
                                         "permissions": [{"id": p} for p in permissions]})
    assert response.status_code == 201, response.text
    return response.json()


def create_application_user(server, creator: Configuration, account_id: int,
                            grant: tuple[int, bool] | None = None, name: str | None = None):
    """A new application user of ``account_id``; ``grant=(role, appliesOnSubAccount)`` gives it a role there.

    Returns (user model, its SDK configuration, raw HTTP client)."""
    user = ApplicationUsersService(creator).post_application_users(
        ApplicationUserCreate(name=name or unique("User"), primary_account=account_id))
    if grant is not None:
        role_id, applies_on_sub = grant
        ApplicationUsersRolesService(creator).post_application_users_user_id_account_roles(
            user.id, role_id, account_id, applies_on_sub_account=applies_on_sub)
    credentials = Credentials(account_id, 0, user.id, user.mac_key)
    return user, sdk_config(server, credentials), WalleeHttp(server.base_url, user.id, user.mac_key)


def make_tenant(server, admin_config: Configuration, admin_http: WalleeHttp, name: str = "Tenant") -> Tenant:
    account = AccountsService(admin_config).post_accounts(AccountCreate(name=unique(name), scope=SCOPE_ID))
    role = create_role(admin_http, account.id, [ALL_PERMISSIONS], "Tenant administrator")
    user, config, http = create_application_user(server, admin_config, account.id, grant=(role["id"], True),
                                                 name=unique(f"{name} administrator"))
    return Tenant(account.id, user.id, user.mac_key, role["id"], config, http)


@pytest.fixture()
def tenant(server, config, http) -> Tenant:
    return make_tenant(server, config, http)


def assert_cursor_pages(list_page, ids: list[int]) -> None:
    """Cursor pagination of a list operation whose caller sees exactly ``ids`` (at least 12).

    ``list_page(**params)`` calls the SDK's list method. For models the SDK parses without
    their id (HumanUser, SingleSignOnUser) pass the ``*_with_http_info`` variant: the page is
    then read from the raw JSON."""
    ids = sorted(ids)
    assert len(ids) >= 12

    def page(**params):
        response = list_page(**params)
        if hasattr(response, "raw_data"):
            body = raw_json(response)
            return [item["id"] for item in body["data"]], body["hasMore"], body["limit"]
        return [item.id for item in response.data], response.has_more, response.limit

    assert page() == (ids[:10], True, 10)  # ten by default, in id order
    assert page(limit=len(ids)) == (ids, False, len(ids))
    assert page(limit=3) == (ids[:3], True, 3)
    assert page(after=ids[2], limit=3) == (ids[3:6], True, 3)
    assert page(after=ids[-3], limit=5) == (ids[-2:], False, 5)
    # ``before`` gives the objects just before the cursor, still in ascending order.
    assert page(before=ids[6], limit=2)[:2] == (ids[4:6], True)
    assert page(before=ids[1], limit=5)[:2] == (ids[:1], False)
    # Both cursors: the objects strictly between them.
    assert page(after=ids[1], before=ids[5])[:2] == (ids[2:5], False)
    assert page(after=ids[1], before=ids[8], limit=3)[:2] == (ids[2:5], True)
    descending = ids[::-1]
    assert page(order="DESC")[:2] == (descending[:10], True)
    assert page(order="DESC", after=descending[3], limit=4)[:2] == (descending[4:8], True)
    assert page(order="DESC", limit=len(ids))[:2] == (descending, False)
