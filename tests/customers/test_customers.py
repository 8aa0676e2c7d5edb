"""Customers through the official SDK: CRUD, list, search (every comparator), expand, email
addresses and merge, and isolation between tenants."""

from __future__ import annotations

import pytest
from wallee.models.customer_active import CustomerActive
from wallee.models.customer_address_create import CustomerAddressCreate
from wallee.models.customer_comment_create import CustomerCommentCreate
from wallee.models.customer_create import CustomerCreate
from wallee.models.customer_postal_address_create import CustomerPostalAddressCreate
from wallee.service.customer_addresses_service import CustomerAddressesService
from wallee.service.customer_comments_service import CustomerCommentsService
from wallee.service.customers_service import CustomersService

from tests.conftest import sdk_config
from tests.customers.conftest import refused


def test_create_read_update_delete(customers, space_id):
    response = customers.post_customers_with_http_info(space_id, CustomerCreate(
        customer_id="C-1", email_address="ann@example.com", given_name="Ann", family_name="Ames",
        preferred_currency="CHF", language="de-CH", meta_data={"tier": "gold"}), expand=["metaData"])
    assert response.status_code == 201
    created = response.data
    assert created.id and created.version == 1 and created.linked_space_id == space_id
    assert (created.customer_id, created.email_address, created.given_name, created.family_name) == (
        "C-1", "ann@example.com", "Ann", "Ames")
    assert created.preferred_currency == "CHF" and created.language == "de-CH" and created.meta_data == {"tier": "gold"}
    assert created.created_on is not None

    read = customers.get_customers_id(created.id, space_id, expand=["metaData"])
    assert read == created
    # metaData is hidden unless expanded, as on wallee.
    plain = customers.get_customers_id(created.id, space_id)
    assert plain.meta_data is None and plain.given_name == "Ann"
    # metaData has no links: a deeper path shows metaData and expands nothing more.
    assert customers.get_customers_id(created.id, space_id, expand=["metaData.tier"]).meta_data == {"tier": "gold"}

    updated = customers.patch_customers_id(created.id, space_id, CustomerActive(
        version=created.version, given_name="Anna", meta_data={"tier": "silver", "region": "west"}),
        expand=["metaData"])
    assert updated.given_name == "Anna" and updated.family_name == "Ames" and updated.version == 2
    assert updated.meta_data == {"tier": "silver", "region": "west"}
    stale = refused(409, customers.patch_customers_id, created.id, space_id,
                    CustomerActive(version=created.version, given_name="Late"))
    assert stale["code"] == "version_conflict"
    refused(422, customers.patch_customers_id, created.id, space_id,
            CustomerActive(version=updated.version, preferred_currency="francs"))

    assert customers.delete_customers_id_with_http_info(created.id, space_id).status_code == 204
    refused(404, customers.get_customers_id, created.id, space_id)
    refused(404, customers.delete_customers_id, created.id, space_id)


def test_list_pages_with_cursors(customers, space_id):
    ids = [customers.post_customers(space_id, CustomerCreate(given_name=f"P{i}")).id for i in range(4)]
    page = customers.get_customers(space_id, limit=3)
    assert [c.id for c in page.data] == ids[:3] and page.has_more is True and page.limit == 3
    assert [c.id for c in customers.get_customers(space_id, after=ids[2]).data] == ids[3:]
    assert [c.id for c in customers.get_customers(space_id, order="DESC").data] == ids[::-1]


@pytest.fixture()
def people(customers, space_id) -> dict[str, int]:
    rows = [
        ("ann", "Ann", "Ames", "ann@example.com", "CHF", "en-US"),
        ("bob", "Bob", "Brown", "bob@example.org", "EUR", "de-DE"),
        ("cid", "Cid", "Brown", None, "EUR", "fr-FR"),
        ("dee", "Dee", "Zed (the \"quoted\")", "dee@example.com", None, "en-US"),
    ]
    return {key: customers.post_customers(space_id, CustomerCreate(
        customer_id=key.upper(), given_name=given, family_name=family, email_address=email,
        preferred_currency=currency, language=language)).id
        for key, given, family, email, currency, language in rows}


def _found(customers, space_id, query=None, order=None, **kw) -> list[int]:
    return [c.id for c in customers.get_customers_search(space_id, query=query, order=order, limit=100, **kw).data]


def test_search_comparators(customers, space_id, people):
    ann, bob, cid, dee = people["ann"], people["bob"], people["cid"], people["dee"]
    assert _found(customers, space_id, "givenName:ann") == [ann]  # case-insensitive equality
    assert _found(customers, space_id, "familyName:Brown") == [bob, cid]
    assert _found(customers, space_id, f"id:<{bob}") == [ann]
    assert _found(customers, space_id, f"id:>{bob}") == [cid, dee]
    assert _found(customers, space_id, f"id:<={bob}") == [ann, bob]
    assert _found(customers, space_id, f"id:>={cid}") == [cid, dee]
    assert _found(customers, space_id, "emailAddress:*") == [cid]
    assert _found(customers, space_id, "-emailAddress:*") == [ann, bob, dee]
    assert _found(customers, space_id, "emailAddress:~example.com") == [ann, dee]
    assert _found(customers, space_id, "NOT familyName:Brown") == [ann, dee]
    assert _found(customers, space_id, "-preferredCurrency:EUR") == [ann, dee]  # a missing value counts too
    assert _found(customers, space_id, "(givenName:Ann OR givenName:Cid) AND language:en-US") == [ann]
    assert _found(customers, space_id, "givenName:Bob OR (familyName:Brown AND -language:de-DE)") == [bob, cid]
    assert _found(customers, space_id, 'familyName:"Zed (the \\"quoted\\")"') == [dee]
    assert _found(customers, space_id, f"linkedSpaceId:{space_id} customerId:CID") == [cid]
    refused(400, customers.get_customers_search, space_id, query="nosuchfield:1")


def test_search_order_and_offset(customers, space_id, people):
    ann, bob, cid, dee = people["ann"], people["bob"], people["cid"], people["dee"]
    assert _found(customers, space_id, order="familyName:DESC givenName:DESC") == [dee, cid, bob, ann]
    assert _found(customers, space_id, order="preferredCurrency:ASC language:DESC") == [ann, cid, bob, dee]
    page = customers.get_customers_search(space_id, order="givenName", offset=1, limit=2)
    assert [c.id for c in page.data] == [bob, cid] and page.offset == 1 and page.has_more is True
    refused(400, customers.get_customers_search, space_id, order="nosuchfield:ASC")


def test_email_addresses_keep_every_address(customers, space_id):
    customer = customers.post_customers(space_id, CustomerCreate(email_address="first@example.com"))
    updated = customers.patch_customers_id(customer.id, space_id, CustomerActive(
        version=customer.version, email_address="second@example.com"))
    customers.patch_customers_id(customer.id, space_id, CustomerActive(version=updated.version, given_name="X"))
    listed = customers.get_customers_id_email_addresses(customer.id, space_id)
    assert [e.email_address for e in listed.data] == ["first@example.com", "second@example.com"]
    assert all(e.created_on for e in listed.data) and listed.has_more is False


def test_merge_moves_addresses_comments_and_emails(config, customers, space_id):
    addresses, comments = CustomerAddressesService(config), CustomerCommentsService(config)
    survivor = customers.post_customers(space_id, CustomerCreate(given_name="Keep", email_address="keep@example.com"))
    merged = customers.post_customers(space_id, CustomerCreate(
        customer_id="MERGED-1", family_name="Gone", email_address="gone@example.com", meta_data={"src": "shop"}))
    own_address = addresses.post_customers_customer_id_addresses(survivor.id, space_id, CustomerAddressCreate(
        customer=survivor.id, address=CustomerPostalAddressCreate(city="Bern")))
    moved_address = addresses.post_customers_customer_id_addresses(merged.id, space_id, CustomerAddressCreate(
        customer=merged.id, address=CustomerPostalAddressCreate(city="Basel")))
    moved_comment = comments.post_customers_customer_id_comments(merged.id, space_id, CustomerCommentCreate(
        customer=merged.id, content="called twice"))

    result = customers.post_customers_id_merge_other(survivor.id, merged.id, space_id, expand=["metaData"])
    assert result.id == survivor.id and result.given_name == "Keep" and result.email_address == "keep@example.com"
    # Values the survivor lacked come from the merged customer.
    assert result.family_name == "Gone" and result.customer_id == "MERGED-1" and result.meta_data == {"src": "shop"}
    refused(404, customers.get_customers_id, merged.id, space_id)

    moved = addresses.get_customers_customer_id_addresses_id(survivor.id, moved_address.id, space_id)
    assert moved.customer.id == survivor.id and moved.default_address is False  # the survivor keeps its default
    assert addresses.get_customers_customer_id_addresses_id(survivor.id, own_address.id, space_id).default_address
    assert comments.get_customers_customer_id_comments_id(survivor.id, moved_comment.id, space_id).content == "called twice"
    emails = customers.get_customers_id_email_addresses(survivor.id, space_id)
    assert sorted(e.email_address for e in emails.data) == ["gone@example.com", "keep@example.com"]

    refused(422, customers.post_customers_id_merge_other, survivor.id, survivor.id, space_id)
    refused(404, customers.post_customers_id_merge_other, survivor.id, merged.id, space_id)


def test_other_tenant_cannot_reach_the_space(server, customers, space_id, other_tenant):
    customer = customers.post_customers(space_id, CustomerCreate(given_name="Private"))
    foreign = CustomersService(sdk_config(server, other_tenant))
    for call, args in [
        (foreign.get_customers_id, (customer.id, space_id)),
        (foreign.get_customers, (space_id,)),
        (foreign.get_customers_search, (space_id,)),
        (foreign.post_customers, (space_id, CustomerCreate(given_name="Intruder"))),
        (foreign.delete_customers_id, (customer.id, space_id)),
        (foreign.post_customers_bulk, (space_id, [CustomerCreate(given_name="Intruder")])),
    ]:
        with pytest.raises(Exception) as caught:
            call(*args)
        assert caught.value.status in (403, 404)
    # In its own space the other tenant does not find the customer either.
    refused(404, foreign.get_customers_id, customer.id, other_tenant.space_id)
    assert customers.get_customers_id(customer.id, space_id).given_name == "Private"


def test_permissions_are_checked_in_the_space(server, config, http, admin, customers, space_id):
    from tests.services.conftest import create_application_user, create_role

    customer = customers.post_customers(space_id, CustomerCreate(given_name="Guarded"))
    reader_role = create_role(http, admin.account_id, [601])  # CUSTOMER_READ
    _, reader_config, _ = create_application_user(server, config, admin.account_id, grant=(reader_role["id"], False))
    reader = CustomersService(reader_config)
    assert reader.get_customers_id(customer.id, space_id).given_name == "Guarded"
    assert [c.id for c in reader.get_customers(space_id).data] == [customer.id]
    refused(403, reader.post_customers, space_id, CustomerCreate(given_name="Nope"))
    refused(403, reader.delete_customers_id, customer.id, space_id)
    refused(403, reader.post_customers_bulk, space_id, [CustomerCreate(given_name="Nope")])
    refused(403, reader.delete_customers_bulk, space_id, [customer.id])
    assert reader.get_customers_id(customer.id, space_id).given_name == "Guarded"

    unrelated_role = create_role(http, admin.account_id, [201])  # SPACE_READ only
    _, unrelated_config, _ = create_application_user(server, config, admin.account_id,
                                                     grant=(unrelated_role["id"], False))
    refused(403, CustomersService(unrelated_config).get_customers, space_id)
    refused(403, CustomersService(unrelated_config).get_customers_search, space_id)
