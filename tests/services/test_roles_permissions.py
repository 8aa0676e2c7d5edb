"""RolesService and PermissionsService: roles bundle permissions of the permission tree.

Permissions are put into roles with raw JSON: the SDK drops ``Permission.id`` (read-only in
its model) when it serialises a role, and the server refuses the resulting ``[{}]``.
"""

from __future__ import annotations

from wallee.models.permission import Permission
from wallee.models.role_create import RoleCreate
from wallee.models.role_update import RoleUpdate
from wallee.models.space_create import SpaceCreate
from wallee.service.application_users_roles_service import ApplicationUsersRolesService
from wallee.service.permissions_service import PermissionsService
from wallee.service.roles_service import RolesService
from wallee.service.spaces_service import SpacesService

from tests.conftest import sdk_config
from tests.services.conftest import (
    ALL_PERMISSIONS,
    SPACE_CREATE,
    SPACE_DELETE,
    SPACE_GROUP,
    SPACE_READ,
    SPACE_UPDATE,
    assert_cursor_pages,
    create_application_user,
    create_role,
    refused,
    unique,
)
from tests.support.jwt_client import DROP

# The permission tree's ids never change; these must always be there.
KNOWN_PERMISSIONS = [1, 100, 101, 102, 103, 104, 105, 200, 201, 202, 203, 204, 300, 310, 311, 312, 313, 314, 315,
                     320, 321, 322, 323, 324, 325, 330, 331, 332, 333, 334, 340, 341, 342, 400, 401, 402, 403, 404,
                     500, 501]


# --- roles -------------------------------------------------------------------------------

def test_create_answers_201_with_a_localized_name(config, admin, http):
    name = {"en-US": unique("Clerk"), "de-DE": "Sachbearbeiter", "fr-FR": "Employé"}
    response = RolesService(config).post_roles_with_http_info(
        RoleCreate(account=admin.account_id, name=name, two_factor_required=True))
    assert response.status_code == 201
    role = response.data
    assert role.id and role.name == name and role.two_factor_required is True
    assert role.state.value == "ACTIVE" and role.account.id == admin.account_id
    assert role.permissions == [] and role.version == 1
    assert RolesService(config).get_roles_id_with_http_info(role.id).data == role
    refused(422, RolesService(config).post_roles, RoleCreate(account=admin.account_id, name={"en-US": ""}))


def test_permissions_are_set_and_replaced_by_id(config, admin, http):
    service = RolesService(config)
    role = create_role(http, admin.account_id, [SPACE_UPDATE, SPACE_READ, SPACE_READ])
    assert role["permissions"] == [{"id": SPACE_READ}, {"id": SPACE_UPDATE}]  # sorted, once each
    assert [p.id for p in service.get_roles_id(role["id"]).permissions] == [SPACE_READ, SPACE_UPDATE]

    replaced = http.patch(f"/roles/{role['id']}", json={"version": role["version"],
                                                        "permissions": [{"id": SPACE_DELETE}]})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["permissions"] == [{"id": SPACE_DELETE}]
    assert replaced.json()["version"] == role["version"] + 1  # a change of permissions alone is a new version

    # Renaming through the SDK keeps the permissions (the SDK sends none).
    renamed = service.patch_roles_id(role["id"], RoleUpdate(name={"en-US": "Deleter"}, version=role["version"] + 1))
    assert renamed.name == {"en-US": "Deleter"} and [p.id for p in renamed.permissions] == [SPACE_DELETE]
    cleared = http.patch(f"/roles/{role['id']}", json={"version": renamed.version, "permissions": []})
    assert cleared.status_code == 200 and cleared.json()["permissions"] == []


def test_permissions_must_name_known_ids(config, admin, http):
    unknown = http.post("/roles", json={"account": admin.account_id, "name": {"en-US": "Unknown"},
                                        "permissions": [{"id": SPACE_READ}, {"id": 987654}]})
    assert unknown.status_code == 422 and "987654" in unknown.json()["message"]
    # What the SDK sends for RoleCreate(permissions=[Permission(id=201)]): the id is gone.
    assert RoleCreate(account=1, name={"en-US": "x"}, permissions=[Permission(id=SPACE_READ)]).to_dict()[
        "permissions"] == [{}]
    error = refused(422, RolesService(config).post_roles,
                    RoleCreate(account=admin.account_id, name={"en-US": "Lost ids"},
                               permissions=[Permission(id=SPACE_READ)]))
    assert error["code"] == "permission_id_required"
    role = create_role(http, admin.account_id, [SPACE_READ])
    refused(422, RolesService(config).patch_roles_id, role["id"],
            RoleUpdate(permissions=[Permission(id=SPACE_CREATE)], version=role["version"]))
    assert [p.id for p in RolesService(config).get_roles_id(role["id"]).permissions] == [SPACE_READ]


def test_update_with_optimistic_locking(config, admin, http):
    service = RolesService(config)
    role = service.post_roles(RoleCreate(account=admin.account_id, name={"en-US": unique("Versioned")}))
    updated = service.patch_roles_id(role.id, RoleUpdate(two_factor_required=True, version=role.version))
    assert updated.version == role.version + 1 and updated.two_factor_required is True
    stale = refused(409, service.patch_roles_id, role.id, RoleUpdate(two_factor_required=False, version=role.version))
    assert f"current version is {updated.version}" in stale["message"]
    missing = http.patch(f"/roles/{role.id}", json={"permissions": []})
    assert missing.status_code == 409 and f"current version is {updated.version}" in missing.json()["message"]


def test_a_null_field_is_left_out_and_a_null_item_refused(admin, http):
    # Found by schemathesis (tests/reliability/test_schemathesis.py): {"name": null} was a 500.
    role = create_role(http, admin.account_id, [SPACE_READ])
    kept = http.patch(f"/roles/{role['id']}", json={"name": None, "version": role["version"]})
    assert kept.status_code == 200, kept.text
    assert kept.json()["name"] == role["name"]
    item = http.patch(f"/roles/{role['id']}", json={"permissions": [None], "version": kept.json()["version"]})
    assert item.status_code == 400 and "permissions[0]" in item.json()["errors"], item.text
    assert [p["id"] for p in http.get(f"/roles/{role['id']}").json()["permissions"]] == [SPACE_READ]


def test_list_pages_with_cursors(tenant):
    ids = [tenant.role_id] + [create_role(tenant.http, tenant.account_id, [SPACE_READ])["id"] for _ in range(11)]
    assert_cursor_pages(RolesService(tenant.config).get_roles, ids)
    assert tenant.http.get("/roles?limit=101").status_code == 400


def test_search_filters_sorts_and_pages(tenant):
    service = RolesService(tenant.config)
    plain = service.post_roles(RoleCreate(account=tenant.account_id, name={"en-US": "Plain"}))
    strict = service.post_roles(RoleCreate(account=tenant.account_id, name={"en-US": "Strict"},
                                           two_factor_required=True))
    assert [r.id for r in service.get_roles_search(query=f"id:{plain.id}").data] == [plain.id]
    assert [r.id for r in service.get_roles_search(query="twoFactorRequired:true").data] == [strict.id]
    assert [r.id for r in service.get_roles_search(query="state:ACTIVE", order="id:DESC").data] == \
        [strict.id, plain.id, tenant.role_id]
    assert [r.id for r in service.get_roles_search(query=f"account:{tenant.account_id}", offset=1, limit=1).data] == \
        [plain.id]
    assert tenant.http.get("/roles/search?query=&order=").json()["data"][0]["id"] == tenant.role_id
    assert tenant.http.get("/roles/search?offset=10001").status_code == 416
    refused(400, service.get_roles_search, query="colour:red")


def test_expand_permissions_and_account(config, admin, http):
    service = RolesService(config)
    role = create_role(http, admin.account_id, [SPACE_GROUP, SPACE_READ])
    assert http.get(f"/roles/{role['id']}").json()["permissions"] == [{"id": SPACE_GROUP}, {"id": SPACE_READ}]
    collapsed = service.get_roles_id(role["id"])
    assert [(p.id, p.title) for p in collapsed.permissions] == [(SPACE_GROUP, None), (SPACE_READ, None)]
    assert collapsed.account.id == admin.account_id and collapsed.account.name is None

    expanded = service.get_roles_id(role["id"], expand=["permissions", "account"])
    assert [(p.id, p.group, p.leaf, p.parent, p.path_to_root) for p in expanded.permissions] == \
        [(SPACE_GROUP, True, False, ALL_PERMISSIONS, [ALL_PERMISSIONS]),
         (SPACE_READ, False, True, SPACE_GROUP, [SPACE_GROUP, ALL_PERMISSIONS])]
    assert expanded.permissions[1].title["en-US"] and expanded.account.name
    found = service.get_roles_search(query=f"id:{role['id']}", expand=["permissions"])
    assert found.data[0].permissions == expanded.permissions

    too_deep = "account.parentAccount.parentAccount.parentAccount.parentAccount"
    assert refused(400, service.get_roles_id, role["id"], expand=[too_deep])["code"] == "invalid_expand"
    # As on wallee, what is no link (parent is an id) or no field is not expanded, and not refused.
    assert service.get_roles_id(role["id"], expand=["permissions.parent"]).permissions[1].parent == SPACE_GROUP
    assert service.get_roles_id(role["id"], expand=["grants"]).id == role["id"]
    refused(400, service.get_roles_id, role["id"], expand=["permissions..parent"])  # malformed
    refused(404, service.get_roles_id, 10**12)


def test_roles_of_other_tenants_are_out_of_reach(server, config, other_tenant):
    foreign = RolesService(sdk_config(server, other_tenant)).get_roles().data[0]
    refused(404, RolesService(config).get_roles_id, foreign.id)
    refused(404, RolesService(config).delete_roles_id, foreign.id)
    refused(403, RolesService(config).post_roles, RoleCreate(account=other_tenant.account_id, name={"en-US": "X"}))


def test_deleting_a_role_removes_its_grants_at_once(server, tenant):
    service = RolesService(tenant.config)
    space = SpacesService(tenant.config).post_spaces(SpaceCreate(account=tenant.account_id, name=unique("Space")))
    reader = create_role(tenant.http, tenant.account_id, [SPACE_READ])
    kept = service.post_roles(RoleCreate(account=tenant.account_id, name={"en-US": "Kept"}))
    user, user_config, _ = create_application_user(server, tenant.config, tenant.account_id,
                                                   grant=(reader["id"], False))
    grants = ApplicationUsersRolesService(tenant.config)
    grants.post_application_users_user_id_account_roles(user.id, kept.id, tenant.account_id)
    grants.post_application_users_user_id_space_roles(user.id, reader["id"], space.id)
    assert SpacesService(user_config).get_spaces_id(space.id).id == space.id

    assert service.delete_roles_id_with_http_info(reader["id"]).status_code == 204
    refused(403, SpacesService(user_config).get_spaces_id, space.id)  # the very next request
    assert [g.role for g in grants.get_application_users_user_id_account_roles(user.id, tenant.account_id).data] == \
        [kept.id]
    assert grants.get_application_users_user_id_space_roles(user.id, space.id).data == []
    refused(404, service.get_roles_id, reader["id"])
    refused(404, service.delete_roles_id, reader["id"])
    assert reader["id"] not in [r.id for r in service.get_roles(limit=100).data]
    assert service.get_roles_search(query=f"id:{reader['id']}").data == []
    # A deleted role cannot be granted any more.
    refused(404, grants.post_application_users_user_id_account_roles, user.id, reader["id"], tenant.account_id)


# --- permissions -------------------------------------------------------------------------

def test_permission_tree_is_readable(config):
    service = PermissionsService(config)
    response = service.get_permissions_id_with_http_info(SPACE_READ)
    assert response.status_code == 200
    read = response.data
    assert (read.id, read.parent, read.path_to_root, read.group, read.leaf) == \
        (SPACE_READ, SPACE_GROUP, [SPACE_GROUP, ALL_PERMISSIONS], False, True)
    assert read.title["en-US"] and read.name["en-US"] and read.description["en-US"]

    group = service.get_permissions_id(SPACE_GROUP)
    assert (group.parent, group.path_to_root, group.group, group.leaf) == \
        (ALL_PERMISSIONS, [ALL_PERMISSIONS], True, False)
    root = service.get_permissions_id(ALL_PERMISSIONS)
    assert root.parent is None and root.path_to_root == [] and root.group is True
    refused(404, service.get_permissions_id, 999999)

    # Every permission's path leads to the root through its parent.
    everything = {p.id: p for p in service.get_permissions(limit=100).data}
    assert set(KNOWN_PERMISSIONS) <= set(everything)
    for permission in everything.values():
        if permission.id != ALL_PERMISSIONS:
            assert permission.path_to_root[0] == permission.parent and permission.path_to_root[-1] == ALL_PERMISSIONS
            assert everything[permission.parent].group is True
        assert permission.leaf is not permission.group


def test_permissions_list_and_search(config, http):
    service = PermissionsService(config)
    # More than one page of permissions: paged through with cursors, they come in id order.
    ids, after = [], None
    while True:
        page = service.get_permissions(limit=100, after=after)
        ids += [p.id for p in page.data]
        if not page.has_more:
            break
        after = page.data[-1].id
    assert ids == sorted(ids) and len(ids) > 100 and len(set(ids)) == len(ids)
    assert [p.id for p in service.get_permissions().data] == ids[:10]
    assert [p.id for p in service.get_permissions(after=ids[95], limit=10).data] == ids[96:106]
    assert [p.id for p in service.get_permissions(before=ids[5], limit=3).data] == ids[2:5]
    assert http.get("/permissions?limit=101").status_code == 400

    assert [p.id for p in service.get_permissions_search(query=f"parent:{SPACE_GROUP}").data] == \
        [SPACE_READ, SPACE_CREATE, SPACE_UPDATE, SPACE_DELETE]
    assert [p.id for p in service.get_permissions_search(query=f"parent:{SPACE_GROUP}", order="id:DESC").data] == \
        [SPACE_DELETE, SPACE_UPDATE, SPACE_CREATE, SPACE_READ]
    assert [p.id for p in service.get_permissions_search(query=f"id:{SPACE_READ}").data] == [SPACE_READ]
    groups = service.get_permissions_search(query="group:true", limit=100).data
    assert {ALL_PERMISSIONS, 100, SPACE_GROUP, 300, 310} <= {p.id for p in groups} and all(p.group for p in groups)
    page = service.get_permissions_search(query=f"parent:{SPACE_GROUP}", offset=3, limit=2)
    assert [p.id for p in page.data] == [SPACE_DELETE] and page.has_more is False and page.offset == 3
    assert http.get("/permissions/search?offset=10001").status_code == 416
    assert len(http.get("/permissions/search?query=&order=&limit=100").json()["data"]) == 100
    refused(400, service.get_permissions_search, query="colour:red")
    assert service.get_permissions_id(SPACE_READ, expand=["parent"]).parent == SPACE_GROUP  # an id: ignored


def test_permissions_are_readable_without_any_role(server, tenant):
    _, no_roles, no_roles_http = create_application_user(server, tenant.config, tenant.account_id)
    service = PermissionsService(no_roles)
    assert service.get_permissions_id(SPACE_READ).id == SPACE_READ
    assert len(service.get_permissions(limit=100).data) >= len(KNOWN_PERMISSIONS)
    assert [p.id for p in service.get_permissions_search(query=f"id:{SPACE_READ}").data] == [SPACE_READ]
    refused(403, SpacesService(no_roles).get_spaces_id, SpacesService(tenant.config).post_spaces(
        SpaceCreate(account=tenant.account_id, name=unique("Closed"))).id)
    # ...but not without authenticating.
    assert no_roles_http.get("/permissions", token=DROP).status_code == 401
