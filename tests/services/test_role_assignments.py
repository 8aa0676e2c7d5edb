"""ApplicationUsersRolesService, HumanUsersRolesService and SingleSignOnUsersRolesService:
granting roles on an account (``Account`` header) and in a space (``Space`` header)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from wallee.models.account_create import AccountCreate
from wallee.models.human_user_create import HumanUserCreate
from wallee.models.role_create import RoleCreate
from wallee.models.single_sign_on_user_create import SingleSignOnUserCreate
from wallee.models.space_create import SpaceCreate
from wallee.service.accounts_service import AccountsService
from wallee.service.application_users_roles_service import ApplicationUsersRolesService
from wallee.service.human_users_roles_service import HumanUsersRolesService
from wallee.service.human_users_service import HumanUsersService
from wallee.service.roles_service import RolesService
from wallee.service.single_sign_on_users_roles_service import SingleSignOnUsersRolesService
from wallee.service.single_sign_on_users_service import SingleSignOnUsersService
from wallee.service.spaces_service import SpacesService

from tests.conftest import sdk_config
from tests.services.conftest import (
    ROLE_CREATE,
    SCOPE_ID,
    SPACE_CREATE,
    SPACE_READ,
    USER_ROLE_ASSIGN,
    USER_ROLE_READ,
    create_application_user,
    create_role,
    raw_json,
    refused,
    unique,
)


def _application_user(server, config, account_id: int) -> int:
    return create_application_user(server, config, account_id)[0].id


def _human_user(server, config, account_id: int) -> int:
    email = f"{unique('granted').replace(' ', '.')}@example.com"
    response = HumanUsersService(config).post_human_users_with_http_info(
        HumanUserCreate(lastname="Granted", email_address=email, primary_account=account_id))
    return raw_json(response)["id"]


def _single_sign_on_user(server, config, account_id: int) -> int:
    response = SingleSignOnUsersService(config).post_single_sign_on_users_with_http_info(
        SingleSignOnUserCreate(lastname="Granted", provider=3, primary_account=account_id))
    return raw_json(response)["id"]


@dataclass(frozen=True)
class Kind:
    stem: str  # SDK method stem, e.g. "human_users"
    path: str  # URL path, e.g. "/human-users"
    service: type
    new_user: Callable[..., int]

    def __call__(self, config):
        return _Methods(self.service(config), self.stem)


class _Methods:
    """Short names for one kind's role methods: ``add_account(...)`` calls
    ``post_<stem>_user_id_account_roles(...)``, ``list_space`` ``get_<stem>_user_id_space_roles``..."""

    VERBS = {"list": "get", "add": "post", "remove": "delete"}

    def __init__(self, service, stem: str) -> None:
        self.service, self.stem = service, stem

    def __getattr__(self, name: str):
        verb, _, where = name.partition("_")
        return getattr(self.service, f"{self.VERBS[verb]}_{self.stem}_user_id_{where}_roles")

    def info(self, name: str):
        verb, _, where = name.partition("_")
        return getattr(self.service, f"{self.VERBS[verb]}_{self.stem}_user_id_{where}_roles_with_http_info")


KINDS = [
    Kind("application_users", "/application-users", ApplicationUsersRolesService, _application_user),
    Kind("human_users", "/human-users", HumanUsersRolesService, _human_user),
    Kind("single_sign_on_users", "/single-sign-on-users", SingleSignOnUsersRolesService, _single_sign_on_user),
]


@pytest.fixture(params=KINDS, ids=[kind.stem for kind in KINDS])
def kind(request) -> Kind:
    return request.param


def new_space(config, account_id: int) -> int:
    return SpacesService(config).post_spaces(SpaceCreate(account=account_id, name=unique("Space"))).id


def test_account_roles_are_listed_added_once_and_removed(kind, server, tenant):
    roles = kind(tenant.config)
    role = create_role(tenant.http, tenant.account_id, [SPACE_READ])
    user = kind.new_user(server, tenant.config, tenant.account_id)
    assert roles.list_account(user, tenant.account_id).data == []

    grant = roles.add_account(user, role["id"], tenant.account_id)
    assert (grant.user, grant.account, grant.role, grant.applies_on_sub_account) == \
        (user, tenant.account_id, role["id"], False)
    assert grant.id and grant.version == 1
    # Adding the same role again changes nothing: still one grant.
    assert roles.add_account(user, role["id"], tenant.account_id).id == grant.id
    listed = roles.list_account(user, tenant.account_id)
    assert listed.data == [grant] and listed.has_more is False
    # Adding it again with appliesOnSubAccount updates that one grant.
    widened = roles.add_account(user, role["id"], tenant.account_id, applies_on_sub_account=True)
    assert widened.id == grant.id and widened.applies_on_sub_account is True
    assert [g.applies_on_sub_account for g in roles.list_account(user, tenant.account_id).data] == [True]

    removed = roles.info("remove_account")(user, role["id"], tenant.account_id)
    assert removed.status_code == 204
    assert roles.list_account(user, tenant.account_id).data == []
    refused(404, roles.remove_account, user, role["id"], tenant.account_id)

    # The Account header is required and must name an account within reach.
    missing = tenant.http.post(f"{kind.path}/{user}/account-roles?roleId={role['id']}")
    assert missing.status_code == 400 and "Account" in missing.json()["errors"]


def test_space_roles_are_listed_added_once_and_removed(kind, server, tenant):
    roles = kind(tenant.config)
    role = create_role(tenant.http, tenant.account_id, [SPACE_READ])
    user = kind.new_user(server, tenant.config, tenant.account_id)
    space, other_space = new_space(tenant.config, tenant.account_id), new_space(tenant.config, tenant.account_id)
    assert roles.list_space(user, space).data == []

    grant = roles.add_space(user, role["id"], space)
    assert (grant.user, grant.space, grant.role) == (user, space, role["id"]) and grant.id and grant.version == 1
    assert roles.add_space(user, role["id"], space).id == grant.id
    assert roles.list_space(user, space).data == [grant]
    assert roles.list_space(user, other_space).data == []  # a grant holds in its own space only
    assert roles.list_account(user, tenant.account_id).data == []

    assert roles.info("remove_space")(user, role["id"], space).status_code == 204
    assert roles.list_space(user, space).data == []
    refused(404, roles.remove_space, user, role["id"], space)
    missing = tenant.http.get(f"{kind.path}/{user}/space-roles")
    assert missing.status_code == 400 and "Space" in missing.json()["errors"]


def test_roles_from_elsewhere_cannot_be_granted(kind, server, config, admin, tenant, other_tenant):
    roles = kind(tenant.config)
    user = kind.new_user(server, tenant.config, tenant.account_id)
    space = new_space(tenant.config, tenant.account_id)

    # A role of another tenant does not exist for this caller.
    foreign_role = RolesService(sdk_config(server, other_tenant)).get_roles().data[0].id
    refused(404, roles.add_account, user, foreign_role, tenant.account_id)
    refused(404, roles.add_space, user, foreign_role, space)
    refused(404, roles.add_account, user, 10**12, tenant.account_id)
    # Neither does another tenant's account or space.
    refused(403, roles.add_account, user, tenant.role_id, other_tenant.account_id)
    refused(403, roles.add_space, user, tenant.role_id, other_tenant.space_id)

    # A role of a sibling account cannot be granted here: roles apply below their own account.
    sibling = AccountsService(tenant.config).post_accounts(AccountCreate(name=unique("Sibling"), scope=SCOPE_ID))
    child = AccountsService(tenant.config).post_accounts(AccountCreate(name=unique("Child"), scope=SCOPE_ID))
    sibling_role = create_role(tenant.http, sibling.id, [SPACE_READ])
    child_user = kind.new_user(server, tenant.config, child.id)
    assert refused(422, kind(tenant.config).add_account, child_user, sibling_role["id"], child.id)["code"] == \
        "role_not_assignable"
    # A user is only granted roles within its primary account's tree.
    parent_role = create_role(tenant.http, tenant.account_id, [SPACE_READ])
    refused(422, roles.add_account, child_user, parent_role["id"], tenant.account_id)
    # ...while a role of an ancestor account can be granted further down.
    assert roles.add_account(child_user, parent_role["id"], child.id).account == child.id
    refused(422, kind(config).add_account, user, tenant.role_id, admin.account_id)


def test_granted_roles_take_effect_at_once(server, tenant):
    """Only application users call the API, so they show what a grant does."""
    roles = ApplicationUsersRolesService(tenant.config)
    reader = create_role(tenant.http, tenant.account_id, [SPACE_READ])
    sub_account = AccountsService(tenant.config).post_accounts(AccountCreate(name=unique("Sub"), scope=SCOPE_ID))
    top_space, sub_space = new_space(tenant.config, tenant.account_id), new_space(tenant.config, sub_account.id)
    user, user_config, _ = create_application_user(server, tenant.config, tenant.account_id)
    spaces = SpacesService(user_config)

    def visible() -> list[int]:
        return [space.id for space in spaces.get_spaces(limit=100).data]

    refused(403, spaces.get_spaces, limit=100)  # holding the permission nowhere: 403, not an empty page
    roles.post_application_users_user_id_account_roles(user.id, reader["id"], tenant.account_id)
    assert visible() == [top_space]
    refused(403, spaces.get_spaces_id, sub_space)
    roles.post_application_users_user_id_account_roles(user.id, reader["id"], tenant.account_id,
                                                       applies_on_sub_account=True)
    assert visible() == [top_space, sub_space]
    assert spaces.get_spaces_id(sub_space).id == sub_space
    roles.delete_application_users_user_id_account_roles(user.id, reader["id"], tenant.account_id)
    refused(403, spaces.get_spaces, limit=100)  # holding the permission nowhere: 403, not an empty page

    # A space role opens that one space, and nothing else.
    roles.post_application_users_user_id_space_roles(user.id, reader["id"], sub_space)
    assert visible() == [sub_space]
    refused(403, spaces.get_spaces_id, top_space)
    roles.delete_application_users_user_id_space_roles(user.id, reader["id"], sub_space)
    refused(403, spaces.get_spaces_id, sub_space)


def test_no_one_grants_permissions_they_do_not_hold(kind, server, tenant):
    """A user holding ROLE_CREATE and USER_ROLE_ASSIGN must not reach beyond its own permissions."""
    limited_role = create_role(tenant.http, tenant.account_id, [ROLE_CREATE, USER_ROLE_ASSIGN, USER_ROLE_READ,
                                                                  SPACE_READ, 311, 321, 331])
    limited_user, limited, limited_http = create_application_user(server, tenant.config, tenant.account_id,
                                                                  grant=(limited_role["id"], False))
    target = kind.new_user(server, tenant.config, tenant.account_id)
    space = new_space(tenant.config, tenant.account_id)
    roles = kind(limited)

    # Creating roles: only with permissions it holds itself.
    own = create_role(limited_http, tenant.account_id, [SPACE_READ])
    assert own["permissions"] == [{"id": SPACE_READ}]
    for permissions in ([SPACE_CREATE], [1], [SPACE_READ, SPACE_CREATE]):
        escalation = limited_http.post("/roles", json={
            "account": tenant.account_id, "name": {"en-US": "Escalation"},
            "permissions": [{"id": p} for p in permissions]})
        assert escalation.status_code == 403 and escalation.json()["code"] == "permission_escalation"
    assert RolesService(limited).post_roles(RoleCreate(account=tenant.account_id, name={"en-US": "Empty"})).id

    # Granting: roles within its own permissions, never more.
    assert roles.add_account(target, own["id"], tenant.account_id).role == own["id"]
    assert roles.add_space(target, own["id"], space).role == own["id"]
    creator = create_role(tenant.http, tenant.account_id, [SPACE_CREATE])
    for role_id in (creator["id"], tenant.role_id):
        assert refused(403, roles.add_account, target, role_id, tenant.account_id)["code"] == "permission_escalation"
        assert refused(403, roles.add_space, target, role_id, space)["code"] == "permission_escalation"
    assert [g.role for g in roles.list_account(target, tenant.account_id).data] == [own["id"]]
    # ...and it cannot give itself more either.
    refused(403, ApplicationUsersRolesService(limited).post_application_users_user_id_account_roles,
            limited_user.id, tenant.role_id, tenant.account_id)
