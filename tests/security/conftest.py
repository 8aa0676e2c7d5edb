from __future__ import annotations

import pytest

from tests.security.support import Api, Identity, RequestFactory, TenantWorld, build_world, fresh_world


@pytest.fixture(scope="session")
def issued_keys(admin, other_tenant) -> set[str]:
    """Every authentication key shown during the security tests (the server must never log one)."""
    return {admin.key, other_tenant.key}


@pytest.fixture(scope="module")
def api(server, issued_keys) -> Api:
    api = Api(server.base_url, issued_keys)
    yield api
    api.close()


@pytest.fixture(scope="module")
def factory(api) -> RequestFactory:
    return RequestFactory(api)


@pytest.fixture(scope="module")
def admin_identity(admin) -> Identity:
    return Identity(admin.user_id, admin.key)


@pytest.fixture(scope="module")
def admin_world(api, admin, admin_identity) -> TenantWorld:
    return build_world(api, admin_identity, admin.account_id, "Admin")


@pytest.fixture(scope="module")
def fresh_admin_world(admin_world):
    """New objects for a call that deletes or disables its target: a new space of the admin's
    account, with only the objects the call names."""
    return lambda: fresh_world(admin_world, "Disposable")
