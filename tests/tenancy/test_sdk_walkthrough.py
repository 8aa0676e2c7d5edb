"""The issue's walkthrough with the official SDK: read the space, search accounts, create a
role and a second application user, and use that user once it holds the role."""

from __future__ import annotations

import pytest
from wallee.exceptions import ApiException
from wallee.models.application_user_create import ApplicationUserCreate
from wallee.models.role_create import RoleCreate
from wallee.service.accounts_service import AccountsService
from wallee.service.application_users_roles_service import ApplicationUsersRolesService
from wallee.service.application_users_service import ApplicationUsersService
from wallee.service.roles_service import RolesService
from wallee.service.spaces_service import SpacesService

from tests.conftest import sdk_config
from tests.support.servers import Credentials


def test_read_space(config, admin):
    space = SpacesService(config).get_spaces_id(admin.space_id)
    assert space.id == admin.space_id
    assert space.account.id == admin.account_id
    assert space.state.value == "ACTIVE"
    assert space.version >= 1


def test_search_accounts(config, admin):
    found = AccountsService(config).get_accounts_search(query=f"id:{admin.account_id}", order="name:ASC")
    assert [account.id for account in found.data] == [admin.account_id]
    assert found.offset == 0 and found.has_more is False
    assert found.data[0].state.value == "ACTIVE"


def test_create_role_and_second_user_who_then_works(server, config, admin):
    role = RolesService(config).post_roles(RoleCreate(account=admin.account_id, name={"en-US": "Read only"}))
    assert role.id and role.account.id == admin.account_id and role.name == {"en-US": "Read only"}

    created = ApplicationUsersService(config).post_application_users(
        ApplicationUserCreate(name="Integration", primary_account=admin.account_id))
    assert created.id and created.mac_key and created.primary_account == admin.account_id
    second = sdk_config(server, Credentials(admin.account_id, admin.space_id, created.id, created.mac_key))

    # Without a role the new user is authenticated but may do nothing.
    with pytest.raises(ApiException) as denied:
        SpacesService(second).get_spaces_id(admin.space_id)
    assert denied.value.status in (403, 404)

    # The role carries space reading (permission 201, granted through the raw id: the SDK
    # drops Permission.id when it serialises a role).
    from tests.support.jwt_client import WalleeHttp

    http = WalleeHttp(server.base_url, admin.user_id, admin.key)
    response = http.patch(f"/roles/{role.id}", json={"version": role.version, "permissions": [{"id": 201}]})
    assert response.status_code == 200, response.text
    assert response.json()["permissions"] == [{"id": 201}]

    grant = ApplicationUsersRolesService(config).post_application_users_user_id_account_roles(
        created.id, role.id, admin.account_id)
    assert grant.role == role.id and grant.user == created.id and grant.account == admin.account_id

    space = SpacesService(second).get_spaces_id(admin.space_id)
    assert space.id == admin.space_id
    # ...and nothing beyond the role: creating a role needs ROLE_CREATE.
    with pytest.raises(ApiException) as denied:
        RolesService(second).post_roles(RoleCreate(account=admin.account_id, name={"en-US": "x"}))
    assert denied.value.status == 403
