"""Paystead's own catalog through the SDK: every service lists (paged by id), searches and
reads by id, and an unknown id is a 404."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from wallee.service.condition_types_service import ConditionTypesService
from wallee.service.document_template_types_service import DocumentTemplateTypesService
from wallee.service.label_descriptors_service import LabelDescriptorsService
from wallee.service.legal_organization_forms_service import LegalOrganizationFormsService
from wallee.service.payment_connectors_service import PaymentConnectorsService
from wallee.service.payment_method_brands_service import PaymentMethodBrandsService
from wallee.service.payment_methods_service import PaymentMethodsService
from wallee.service.payment_processors_service import PaymentProcessorsService
from wallee.service.static_values_service import StaticValuesService

from tests.services.conftest import refused


@dataclass(frozen=True)
class Catalog:
    service: type
    stem: str  # the SDK method stem: get_<stem>, get_<stem>_search, get_<stem>_id

    def calls(self, config):
        service = self.service(config)
        return (getattr(service, f"get_{self.stem}"), getattr(service, f"get_{self.stem}_search"),
                getattr(service, f"get_{self.stem}_id"))


CATALOGS = [
    Catalog(LegalOrganizationFormsService, "legal_organization_forms"),
    Catalog(StaticValuesService, "static_values"),
    Catalog(ConditionTypesService, "payment_condition_types"),
    Catalog(DocumentTemplateTypesService, "document_templates_types"),
    Catalog(LabelDescriptorsService, "label_descriptors"),
    Catalog(LabelDescriptorsService, "label_descriptors_groups"),
    Catalog(PaymentMethodsService, "payment_methods"),
    Catalog(PaymentMethodBrandsService, "payment_method_brands"),
    Catalog(PaymentConnectorsService, "payment_connectors"),
    Catalog(PaymentProcessorsService, "payment_processors"),
]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda catalog: catalog.stem)
def test_list_pages_search_and_read(config, catalog):
    list_, search, read = catalog.calls(config)
    everything = list_(limit=100)
    ids = [entry.id for entry in everything.data]
    assert ids and ids == sorted(ids) and everything.has_more is False and everything.limit == 100

    # Pages of one, forwards with ``after`` and backwards with ``before``, give the same ids.
    forwards, after = [], None
    while True:
        page = list_(limit=1, after=after) if after is not None else list_(limit=1)
        forwards += [entry.id for entry in page.data]
        if not page.has_more:
            break
        after = page.data[-1].id
    assert forwards == ids
    assert [entry.id for entry in list_(limit=100, order="DESC").data] == ids[::-1]
    before_last = list_(limit=1, before=ids[-1])
    if len(ids) > 1:
        assert [entry.id for entry in before_last.data] == [ids[-2]]

    found = search(query=f"id:{ids[-1]}")
    assert [entry.id for entry in found.data] == [ids[-1]] and found.has_more is False
    newest_first = search(order="id:DESC", limit=2)
    assert [entry.id for entry in newest_first.data] == ids[::-1][:2]
    assert newest_first.has_more is (len(ids) > 2)

    assert read(ids[0]) == everything.data[0]
    refused(404, read, 987654321)


def test_card_brands_belong_to_the_card_method(config):
    methods = {method.name["en-US"]: method for method in PaymentMethodsService(config).get_payment_methods().data}
    card = methods["Credit / Debit Card"]
    assert "TWINT" in methods and "Invoice" in methods
    assert {"ONSITE", "OFFSITE"} == {kind.value for kind in card.data_collection_types}
    brands = PaymentMethodBrandsService(config).get_payment_method_brands_search(
        query=f"paymentMethod:{card.id}", order="id:ASC", limit=50).data
    names = {brand.name["en-US"] for brand in brands}
    assert {"Visa", "Mastercard", "American Express"} <= names


def test_simulator_connectors_link_processor_method_and_brand(config):
    processors = PaymentProcessorsService(config).get_payment_processors_search(query="id:1").data
    assert processors[0].name == {"en-US": "Paystead simulator"}

    connectors = PaymentConnectorsService(config)
    by_processor = connectors.get_payment_connectors_search(query="processor:1", order="id:ASC", limit=50).data
    assert len(by_processor) >= 4
    collapsed = by_processor[0]
    assert collapsed.processor.id == 1 and collapsed.processor.name is None
    expanded = connectors.get_payment_connectors_id(collapsed.id, expand=["processor", "paymentMethod",
                                                                           "paymentMethodBrand"])
    assert expanded.processor.name == {"en-US": "Paystead simulator"}
    assert expanded.payment_method.id == collapsed.payment_method.id and expanded.payment_method.name
    assert expanded.payment_method_brand.name["en-US"] == "Visa"
    assert expanded.primary_risk_taker.value == "MERCHANT" and expanded.deprecated is False
    assert {feature.display_name for feature in expanded.supported_features} >= {"Refund"}
    assert [presence.value for presence in expanded.supported_customers_presences] == ["VIRTUAL_PRESENT"]


def test_label_descriptors_link_their_group(config):
    labels = LabelDescriptorsService(config)
    groups = {group.id: group for group in labels.get_label_descriptors_groups(limit=100).data}
    descriptor = labels.get_label_descriptors_id(1, expand=["group"])
    assert descriptor.group.id in groups and descriptor.group.name == groups[descriptor.group.id].name
    assert descriptor.category.value in ("HUMAN", "APPLICATION")
    in_group = labels.get_label_descriptors_search(query=f"group:{descriptor.group.id}", order="weight:ASC")
    weights = [label.weight for label in in_group.data]
    assert descriptor.id in [label.id for label in in_group.data] and weights == sorted(weights)


def test_legal_organization_forms_by_country(config):
    swiss = LegalOrganizationFormsService(config).get_legal_organization_forms_search(
        query="country:CH", order="englishDescription:ASC", limit=50).data
    assert swiss and all(form.country == "CH" for form in swiss)
    descriptions = [form.english_description for form in swiss]
    assert descriptions == sorted(descriptions)
    stock_corporation = next(form for form in swiss if form.english_description == "Stock corporation")
    assert {(s.language, s.string) for s in stock_corporation.shortcut} >= {("de-CH", "AG")}


def test_document_template_types_carry_their_group(config):
    types = DocumentTemplateTypesService(config).get_document_templates_types(limit=100).data
    invoice = next(t for t in types if t.title == {"en-US": "Invoice"})
    assert invoice.group.id and invoice.group.title
