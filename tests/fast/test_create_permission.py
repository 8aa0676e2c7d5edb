"""The engine checks a create's permission through the resource's scope: in the request's space
for space-scoped resources, on the account the body names for account-scoped ones. No service
checks it by hand (so a new resource cannot forget it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "paystead"
# The permission helpers a service could call itself; a create leaves them to the engine.
PERMISSION_HELPERS = {"require_in_space", "require_account", "require_space", "require_create"}


def _creates(admin) -> dict[str, tuple[str, dict, dict]]:
    """Permission -> (path, body, request options) of one create needing it."""
    return {
        "CUSTOMER_CREATE": ("/customers", {"customerId": "c-1", "givenName": "Ada"}, {"space": admin.space_id}),
        "WEBHOOK_URL_CREATE": ("/webhooks/urls", {"name": "Hook", "url": "https://example.com/hook"},
                               {"space": admin.space_id}),
        "SPACE_CREATE": ("/spaces", {"name": "Another space", "account": admin.account_id}, {}),
        "ROLE_CREATE": ("/roles", {"account": admin.account_id, "name": {"en-US": "Empty role"}, "permissions": []},
                        {}),
    }


@pytest.fixture()
def user_holding(app, http, admin):
    """``user_holding(*names)``: an HTTP client of a new application user of the admin's account
    whose one role holds exactly the named permissions."""
    permissions = {}
    offset = 0
    while True:
        page = http.get(f"/permissions/search?limit=100&offset={offset}").json()
        permissions.update({permission["machineName"]: permission["id"] for permission in page["data"]})
        if not page["hasMore"]:
            break
        offset += 100

    def make(*names: str):
        role = http.post("/roles", json={"account": admin.account_id, "name": {"en-US": "Test role"},
                                         "permissions": [{"id": permissions[name]} for name in names]})
        assert role.status_code in (200, 201), role.text
        user = http.post("/application-users", json={"primaryAccount": admin.account_id, "name": "Test user"})
        assert user.status_code in (200, 201), user.text
        granted = http.post(f"/application-users/{user.json()['id']}/account-roles"
                            f"?roleId={role.json()['id']}&appliesOnSubAccount=true", account=admin.account_id)
        assert granted.status_code == 200, granted.text
        return app.http(user_id=user.json()["id"], key=user.json()["macKey"])
    return make


def test_a_create_without_its_permission_is_refused_and_with_it_succeeds(user_holding, admin):
    creates = _creates(admin)
    nobody = user_holding()
    for permission, (path, body, options) in creates.items():
        refused = nobody.post(path, json=body, **options)
        assert refused.status_code == 403, f"{permission}: {refused.status_code} {refused.text}"
    for permission, (path, body, options) in creates.items():
        holder = user_holding(permission)
        created = holder.post(path, json=body, **options)
        assert created.status_code in (200, 201), f"{permission}: {created.text}"
        # Holding one create permission allows no other create.
        other_path, other_body, other_options = next(
            create for name, create in creates.items() if name != permission)
        assert holder.post(other_path, json=other_body, **other_options).status_code == 403


def test_a_bulk_create_needs_the_create_permission(user_holding, admin):
    items = [{"customerId": "b-1"}, {"customerId": "b-2"}]
    refused = user_holding("CUSTOMER_READ").post("/customers/bulk", json=items, space=admin.space_id)
    assert refused.status_code == 403, refused.text
    answered = user_holding("CUSTOMER_CREATE").post("/customers/bulk", json=items, space=admin.space_id)
    assert answered.status_code == 200, answered.text
    assert [item["statusCode"] for item in answered.json()] == [201, 201]


def test_a_create_naming_an_account_out_of_reach_is_refused(http, admin, other_tenant):
    for path, body in (("/spaces", {"name": "Elsewhere", "account": other_tenant.account_id}),
                       ("/roles", {"account": other_tenant.account_id, "name": {"en-US": "Elsewhere"}}),
                       ("/application-users", {"primaryAccount": other_tenant.account_id, "name": "Elsewhere"}),
                       ("/accounts", {"scope": 1, "parentAccount": other_tenant.account_id, "name": "Elsewhere"})):
        refused = http.post(path, json=body)
        assert refused.status_code == 403, f"{path}: {refused.text}"
        assert refused.json()["errors"] == {"account": str(other_tenant.account_id)}


def test_no_service_create_checks_its_permission_itself():
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.AsyncFunctionDef) and node.name == "create"):
                continue
            for call in ast.walk(node):
                if isinstance(call, ast.Call):
                    called = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                    if called in PERMISSION_HELPERS:
                        offenders.append(f"{path.relative_to(SOURCE)}:{call.lineno} {called}")
    assert offenders == [], "a create checks its own permission (the engine's create_one does): " + ", ".join(offenders)
