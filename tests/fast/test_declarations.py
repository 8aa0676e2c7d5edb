"""Resources declared from the contract: the wire fields derived from a contract model and an
ORM model (paystead.resources.derivation), and the one write path driven by the request
model's writable properties (paystead.resources.writes). Pure functions over the bundled
contract and the mapped classes: no app, no database."""

from __future__ import annotations

import pytest

import paystead.modules  # noqa: F401  (declares every resource)
from paystead.contract import model as contract_model
from paystead.contract import operation
from paystead.db.models import Customer, PaymentLink, PaymentMethodBrand, Space, Transaction
from paystead.resources.catalog import registry
from paystead.resources.derivation import derived_fields
from paystead.resources.fields import Column, Computed, Link
from paystead.resources.registry import ResourceService
from paystead.resources.writes import apply_writable, writable_columns

# Properties the SDK's models lack that wallee returns; declared with their contract type
# (Column(type=...)) or computed.
EXTRA_PROPERTIES = {("ApplicationUser", "macKey"), ("HumanUser", "userType"), ("SingleSignOnUser", "userType")}


def _is_column(spec, attribute) -> bool:
    # Compared by identity: == on a mapped attribute builds SQL.
    return isinstance(spec, Column) and spec.attribute is attribute and spec.type is None and spec.format is None


def _is_link(spec, attribute, resource: str) -> bool:
    return isinstance(spec, Link) and spec.attribute is attribute and spec.resource == resource and spec.hide is None


def _properties(name: str) -> set[str]:
    return {prop["name"] for prop in contract_model(name)["fields"]}


def test_a_property_is_the_column_of_its_snake_case_name():
    fields = derived_fields("Space", Space)
    assert _is_column(fields["timeZone"], Space.time_zone)
    assert _is_column(fields["primaryCurrency"], Space.primary_currency)
    assert _is_column(fields["id"], Space.id)


def test_a_property_typed_as_a_model_with_an_id_column_is_a_link():
    fields = derived_fields("Space", Space)
    assert _is_link(fields["account"], Space.account_id, "Account")
    assert _is_link(derived_fields("Transaction", Transaction)["token"], Transaction.token_id, "Token")


def test_an_integer_property_with_an_id_column_is_that_id_and_wallee_conventions_apply():
    brand = derived_fields("PaymentMethodBrand", PaymentMethodBrand)["paymentMethod"]
    assert _is_column(brand, PaymentMethodBrand.payment_method_id)
    assert _is_column(derived_fields("Customer", Customer)["linkedSpaceId"], Customer.space_id)


def test_a_property_without_a_column_is_left_out():
    fields = derived_fields("Space", Space)
    assert "active" in _properties("Space") and "active" not in fields
    assert "customerId" not in derived_fields("Customer", Customer)  # stored as customer_ref


def test_an_override_wins_and_an_omitted_property_is_absent():
    shown = Computed(lambda row, ctx: "Europe/Zurich")
    fields = derived_fields("Space", Space, {"timeZone": shown, "customerId": Column(Customer.customer_ref)},
                            omit=("primaryCurrency",))
    assert fields["timeZone"] is shown
    assert _is_column(fields["customerId"], Customer.customer_ref)
    assert "primaryCurrency" not in fields
    with pytest.raises(KeyError):
        derived_fields("Space", Space, omit=("noSuchProperty",))


def test_the_declarations_use_the_derivation():
    spaces = registry.get("Space")
    assert _is_column(spaces.fields["timeZone"], Space.time_zone)
    assert spaces.fields["restrictedActive"] is spaces.overrides["restrictedActive"]
    assert "reducedLineItems" not in registry.get("Refund").fields  # omitted on purpose


def test_every_declared_field_is_a_property_of_its_contract_model():
    for resource in registry.resources():
        properties = _properties(resource.name)
        for name, spec in resource.fields.items():
            declared_type = isinstance(spec, Column) and spec.type is not None
            assert name in properties or declared_type or (resource.name, name) in EXTRA_PROPERTIES, \
                f"{resource.name}.{name} is no property of the contract model"


def test_the_write_path_copies_only_what_the_request_model_may_set():
    space = Space(name="Old", time_zone="UTC", created_by=1, version=4)
    apply_writable(space, "Space", "SpaceUpdate", {
        "name": "New", "timeZone": "Europe/Zurich", "version": 9, "createdBy": 2, "postalAddress": {"city": "X"},
    }, handled=("account", "postalAddress", "database"))
    assert (space.name, space.time_zone) == ("New", "Europe/Zurich")
    # The version is the engine's, createdBy is no property of SpaceUpdate, the address is handled.
    assert (space.version, space.created_by, space.postal_address) == (4, 1, None)

    link = PaymentLink(name="Old")
    apply_writable(link, "PaymentLink", "PaymentLinkUpdate", {"name": "New", "externalId": "create-only"},
                   handled=registry.get("PaymentLink").service.handled)
    assert (link.name, link.external_id) == ("New", None)


def test_renames_are_written_through_the_field_specs_and_nulls_can_be_kept():
    assert writable_columns("Customer", "CustomerActive")["customerId"] == "customer_ref"
    customer = Customer(customer_ref="c-1", given_name="Ada")
    apply_writable(customer, "Customer", "CustomerActive", {"customerId": "c-2", "givenName": None}, skip_none=True)
    assert (customer.customer_ref, customer.given_name) == ("c-2", "Ada")


def test_a_writable_property_that_nothing_stores_is_an_error():
    with pytest.raises(LookupError, match="postalAddress"):
        writable_columns("Space", "SpaceUpdate")


def _request_models(resource) -> list[str]:
    stems = {"create": "post_{}", "update": "patch_{}_id"}
    return [operation(stems[name].format(resource.sdk_name))["request_body"]["model"]
            for name in ("create", "update") if name in resource.operations]


def test_every_service_that_writes_generically_covers_its_request_models():
    checked = 0
    # By declared handled tuple: one declaration may serve several resources (the user kinds).
    settable_by_handled: dict[tuple, set[str]] = {}
    for resource in registry.resources():
        service = resource.service
        uses_default_update = type(service).update is ResourceService.update
        if not (service.handled or ("update" in resource.operations and uses_default_update)):
            continue  # creates and updates written out by hand
        settable = settable_by_handled.setdefault(tuple(service.handled), set())
        for request_model in _request_models(resource):
            writable_columns(resource.name, request_model, handled=service.handled)  # raises when one is unstored
            settable |= {prop["name"] for prop in contract_model(request_model)["fields"] if not prop["read_only"]}
            checked += 1
    assert checked >= 30
    for resource in registry.resources():
        # A name in handled that no request model of the service sets is a typo.
        unknown = set(resource.service.handled) - settable_by_handled.get(tuple(resource.service.handled), set())
        assert not unknown, f"{resource.name} handles {sorted(unknown)}, which no request body sets"
