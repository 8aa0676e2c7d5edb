"""SpacesService: spaces in the administrator's account and in sub-accounts, their settings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from wallee.models.space_address_create import SpaceAddressCreate
from wallee.models.space_create import SpaceCreate
from wallee.models.space_update import SpaceUpdate
from wallee.service.spaces_service import SpacesService

from tests.services.conftest import assert_cursor_pages, refused, unique

ADDRESS = SpaceAddressCreate(organization_name="Muster AG", given_name="Anna", family_name="Muster",
                             street="Bahnhofstrasse 1", postcode="8001", city="Zürich", country="CH",
                             email_address="billing@example.com", phone_number="+41 44 000 00 00",
                             sales_tax_number="CHE-123.456.789")


def new_space(config, account_id: int, **fields):
    return SpacesService(config).post_spaces(SpaceCreate(account=account_id, name=fields.pop("name", unique("Space")),
                                                         **fields))


def test_create_in_the_admins_account_answers_201_with_the_settings(config, admin, http):
    name = unique("Shop")
    response = SpacesService(config).post_spaces_with_http_info(SpaceCreate(
        account=admin.account_id, name=name, time_zone="Europe/Berlin", primary_currency="EUR",
        request_limit=50, technical_contact_addresses=["ops@example.com", "dev@example.org"],
        postal_address=ADDRESS))
    assert response.status_code == 201
    space = response.data
    assert space.id and space.name == name and space.account.id == admin.account_id
    assert space.state.value == "ACTIVE" and space.active is True
    assert space.time_zone == "Europe/Berlin" and space.primary_currency == "EUR" and space.request_limit == 50
    assert space.technical_contact_addresses == ["ops@example.com", "dev@example.org"]
    assert space.version == 1 and space.created_by == admin.user_id
    assert abs(space.created_on - datetime.now(timezone.utc)) < timedelta(minutes=2)

    # The postal address comes back field for field.
    assert http.get(f"/spaces/{space.id}").json()["postalAddress"] == ADDRESS.to_dict()
    read = SpacesService(config).get_spaces_id_with_http_info(space.id)
    assert read.status_code == 200 and read.data == space
    assert read.data.postal_address.city == "Zürich" and read.data.postal_address.sales_tax_number == "CHE-123.456.789"


def test_defaults_of_a_minimal_space(config, admin):
    space = SpacesService(config).post_spaces(SpaceCreate(account=admin.account_id))
    assert space.name and space.state.value == "ACTIVE" and space.time_zone == "UTC"
    assert space.postal_address is None and space.technical_contact_addresses is None


def test_create_in_a_sub_account(config, tenant):
    by_admin = new_space(config, tenant.account_id)
    assert by_admin.account.id == tenant.account_id
    by_tenant = new_space(tenant.config, tenant.account_id)
    assert by_tenant.account.id == tenant.account_id and by_tenant.created_by == tenant.user_id
    # Both belong to the sub-account: its own administrator sees them.
    listed = SpacesService(tenant.config).get_spaces()
    assert [space.id for space in listed.data] == [by_admin.id, by_tenant.id]


def test_settings_are_validated(config, admin):
    service = SpacesService(config)

    def rejected(**fields) -> dict:
        return refused(422, service.post_spaces, SpaceCreate(account=admin.account_id, name=unique("Bad"), **fields))

    assert "timeZone" in rejected(time_zone="Mars/Olympus_Mons")["errors"]
    assert "timeZone" in rejected(time_zone="../../etc/passwd")["errors"]
    assert "primaryCurrency" in rejected(primary_currency="chf")["errors"]
    assert "primaryCurrency" in rejected(primary_currency="EURO")["errors"]
    not_emails = rejected(technical_contact_addresses=["ops@example.com", "not an email"])
    assert "technicalContactAddresses" in not_emails["errors"]
    assert "requestLimit" in rejected(request_limit=0)["errors"]

    space = new_space(config, admin.account_id, time_zone="Europe/Zurich")
    refused(422, service.patch_spaces_id, space.id, SpaceUpdate(time_zone="Nowhere/Town", version=space.version))
    refused(422, service.patch_spaces_id, space.id,
            SpaceUpdate(technical_contact_addresses=["x"], version=space.version))
    assert service.get_spaces_id(space.id).time_zone == "Europe/Zurich"


def test_other_tenants_accounts_and_spaces_are_out_of_reach(config, other_tenant):
    service = SpacesService(config)
    refused(403, service.post_spaces, SpaceCreate(account=other_tenant.account_id, name=unique("Intruder")))
    refused(404, service.get_spaces_id, other_tenant.space_id)
    refused(404, service.patch_spaces_id, other_tenant.space_id, SpaceUpdate(name="Taken", version=1))
    refused(404, service.delete_spaces_id, other_tenant.space_id)
    assert service.get_spaces_search(query=f"id:{other_tenant.space_id}").data == []
    refused(404, service.get_spaces_id, 10**12)


def test_list_pages_with_cursors(tenant):
    ids = [new_space(tenant.config, tenant.account_id).id for _ in range(12)]
    assert_cursor_pages(SpacesService(tenant.config).get_spaces, ids)
    assert tenant.http.get("/spaces?limit=101").status_code == 400
    assert tenant.http.get("/spaces?limit=0").status_code == 400


def test_search_filters_sorts_and_pages(tenant):
    service = SpacesService(tenant.config)
    suffix = unique("").strip()
    spaces = [new_space(tenant.config, tenant.account_id, name=f"{letter} {suffix}", time_zone=zone,
                        technical_contact_addresses=[f"{letter.lower()}@example.com"])
              for letter, zone in (("Able", "UTC"), ("Baker", "Europe/Zurich"), ("Cast", "Europe/Zurich"))]
    ids = [space.id for space in spaces]

    assert [s.id for s in service.get_spaces_search(query=f"id:{ids[0]}").data] == [ids[0]]
    assert [s.id for s in service.get_spaces_search(query=f'name:"Baker {suffix}"').data] == [ids[1]]
    assert [s.id for s in service.get_spaces_search(query="timeZone:Europe/Zurich", order="name:DESC").data] == \
        [ids[2], ids[1]]
    assert [s.id for s in service.get_spaces_search(query="technicalContactAddresses:cast@example.com").data] == \
        [ids[2]]
    assert [s.id for s in service.get_spaces_search(query=f"account:{tenant.account_id}", order="id:DESC").data] == \
        ids[::-1]

    service.patch_spaces_id(ids[0], SpaceUpdate(state="INACTIVE", version=spaces[0].version))
    assert [s.id for s in service.get_spaces_search(query="state:INACTIVE").data] == [ids[0]]
    assert [s.id for s in service.get_spaces_search(query="state:ACTIVE").data] == ids[1:]

    page = service.get_spaces_search(order="name:DESC", offset=1, limit=1)
    assert [s.id for s in page.data] == [ids[1]] and page.offset == 1 and page.limit == 1 and page.has_more is True
    last = service.get_spaces_search(order="name:DESC", offset=2, limit=1)
    assert [s.id for s in last.data] == [ids[0]] and last.has_more is False

    everything = tenant.http.get("/spaces/search?query=&order=")
    assert everything.status_code == 200 and [s["id"] for s in everything.json()["data"]] == ids
    assert tenant.http.get("/spaces/search?offset=10001").status_code == 416
    assert refused(400, service.get_spaces_search, query="colour:red")["code"]
    refused(400, service.get_spaces_search, order="colour:ASC")
    refused(400, service.get_spaces_search, order="name:SIDEWAYS")


def test_update_with_optimistic_locking(config, admin, http):
    service = SpacesService(config)
    space = new_space(config, admin.account_id, time_zone="UTC")
    updated = service.patch_spaces_id(space.id, SpaceUpdate(
        name="Renamed", time_zone="America/New_York", primary_currency="USD", postal_address=ADDRESS,
        version=space.version))
    assert updated.version == space.version + 1
    assert (updated.name, updated.time_zone, updated.primary_currency) == ("Renamed", "America/New_York", "USD")
    assert updated.postal_address.street == ADDRESS.street
    assert service.get_spaces_id(space.id) == updated

    stale = refused(409, service.patch_spaces_id, space.id, SpaceUpdate(name="Lost", version=space.version))
    assert f"current version is {updated.version}" in stale["message"] and "version" in stale["errors"]
    future = refused(409, service.patch_spaces_id, space.id, SpaceUpdate(name="Lost", version=updated.version + 5))
    assert f"current version is {updated.version}" in future["message"]

    missing = http.patch(f"/spaces/{space.id}", json={"name": "No version"})  # the SDK always sends one
    assert missing.status_code == 409 and f"current version is {updated.version}" in missing.json()["message"]
    assert service.get_spaces_id(space.id).name == "Renamed"


def test_delete_then_gone(tenant):
    service = SpacesService(tenant.config)
    kept, doomed = new_space(tenant.config, tenant.account_id), new_space(tenant.config, tenant.account_id)
    assert service.delete_spaces_id_with_http_info(doomed.id).status_code == 204
    refused(404, service.get_spaces_id, doomed.id)
    refused(404, service.delete_spaces_id, doomed.id)
    refused(404, service.patch_spaces_id, doomed.id, SpaceUpdate(name="Zombie", version=doomed.version + 1))
    assert [s.id for s in service.get_spaces().data] == [kept.id]
    assert [s.id for s in service.get_spaces_search().data] == [kept.id]
    assert service.get_spaces_search(query=f"id:{doomed.id}").data == []


def test_expand_account(config, tenant):
    service = SpacesService(tenant.config)
    # Unknown names are ignored (as on wallee), on an empty page as on a full one; malformed
    # paths are refused whatever the data.
    assert tenant.http.get("/spaces?expand=account.nosuchfield").status_code == 200
    assert tenant.http.get("/spaces?expand=account..name").status_code == 400
    assert tenant.http.get("/spaces/search?expand=account.parentAccount").status_code == 200
    space = new_space(config, tenant.account_id)

    assert tenant.http.get(f"/spaces/{space.id}").json()["account"] == {"id": tenant.account_id}
    collapsed = service.get_spaces_id(space.id)
    assert collapsed.account.id == tenant.account_id and collapsed.account.name is None

    expanded = service.get_spaces_id(space.id, expand=["account"])
    assert expanded.account.name and expanded.account.state.value == "ACTIVE"
    assert expanded.account.version >= 1
    for page in (service.get_spaces(expand=["account"]), service.get_spaces_search(expand=["account"])):
        assert [s.account.name for s in page.data] == [expanded.account.name]

    # Four levels are allowed (what lies beyond the tenant stays collapsed or absent); five are not.
    assert service.get_spaces_id(space.id, expand=["account.parentAccount.parentAccount.parentAccount"]).id
    error = refused(400, service.get_spaces_id, space.id,
                    expand=["account.parentAccount.parentAccount.parentAccount.parentAccount"])
    assert error["code"] == "invalid_expand"
    assert service.get_spaces_id(space.id, expand=["owner"]).account.name is None
    ignored = service.get_spaces(expand=["account.nosuchfield", "name"]).data
    assert [(s.name, s.account.name) for s in ignored] == [(space.name, expanded.account.name)]


def test_null_fields_change_nothing(config, admin, http):
    # Found by schemathesis (tests/reliability/test_schemathesis.py): {"timeZone": null} was a 500.
    space = new_space(config, admin.account_id, time_zone="Europe/Zurich")
    updated = http.patch(f"/spaces/{space.id}", json={"timeZone": None, "primaryCurrency": None, "name": None,
                                                      "version": space.version})
    assert updated.status_code == 200, updated.text
    assert (updated.json()["timeZone"], updated.json()["name"]) == ("Europe/Zurich", space.name)
    created = http.post("/spaces", json={"account": admin.account_id, "timeZone": None, "requestLimit": None})
    assert created.status_code == 201, created.text
    assert created.json()["timeZone"] == "UTC"


def test_values_beyond_their_columns_are_a_422_naming_the_field(config, admin, http):
    # Found by schemathesis (tests/reliability/test_schemathesis.py): a requestLimit beyond 32 bits
    # and a time zone longer than a file name were 500s.
    for field, value in (("requestLimit", 2**63 - 1), ("timeZone", "x" * 300)):
        created = http.post("/spaces", json={"account": admin.account_id, "name": "Too much", field: value})
        assert created.status_code == 422 and field in created.json()["errors"], created.text
    space = new_space(config, admin.account_id)
    updated = http.patch(f"/spaces/{space.id}", json={"requestLimit": 2**31, "version": space.version})
    assert updated.status_code == 422 and "requestLimit" in updated.json()["errors"], updated.text
    largest = http.patch(f"/spaces/{space.id}", json={"requestLimit": 2**31 - 1, "version": space.version})
    assert largest.status_code == 200 and largest.json()["requestLimit"] == 2**31 - 1, largest.text
