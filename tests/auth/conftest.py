from __future__ import annotations

import uuid

import pytest
from wallee.models.application_user_create import ApplicationUserCreate
from wallee.service.application_users_service import ApplicationUsersService

from tests.conftest import sdk_config
from tests.support.servers import Credentials


@pytest.fixture()
def new_application_user(server, admin):
    """Creates a fresh application user (no roles) in the admin's account; returns its credentials."""

    def create(name_prefix: str = "auth-test") -> Credentials:
        created = ApplicationUsersService(sdk_config(server, admin)).post_application_users(
            ApplicationUserCreate(name=f"{name_prefix}-{uuid.uuid4().hex[:10]}", primary_account=admin.account_id))
        assert created.id and created.mac_key
        return Credentials(admin.account_id, admin.space_id, created.id, created.mac_key)

    return create
