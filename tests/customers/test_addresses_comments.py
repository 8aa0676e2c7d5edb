"""Customer addresses (with the default address) and customer comments (with pinning)."""

from __future__ import annotations

from datetime import date

import pytest
from wallee.models.customer_address_active import CustomerAddressActive
from wallee.models.customer_address_create import CustomerAddressCreate
from wallee.models.customer_comment_active import CustomerCommentActive
from wallee.models.customer_comment_create import CustomerCommentCreate
from wallee.models.customer_create import CustomerCreate
from wallee.models.customer_postal_address_create import CustomerPostalAddressCreate
from wallee.service.customer_addresses_service import CustomerAddressesService
from wallee.service.customer_comments_service import CustomerCommentsService

from tests.customers.conftest import refused


@pytest.fixture()
def customer_id(customers, space_id) -> int:
    return customers.post_customers(space_id, CustomerCreate(given_name="Holder")).id


def test_addresses_crud_and_default(config, customers, space_id, customer_id):
    addresses = CustomerAddressesService(config)
    first = addresses.post_customers_customer_id_addresses_with_http_info(customer_id, space_id, CustomerAddressCreate(
        customer=customer_id, address_type="BILLING", address=CustomerPostalAddressCreate(
            given_name="Ann", street="Main 1", city="Bern", postcode="3000", country="CH",
            date_of_birth=date(1990, 5, 17), gender="FEMALE")))
    assert first.status_code == 201
    billing = first.data
    assert billing.default_address is True  # a customer's first address is its default
    assert billing.address.city == "Bern" and billing.address.date_of_birth == date(1990, 5, 17)
    assert billing.address_type.value == "BILLING" and billing.customer.id == customer_id
    shipping = addresses.post_customers_customer_id_addresses(customer_id, space_id, CustomerAddressCreate(
        customer=customer_id, address_type="SHIPPING", address=CustomerPostalAddressCreate(city="Basel")))
    assert shipping.default_address is False

    assert addresses.post_customers_customer_id_addresses_id_default_with_http_info(
        customer_id, shipping.id, space_id).status_code == 204
    assert addresses.get_customers_customer_id_addresses_id(customer_id, shipping.id, space_id).default_address
    assert not addresses.get_customers_customer_id_addresses_id(customer_id, billing.id, space_id).default_address

    expanded = addresses.get_customers_customer_id_addresses_id(customer_id, billing.id, space_id, expand=["customer"])
    assert expanded.customer.given_name == "Holder"

    current = addresses.get_customers_customer_id_addresses_id(customer_id, billing.id, space_id)
    changed = addresses.patch_customers_customer_id_addresses_id(customer_id, billing.id, space_id, CustomerAddressActive(
        version=current.version, address_type="BOTH", address=CustomerPostalAddressCreate(city="Thun")))
    assert changed.address_type.value == "BOTH" and changed.address.city == "Thun"

    listed = addresses.get_customers_customer_id_addresses(customer_id, space_id)
    assert [a.id for a in listed.data] == [billing.id, shipping.id]
    found = addresses.get_customers_customer_id_addresses_search(customer_id, space_id, query="addressType:SHIPPING")
    assert [a.id for a in found.data] == [shipping.id]

    addresses.delete_customers_customer_id_addresses_id(customer_id, billing.id, space_id)
    refused(404, addresses.get_customers_customer_id_addresses_id, customer_id, billing.id, space_id)


def test_addresses_belong_to_the_customer_in_the_path(config, customers, space_id, customer_id):
    addresses = CustomerAddressesService(config)
    other = customers.post_customers(space_id, CustomerCreate(given_name="Other")).id
    address = addresses.post_customers_customer_id_addresses(customer_id, space_id, CustomerAddressCreate(
        customer=customer_id, address=CustomerPostalAddressCreate(city="Bern")))
    refused(404, addresses.get_customers_customer_id_addresses_id, other, address.id, space_id)
    refused(422, addresses.post_customers_customer_id_addresses, customer_id, space_id,
            CustomerAddressCreate(customer=other, address=CustomerPostalAddressCreate(city="Bern")))
    refused(404, addresses.get_customers_customer_id_addresses, 999999999, space_id)
    refused(404, addresses.post_customers_customer_id_addresses, 999999999, space_id,
            CustomerAddressCreate(customer=999999999))


def test_comments_crud_pin_and_unpin(config, admin, space_id, customer_id):
    comments = CustomerCommentsService(config)
    created = comments.post_customers_customer_id_comments_with_http_info(
        customer_id, space_id, CustomerCommentCreate(customer=customer_id, content="First call"))
    assert created.status_code == 201
    comment = created.data
    assert comment.pinned is False and comment.created_by == admin.user_id and comment.content == "First call"
    assert comment.edited_on is None

    assert comments.post_customers_customer_id_comments_id_pin_with_http_info(
        customer_id, comment.id, space_id).status_code == 204
    pinned = comments.get_customers_customer_id_comments_id(customer_id, comment.id, space_id)
    assert pinned.pinned is True
    found = comments.get_customers_customer_id_comments_search(customer_id, space_id, query="pinned:true")
    assert [c.id for c in found.data] == [comment.id]
    comments.post_customers_customer_id_comments_id_unpin(customer_id, comment.id, space_id)
    assert comments.get_customers_customer_id_comments_id(customer_id, comment.id, space_id).pinned is False

    current = comments.get_customers_customer_id_comments_id(customer_id, comment.id, space_id)
    edited = comments.patch_customers_customer_id_comments_id(customer_id, comment.id, space_id, CustomerCommentActive(
        version=current.version, content="Second call"))
    assert edited.content == "Second call" and edited.edited_by == admin.user_id and edited.edited_on is not None

    assert [c.id for c in comments.get_customers_customer_id_comments(customer_id, space_id).data] == [comment.id]
    comments.delete_customers_customer_id_comments_id(customer_id, comment.id, space_id)
    assert comments.get_customers_customer_id_comments(customer_id, space_id).data == []


def test_deleting_a_customer_deletes_its_addresses_and_comments(config, customers, space_id, customer_id):
    addresses, comments = CustomerAddressesService(config), CustomerCommentsService(config)
    address = addresses.post_customers_customer_id_addresses(customer_id, space_id, CustomerAddressCreate(
        customer=customer_id, address=CustomerPostalAddressCreate(city="Bern")))
    comments.post_customers_customer_id_comments(customer_id, space_id, CustomerCommentCreate(customer=customer_id,
                                                                                            content="x"))
    customers.delete_customers_id(customer_id, space_id)
    refused(404, addresses.get_customers_customer_id_addresses_id, customer_id, address.id, space_id)
    refused(404, comments.get_customers_customer_id_comments, customer_id, space_id)
