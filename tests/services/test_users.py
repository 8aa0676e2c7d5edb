"""ApplicationUsersService, HumanUsersService and SingleSignOnUsersService: the users of the
three kinds (the application users' keys have tests of their own).

The SDK's HumanUser and SingleSignOnUser models carry no id, version or state, so these
tests read the answers of the ``*_with_http_info`` calls as JSON where they need them,
exactly as an SDK user would have to.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from wallee.models.application_user_create import ApplicationUserCreate
from wallee.models.application_user_update import ApplicationUserUpdate
from wallee.models.human_user_create import HumanUserCreate
from wallee.models.human_user_update import HumanUserUpdate
from wallee.models.single_sign_on_user_create import SingleSignOnUserCreate
from wallee.models.single_sign_on_user_update import SingleSignOnUserUpdate
from wallee.service.application_users_service import ApplicationUsersService
from wallee.service.human_users_service import HumanUsersService
from wallee.service.single_sign_on_users_service import SingleSignOnUsersService
from wallee.service.spaces_service import SpacesService

from tests.conftest import sdk_config
from tests.services.conftest import (
    HUMAN_USER_READ,
    assert_cursor_pages,
    create_application_user,
    create_role,
    raw_json,
    refused,
    unique,
)

SSO_PROVIDER = 7


@dataclass(frozen=True)
class UserKind:
    """What differs between the three kinds of user, for the tests they share."""

    stem: str  # SDK method stem, e.g. "human_users"
    path: str  # URL path, e.g. "/human-users"
    service: type
    user_type: str
    label: str  # a text field to search and sort by
    create: Callable[[str, int], object]  # (label value, primary account) -> create model
    update: type

    def call(self, config, action: str, *args, **kwargs):
        """The ``*_with_http_info`` variant of an SDK method; returns (status, JSON body or None)."""
        response = getattr(self.service(config), f"{action.format(self.stem)}_with_http_info")(*args, **kwargs)
        return response.status_code, (raw_json(response) if response.raw_data else None)

    def new(self, config, label: str | None = None, *, account: int) -> dict:
        status, body = self.call(config, "post_{}", self.create(label or unique("User"), account))
        assert status == 201
        return body

    def method(self, config, action: str):
        return getattr(self.service(config), action.format(self.stem))


KINDS = [
    UserKind("application_users", "/application-users", ApplicationUsersService, "APPLICATION_USER", "name",
             lambda label, account: ApplicationUserCreate(name=label, primary_account=account, request_limit=500),
             ApplicationUserUpdate),
    UserKind("human_users", "/human-users", HumanUsersService, "HUMAN_USER", "lastname",
             lambda label, account: HumanUserCreate(lastname=label, firstname="Hanna", primary_account=account,
                                                    email_address=f"{unique('h').replace(' ', '.')}@example.com"),
             HumanUserUpdate),
    UserKind("single_sign_on_users", "/single-sign-on-users", SingleSignOnUsersService, "SINGLE_SIGNON_USER",
             "lastname", lambda label, account: SingleSignOnUserCreate(lastname=label, firstname="Sam",
                                                                      provider=SSO_PROVIDER, primary_account=account),
             SingleSignOnUserUpdate),
]


@pytest.fixture(params=KINDS, ids=[kind.stem for kind in KINDS])
def kind(request) -> UserKind:
    return request.param


# --- what the three kinds share ----------------------------------------------------------

def test_create_answers_201_and_read_answers_the_same(kind, config, admin):
    label = unique("Created")
    created = kind.new(config, label, account=admin.account_id)
    assert created["id"] and created[kind.label] == label
    assert created["state"] == "ACTIVE" and created["userType"] == kind.user_type
    assert created["primaryAccount"] == admin.account_id and created["scope"] == 1 and created["version"] == 1

    status, read = kind.call(config, "get_{}_id", created["id"])
    assert status == 200
    assert read == {key: value for key, value in created.items() if key != "macKey"}


def test_list_pages_with_cursors(kind, tenant):
    existing = [tenant.user_id] if kind.stem == "application_users" else []
    created = [kind.new(tenant.config, account=tenant.account_id)["id"] for _ in range(12 - len(existing))]
    list_method = getattr(kind.service(tenant.config), f"get_{kind.stem}_with_http_info")
    assert_cursor_pages(list_method, existing + created)
    assert tenant.http.get(f"{kind.path}?limit=101").status_code == 400


def test_search_filters_sorts_and_pages(kind, tenant):
    suffix = unique("").strip()
    users = [kind.new(tenant.config, f"{letter} {suffix}", account=tenant.account_id)
             for letter in ("Ash", "Birch", "Cedar")]
    ids = [user["id"] for user in users]
    search = kind.method(tenant.config, "get_{}_search_with_http_info")

    def found(**params) -> list[int]:
        return [user["id"] for user in raw_json(search(**params))["data"]]

    assert found(query=f"id:{ids[1]}") == [ids[1]]
    assert found(query=f'{kind.label}:"Cedar {suffix}"') == [ids[2]]
    assert found(query=f"{kind.label}:~{suffix}", order=f"{kind.label}:DESC") == ids[::-1]
    status, _ = kind.call(tenant.config, "patch_{}_id", ids[0], kind.update(state="INACTIVE", version=1))
    assert status == 200
    assert found(query=f"state:INACTIVE {kind.label}:~{suffix}") == [ids[0]]
    assert found(query=f"state:ACTIVE {kind.label}:~{suffix}") == ids[1:]

    page = raw_json(search(query=f"{kind.label}:~{suffix}", order=f"{kind.label}:DESC", offset=1, limit=1))
    assert [u["id"] for u in page["data"]] == [ids[1]]
    assert (page["offset"], page["limit"], page["hasMore"]) == (1, 1, True)

    everything = tenant.http.get(f"{kind.path}/search?query=&order=&limit=100")
    existing = [tenant.user_id] if kind.stem == "application_users" else []
    assert everything.status_code == 200 and [u["id"] for u in everything.json()["data"]] == existing + ids
    assert tenant.http.get(f"{kind.path}/search?offset=10001").status_code == 416
    refused(400, search, query="favouriteColour:red")
    refused(400, search, order="favouriteColour:ASC")


def test_update_with_optimistic_locking(kind, config, admin, http):
    user = kind.new(config, account=admin.account_id)
    label = unique("Renamed")
    status, updated = kind.call(config, "patch_{}_id", user["id"],
                                kind.update(**{kind.label: label, "version": user["version"]}))
    assert status == 200 and updated[kind.label] == label and updated["version"] == user["version"] + 1

    stale = refused(409, kind.method(config, "patch_{}_id"), user["id"],
                    kind.update(**{kind.label: "Lost", "version": user["version"]}))
    assert f"current version is {updated['version']}" in stale["message"]
    missing = http.patch(f"{kind.path}/{user['id']}", json={kind.label: "No version"})
    assert missing.status_code == 409 and f"current version is {updated['version']}" in missing.json()["message"]
    assert kind.call(config, "get_{}_id", user["id"])[1][kind.label] == label


def test_delete_then_gone(kind, tenant):
    kept = kind.new(tenant.config, account=tenant.account_id)
    doomed = kind.new(tenant.config, account=tenant.account_id)
    status, body = kind.call(tenant.config, "delete_{}_id", doomed["id"])
    assert status == 204 and body is None
    refused(404, kind.method(tenant.config, "get_{}_id"), doomed["id"])
    refused(404, kind.method(tenant.config, "delete_{}_id"), doomed["id"])
    listed = [u["id"] for u in kind.call(tenant.config, "get_{}", limit=100)[1]["data"]]
    assert doomed["id"] not in listed and kept["id"] in listed
    assert kind.call(tenant.config, "get_{}_search", query=f"id:{doomed['id']}")[1]["data"] == []


def test_users_have_nothing_to_expand_and_others_are_out_of_reach(kind, server, config, admin, other_tenant):
    user = kind.new(config, account=admin.account_id)
    # Names that are no link are ignored, as on wallee; a malformed path is still a 400.
    status, read = kind.call(config, "get_{}_id", user["id"], expand=["primaryAccount"])
    assert status == 200 and read["id"] == user["id"] and read["primaryAccount"] == user["primaryAccount"]
    assert kind.call(config, "get_{}", expand=["owner"])[0] == 200
    refused(400, kind.method(config, "get_{}"), expand=["owner."])
    refused(404, kind.method(config, "get_{}_id"), 10**12)
    # A user of another tenant is not found, and nobody creates users in another tenant's account.
    foreign = kind.new(sdk_config(server, other_tenant), account=other_tenant.account_id)
    refused(404, kind.method(config, "get_{}_id"), foreign["id"])
    refused(404, kind.method(config, "patch_{}_id"), foreign["id"], kind.update(version=foreign["version"]))
    refused(404, kind.method(config, "delete_{}_id"), foreign["id"])
    refused(403, kind.method(config, "post_{}"), kind.create(unique("Intruder"), other_tenant.account_id))


# --- application users -------------------------------------------------------------------

def test_application_user_is_created_with_its_first_key(config, admin):
    service = ApplicationUsersService(config)
    name = unique("Integration")
    response = service.post_application_users_with_http_info(
        ApplicationUserCreate(name=name, primary_account=admin.account_id, request_limit=120))
    assert response.status_code == 201
    user = response.data
    assert user.id and user.name == name and user.request_limit == 120 and user.primary_account == admin.account_id
    assert user.state.value == "ACTIVE" and user.user_type.value == "APPLICATION_USER" and user.version == 1
    assert user.mac_key  # shown once...
    read = service.get_application_users_id_with_http_info(user.id)
    assert read.data.name == name and "macKey" not in raw_json(read)  # ...and never again
    found = service.get_application_users_search_with_http_info(query=f"id:{user.id}")
    assert [sorted(u) for u in raw_json(found)["data"]] == [sorted(raw_json(read))]


def test_application_user_values_are_checked(config, admin):
    service = ApplicationUsersService(config)
    refused(422, service.post_application_users,
            ApplicationUserCreate(name=unique("Zero"), primary_account=admin.account_id, request_limit=0))
    user = service.post_application_users(
        ApplicationUserCreate(name=unique("States"), primary_account=admin.account_id))
    refused(422, service.patch_application_users_id, user.id, ApplicationUserUpdate(state="DELETED", version=1))
    refused(422, service.patch_application_users_id, user.id, ApplicationUserUpdate(request_limit=-5, version=1))
    assert service.get_application_users_id(user.id).version == 1


def test_application_user_cannot_deactivate_or_delete_itself(tenant):
    service = ApplicationUsersService(tenant.config)
    assert refused(422, service.patch_application_users_id, tenant.user_id,
                   ApplicationUserUpdate(state="INACTIVE", version=1))["code"] == "own_user"
    assert refused(422, service.delete_application_users_id, tenant.user_id)["code"] == "own_user"
    # Renaming itself is fine.
    renamed = service.patch_application_users_id(tenant.user_id, ApplicationUserUpdate(name="Myself", version=1))
    assert renamed.name == "Myself" and renamed.state.value == "ACTIVE"


def test_deactivated_and_deleted_application_users_are_locked_out(server, tenant):
    service = ApplicationUsersService(tenant.config)
    user, user_config, _ = create_application_user(server, tenant.config, tenant.account_id,
                                                   grant=(tenant.role_id, False))
    assert SpacesService(user_config).get_spaces().data == []

    inactive = service.patch_application_users_id(
        user.id, ApplicationUserUpdate(state="INACTIVE", version=user.version))
    assert inactive.state.value == "INACTIVE" and inactive.version == user.version + 1
    refused(401, SpacesService(user_config).get_spaces)
    service.patch_application_users_id(user.id, ApplicationUserUpdate(state="ACTIVE", version=inactive.version))
    assert SpacesService(user_config).get_spaces().data == []

    service.delete_application_users_id(user.id)
    refused(401, SpacesService(user_config).get_spaces)


# --- human users ---------------------------------------------------------------------------

def _email() -> str:
    return f"{unique('person').replace(' ', '.')}@example.com"


def test_human_user_fields_round_trip(config, admin):
    email = _email()
    service = HumanUsersService(config)
    response = service.post_human_users_with_http_info(HumanUserCreate(
        firstname="Hanna", lastname="Muster", email_address=email, mobile_phone_number="+41 79 000 00 00",
        language="de-CH", time_zone="Europe/Zurich", two_factor_enabled=True))
    assert response.status_code == 201
    body = raw_json(response)
    assert {key: body[key] for key in ("firstname", "lastname", "emailAddress", "mobilePhoneNumber", "language",
                                       "timeZone", "twoFactorEnabled", "emailAddressVerified", "mobilePhoneVerified",
                                       "primaryAccount", "userType", "state")} == {
        "firstname": "Hanna", "lastname": "Muster", "emailAddress": email, "mobilePhoneNumber": "+41 79 000 00 00",
        "language": "de-CH", "timeZone": "Europe/Zurich", "twoFactorEnabled": True, "emailAddressVerified": False,
        "mobilePhoneVerified": False, "primaryAccount": admin.account_id,  # the caller's primary account by default
        "userType": "HUMAN_USER", "state": "ACTIVE"}
    # The SDK's own model reads the same answer (without the id, which it does not know).
    assert response.data.email_address == email and response.data.time_zone == "Europe/Zurich"
    assert service.get_human_users_id(body["id"]).lastname == "Muster"
    refused(422, service.post_human_users, HumanUserCreate(lastname="Zone", time_zone="Atlantis/Capital"))


def test_human_user_email_addresses_are_unique(config):
    service = HumanUsersService(config)
    email = _email()
    first = raw_json(service.post_human_users_with_http_info(HumanUserCreate(lastname="First", email_address=email)))
    taken = refused(409, service.post_human_users, HumanUserCreate(lastname="Second", email_address=email))
    assert "emailAddress" in taken["errors"]
    refused(409, service.post_human_users, HumanUserCreate(lastname="Shouting", email_address=email.upper()))

    other = raw_json(service.post_human_users_with_http_info(HumanUserCreate(lastname="Other", email_address=_email())))
    refused(409, service.patch_human_users_id, other["id"],
            HumanUserUpdate(email_address=email, version=other["version"]))
    # Saving a user with its own address again is no conflict.
    service.patch_human_users_id(first["id"], HumanUserUpdate(email_address=email, lastname="Same", version=1))

    # Once the holder is deleted, the address is free again.
    service.delete_human_users_id(first["id"])
    again = raw_json(service.post_human_users_with_http_info(HumanUserCreate(lastname="Again", email_address=email)))
    assert again["emailAddress"] == email and again["id"] != first["id"]


# --- human users: CSV export -----------------------------------------------------------------

def _export(config, **params) -> list[list[str]]:
    response = HumanUsersService(config).get_human_users_export_with_http_info(**params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(bytes(response.data).decode("utf-8"))))


def test_export_writes_the_chosen_fields_as_csv(tenant):
    service = HumanUsersService(tenant.config)

    def create(**fields) -> dict:
        return raw_json(service.post_human_users_with_http_info(HumanUserCreate(**fields)))

    plain = create(firstname="Anna", lastname="Alpha", email_address=_email(), language="en-US")
    formula = create(firstname='=HYPERLINK("http://evil.example","x")', lastname="Beta, Jr.", email_address=_email())
    phone = create(firstname="Carl", lastname="Gamma", email_address=_email(), mobile_phone_number="+41 79 111 22 33")

    fields = ["id", "emailAddress", "firstname", "lastname", "mobilePhoneNumber", "state"]
    rows = _export(tenant.config, fields=fields, order="lastname:ASC")
    assert rows[0] == fields  # the header is the fields, in the order asked for
    assert rows[1:] == [
        [str(plain["id"]), plain["emailAddress"], "Anna", "Alpha", "", "ACTIVE"],
        # A cell a spreadsheet would run as a formula is neutralised; commas are quoted, not split.
        [str(formula["id"]), formula["emailAddress"], '\'=HYPERLINK("http://evil.example","x")', "Beta, Jr.", "",
         "ACTIVE"],
        [str(phone["id"]), phone["emailAddress"], "Carl", "Gamma", "'+41 79 111 22 33", "ACTIVE"],
    ]

    assert _export(tenant.config, fields=["lastname"], order="lastname:DESC", limit=2) == \
        [["lastname"], ["Gamma"], ["Beta, Jr."]]
    assert _export(tenant.config, fields=["id", "language"], query=f"id:{plain['id']}") == \
        [["id", "language"], [str(plain["id"]), "en-US"]]
    assert _export(tenant.config, fields=["lastname"], query="lastname:nobody") == [["lastname"]]

    everything = _export(tenant.config)  # without fields: every exportable field
    assert {"id", "emailAddress", "firstname", "lastname", "state", "userType", "version"} <= set(everything[0])
    assert len(everything) == 4
    refused(400, service.get_human_users_export, fields=["id", "password"])
    refused(400, service.get_human_users_export, query="password:secret")


def test_export_needs_the_export_permission(server, tenant):
    raw_json(HumanUsersService(tenant.config).post_human_users_with_http_info(
        HumanUserCreate(lastname="Exported", email_address=_email())))
    reader_role = create_role(tenant.http, tenant.account_id, [HUMAN_USER_READ], "Reader")
    exporter_role = create_role(tenant.http, tenant.account_id, [HUMAN_USER_READ, 325], "Exporter")
    _, reader, _ = create_application_user(server, tenant.config, tenant.account_id, grant=(reader_role["id"], False))
    _, exporter, _ = create_application_user(server, tenant.config, tenant.account_id,
                                             grant=(exporter_role["id"], False))

    # Reading is not exporting: the reader sees the user but may not export.
    assert len(raw_json(HumanUsersService(reader).get_human_users_search_with_http_info())["data"]) == 1
    refused(403, HumanUsersService(reader).get_human_users_export, fields=["lastname"])
    assert _export(exporter, fields=["lastname"]) == [["lastname"], ["Exported"]]


# --- single sign-on users ------------------------------------------------------------------

def test_single_sign_on_user_needs_a_provider(config, admin, http):
    missing = http.post("/single-sign-on-users", json={"lastname": "Nobody", "primaryAccount": admin.account_id})
    assert missing.status_code == 422 and "provider" in missing.json()["errors"]

    service = SingleSignOnUsersService(config)
    response = service.post_single_sign_on_users_with_http_info(SingleSignOnUserCreate(
        firstname="Sam", lastname="Sso", provider=SSO_PROVIDER, language="fr-CH", time_zone="Europe/Paris"))
    body = raw_json(response)
    assert response.status_code == 201 and body["provider"] == SSO_PROVIDER
    assert body["primaryAccount"] == admin.account_id and body["userType"] == "SINGLE_SIGNON_USER"
    assert response.data.provider == SSO_PROVIDER and response.data.language == "fr-CH"
    assert service.get_single_sign_on_users_id(body["id"]).time_zone == "Europe/Paris"
