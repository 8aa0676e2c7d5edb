"""Engine features seen through customers: metaData limits and search, idempotent creates by
the merchant's customerId, and bulk create, update and delete."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from wallee.models.customer_create import CustomerCreate

from tests.customers.conftest import refused
from tests.services.conftest import unique


# --- metaData ---------------------------------------------------------------------------

def test_metadata_limits(customers, space_id):
    most = {f"key{i}": "v" for i in range(25)}
    assert customers.post_customers(space_id, CustomerCreate(meta_data=most), expand=["metaData"]).meta_data == most
    too_many = refused(422, customers.post_customers, space_id, CustomerCreate(meta_data={**most, "key25": "v"}))
    assert "metaData" in too_many["errors"]

    longest = {"k" * 40: "v" * 512}
    assert customers.post_customers(space_id, CustomerCreate(meta_data=longest), expand=["metaData"]).meta_data == longest
    body = refused(422, customers.post_customers, space_id, CustomerCreate(
        meta_data={"k" * 41: "v", "fine": "v" * 513, "ok": "v"}))
    assert set(body["errors"]) == {"metaData." + "k" * 41, "metaData.fine"}


def test_metadata_limits_apply_to_updates(customers, space_id):
    from wallee.models.customer_active import CustomerActive

    customer = customers.post_customers(space_id, CustomerCreate(meta_data={"a": "1"}))
    body = refused(422, customers.patch_customers_id, customer.id, space_id,
                   CustomerActive(version=customer.version, meta_data={"a": "x" * 513}))
    assert set(body["errors"]) == {"metaData.a"}
    assert customers.get_customers_id(customer.id, space_id, expand=["metaData"]).meta_data == {"a": "1"}


def test_metadata_search(customers, space_id):
    gold = customers.post_customers(space_id, CustomerCreate(meta_data={"tier": "gold", "region": "north"})).id
    silver = customers.post_customers(space_id, CustomerCreate(meta_data={"tier": "silver"})).id
    plain = customers.post_customers(space_id, CustomerCreate(given_name="No metadata")).id

    def found(query, order=None):
        return [c.id for c in customers.get_customers_search(space_id, query=query, order=order, limit=100).data]

    assert found("metaData.tier:GOLD") == [gold]
    assert found("metaData.tier:~ilv") == [silver]
    assert found("metaData.region:*") == [silver, plain]
    assert found("-metaData.tier:gold") == [silver, plain]
    assert found("metaData.tier:gold OR metaData.tier:silver", order="metaData.tier:DESC") == [silver, gold]
    assert found("metaData.nothing:x") == []


# --- idempotent creates -----------------------------------------------------------------

def test_same_customer_id_and_body_returns_the_first_customer(customers, space_id):
    body = CustomerCreate(customer_id=unique("ext"), given_name="Once", meta_data={"a": "b"})
    first = customers.post_customers_with_http_info(space_id, body)
    again = customers.post_customers_with_http_info(space_id, body)
    assert first.status_code == again.status_code == 201
    assert again.data == first.data
    listed = customers.get_customers_search(space_id, query=f'customerId:"{body.customer_id}"')
    assert [c.id for c in listed.data] == [first.data.id]


def test_reused_customer_id_with_another_body_is_409_naming_the_customer(customers, space_id):
    key = unique("ext")
    first = customers.post_customers(space_id, CustomerCreate(customer_id=key, given_name="First"))
    body = refused(409, customers.post_customers, space_id, CustomerCreate(customer_id=key, given_name="Other"))
    assert str(first.id) in body["message"] and body["errors"]["id"] == str(first.id)


def test_customer_ids_are_per_space(customers, space_id, admin):
    key = unique("ext")
    here = customers.post_customers(space_id, CustomerCreate(customer_id=key))
    there = customers.post_customers(admin.space_id, CustomerCreate(customer_id=key))
    assert here.id != there.id


def test_taking_another_customers_id_in_an_update_is_409(customers, space_id):
    from wallee.models.customer_active import CustomerActive

    taken = unique("ext")
    customers.post_customers(space_id, CustomerCreate(customer_id=taken))
    other = customers.post_customers(space_id, CustomerCreate(customer_id=unique("ext")))
    refused(409, customers.patch_customers_id, other.id, space_id,
            CustomerActive(version=other.version, customer_id=taken))
    assert customers.get_customers_id(other.id, space_id).version == other.version


def test_fifty_concurrent_creates_make_one_customer(customers, space_id):
    body = CustomerCreate(customer_id=unique("race"), given_name="Racer")
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: customers.post_customers_with_http_info(space_id, body), range(50)))
    assert {r.status_code for r in results} == {201}
    assert len({r.data.id for r in results}) == 1
    found = customers.get_customers_search(space_id, query=f'customerId:"{body.customer_id}"')
    assert len(found.data) == 1


# --- bulk -------------------------------------------------------------------------------

def test_bulk_create_with_good_and_bad_items(customers, space_id):
    key = unique("bulk")
    results = customers.post_customers_bulk(space_id, [
        CustomerCreate(given_name="Good", customer_id=key),
        CustomerCreate(given_name="Bad currency", preferred_currency="euros"),
        CustomerCreate(given_name="Good", customer_id=key),  # the same create again: the same customer
        CustomerCreate(given_name="Conflict", customer_id=key),
        CustomerCreate(given_name="Second"),
    ])
    assert [r.status_code for r in results] == [201, 422, 201, 409, 201]
    assert results[0].id == results[2].id and results[0].link.endswith(f"/customers/{results[0].id}")
    assert results[1].error.message and results[1].id is None
    assert results[3].error.message
    names = [c.given_name for c in customers.get_customers(space_id, limit=100).data]
    assert sorted(names) == ["Good", "Second"]  # failed items left nothing behind


def test_bulk_update_and_delete(customers, space_id, http):
    one = customers.post_customers(space_id, CustomerCreate(given_name="One"))
    two = customers.post_customers(space_id, CustomerCreate(given_name="Two"))
    # The SDK's CustomerActive has no id: bulk updates name their objects in raw JSON.
    response = http.patch("/customers/bulk", space=space_id, json=[
        {"id": one.id, "version": one.version, "givenName": "One+"},
        {"id": two.id, "version": two.version + 5, "givenName": "Stale"},
        {"id": 999999999, "version": 1, "givenName": "Missing"},
        {"version": 1},
    ])
    assert response.status_code == 200, response.text
    assert [r["statusCode"] for r in response.json()] == [200, 409, 404, 422]
    assert response.json()[1]["error"]["code"] == "version_conflict"
    assert customers.get_customers_id(one.id, space_id).given_name == "One+"
    assert customers.get_customers_id(two.id, space_id).given_name == "Two"

    results = customers.delete_customers_bulk(space_id, [one.id, 999999999, two.id])
    assert [(r.status_code, r.id) for r in results] == [(204, one.id), (404, None), (204, two.id)]
    assert customers.get_customers(space_id).data == []


def test_more_than_the_bulk_limit_is_413(customers, space_id, http):
    body = refused(413, customers.post_customers_bulk, space_id, [CustomerCreate(given_name="x")] * 101)
    assert body["code"] == "payload_too_large"
    assert http.delete("/customers/bulk", space=space_id, content=json.dumps(list(range(1, 102))).encode(),
                       headers={"Content-Type": "application/json"}).status_code == 413
    assert customers.get_customers(space_id).data == []
    assert len(customers.post_customers_bulk(space_id, [CustomerCreate(given_name="x")] * 100)) == 100


# --- search through links -----------------------------------------------------------------

def test_addresses_search_through_their_customer(config, customers, space_id):
    from wallee.models.customer_address_create import CustomerAddressCreate
    from wallee.models.customer_postal_address_create import CustomerPostalAddressCreate
    from wallee.service.customer_addresses_service import CustomerAddressesService

    addresses = CustomerAddressesService(config)
    holder = customers.post_customers(space_id, CustomerCreate(family_name="Keller", meta_data={"tier": "gold"})).id
    made = [addresses.post_customers_customer_id_addresses(holder, space_id, CustomerAddressCreate(
        customer=holder, address=CustomerPostalAddressCreate(city=city))).id for city in ("Bern", "Basel")]

    def found(query):
        page = addresses.get_customers_customer_id_addresses_search(holder, space_id, query=query, limit=100)
        return [address.id for address in page.data]

    assert found("customer.familyName:KELLER") == made
    assert found("customer.metaData.tier:gold customer.familyName:~ell") == made
    assert found("customer.familyName:Other") == []
    assert found("-customer.metaData.tier:gold") == []
