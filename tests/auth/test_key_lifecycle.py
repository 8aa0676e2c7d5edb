"""Authentication keys through the official SDK: shown once, listed as metadata only, revoked at
once when deleted, invisible to other tenants, and never readable back."""

from __future__ import annotations

import uuid

import pytest
from wallee.exceptions import ApiException
from wallee.models.application_user_create import ApplicationUserCreate
from wallee.service.application_users_service import ApplicationUsersService
from wallee.service.permissions_service import PermissionsService

from tests.auth.support import assert_auth_error
from tests.conftest import sdk_config
from tests.support.jwt_client import WalleeHttp
from tests.support.servers import Credentials


def works(server, user_id: int, key: str) -> bool:
    """Whether the key authenticates: reference data every authenticated caller may read."""
    config = sdk_config(server, Credentials(0, 0, user_id, key))
    try:
        return PermissionsService(config).get_permissions_id(1).id == 1
    except ApiException as error:
        assert error.status == 401, (error.status, error.body)
        return False


def test_key_lifecycle(server, config, admin, other_tenant):
    users = ApplicationUsersService(config)
    created = users.post_application_users_with_http_info(
        ApplicationUserCreate(name=f"keys-{uuid.uuid4().hex[:10]}", primary_account=admin.account_id))
    assert created.status_code == 201
    user_id, first_key = created.data.id, created.data.mac_key
    assert user_id and first_key

    second = users.post_application_users_user_id_keys_with_http_info(user_id)
    assert second.status_code == 201
    second_key = second.data.key
    assert second_key and second_key != first_key and second.data.id and second.data.state.value == "ACTIVE"

    listed = users.get_application_users_user_id_keys(user_id)
    assert len(listed) == 2
    assert second.data.id in {key.id for key in listed}
    assert all(key.state.value == "ACTIVE" and key.creation_time for key in listed)
    first_key_id = next(key.id for key in listed if key.id != second.data.id)

    assert works(server, user_id, first_key) and works(server, user_id, second_key)

    # Another tenant sees neither the keys nor the user, and cannot delete anything.
    foreign = ApplicationUsersService(sdk_config(server, other_tenant))
    with pytest.raises(ApiException) as denied:
        foreign.get_application_users_user_id_keys(user_id)
    assert denied.value.status in (403, 404)
    with pytest.raises(ApiException) as denied:
        foreign.delete_application_users_user_id_keys_id(user_id, first_key_id)
    assert denied.value.status in (403, 404)
    with pytest.raises(ApiException) as denied:
        foreign.post_application_users_user_id_keys(user_id)
    assert denied.value.status in (403, 404)
    assert works(server, user_id, first_key)

    users.delete_application_users_user_id_keys_id(user_id, first_key_id)
    # Revoked at once: the very next request with it fails, the other key keeps working.
    assert not works(server, user_id, first_key)
    assert works(server, user_id, second_key)
    assert [key.id for key in users.get_application_users_user_id_keys(user_id)] == [second.data.id]

    with pytest.raises(ApiException) as again:
        users.delete_application_users_user_id_keys_id(user_id, first_key_id)
    assert again.value.status == 404

    http = WalleeHttp(server.base_url, user_id, first_key)
    assert_auth_error(http.get("/permissions/1"), "key_revoked", mentions=("revoked",), secrets=(first_key,))


def test_keys_are_never_readable_back(server, config, admin):
    users = ApplicationUsersService(config)
    created = users.post_application_users(
        ApplicationUserCreate(name=f"secret-{uuid.uuid4().hex[:10]}", primary_account=admin.account_id))
    second = users.post_application_users_user_id_keys(created.id)
    secrets = (created.mac_key, second.key)

    http = WalleeHttp(server.base_url, admin.user_id, admin.key)
    responses = {
        "read": http.get(f"/application-users/{created.id}"),
        "list": http.get("/application-users?limit=100"),
        "search": http.get(f"/application-users/search?query=id:{created.id}"),
        "keys": http.get(f"/application-users/{created.id}/keys"),
    }
    for name, response in responses.items():
        assert response.status_code == 200, (name, response.text)
        for secret in secrets:
            assert secret not in response.text, f"{name} reveals a key"
    assert created.id in {user["id"] for user in responses["search"].json()["data"]}
    assert responses["read"].json().get("macKey") is None

    # Key metadata only: no field that could carry key material.
    for key in responses["keys"].json():
        assert set(key) <= {"id", "state", "creationTime"}, key


def test_keys_of_an_unknown_user(config):
    users = ApplicationUsersService(config)
    with pytest.raises(ApiException) as missing:
        users.get_application_users_user_id_keys(10**15)
    assert missing.value.status in (403, 404)
    with pytest.raises(ApiException) as missing:
        users.delete_application_users_user_id_keys_id(10**15, 1)
    assert missing.value.status in (403, 404)
