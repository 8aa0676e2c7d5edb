"""Paystead's payment catalog: methods, brands, processors and connectors (links between them
can be expanded, e.g. ``expand=processor,paymentMethodBrand``)."""

from __future__ import annotations

from paystead.db.models import PaymentConnector, PaymentMethod, PaymentMethodBrand, PaymentProcessor, SalesChannel
from paystead.domains.reference.common import reference_resource
from paystead.resources.fields import Column, Link

payment_methods = reference_resource(
    name="PaymentMethod",
    model=PaymentMethod,
    sdk_name="payment_methods",
    fields={
        "id": Column(PaymentMethod.id),
        "name": Column(PaymentMethod.name),
        "description": Column(PaymentMethod.description),
        "merchantDescription": Column(PaymentMethod.merchant_description),
        "supportedCurrencies": Column(PaymentMethod.supported_currencies),
        "dataCollectionTypes": Column(PaymentMethod.data_collection_types),
    },
)

payment_method_brands = reference_resource(
    name="PaymentMethodBrand",
    model=PaymentMethodBrand,
    sdk_name="payment_method_brands",
    fields={
        "id": Column(PaymentMethodBrand.id),
        "name": Column(PaymentMethodBrand.name),
        "description": Column(PaymentMethodBrand.description),
        # The contract types this one as the payment method's id, not as a linked object.
        "paymentMethod": Column(PaymentMethodBrand.payment_method_id),
    },
)

payment_processors = reference_resource(
    name="PaymentProcessor",
    model=PaymentProcessor,
    sdk_name="payment_processors",
    fields={
        "id": Column(PaymentProcessor.id),
        "name": Column(PaymentProcessor.name),
        "description": Column(PaymentProcessor.description),
        "companyName": Column(PaymentProcessor.company_name),
        "productName": Column(PaymentProcessor.product_name),
        "headquartersLocation": Column(PaymentProcessor.headquarters_location),
    },
)

payment_connectors = reference_resource(
    name="PaymentConnector",
    model=PaymentConnector,
    sdk_name="payment_connectors",
    fields={
        "id": Column(PaymentConnector.id),
        "name": Column(PaymentConnector.name),
        "description": Column(PaymentConnector.description),
        "paymentMethod": Link(PaymentConnector.payment_method_id, "PaymentMethod"),
        "paymentMethodBrand": Link(PaymentConnector.payment_method_brand_id, "PaymentMethodBrand"),
        "processor": Link(PaymentConnector.processor_id, "PaymentProcessor"),
        "dataCollectionType": Column(PaymentConnector.data_collection_type),
        "primaryRiskTaker": Column(PaymentConnector.primary_risk_taker),
        "supportedCurrencies": Column(PaymentConnector.supported_currencies),
        "supportedCustomersPresences": Column(PaymentConnector.supported_customers_presences),
        "supportedFeatures": Column(PaymentConnector.supported_features),
        "deprecated": Column(PaymentConnector.deprecated),
        "deprecationReason": Column(PaymentConnector.deprecation_reason),
    },
)

sales_channels = reference_resource(
    name="SalesChannel",
    model=SalesChannel,
    sdk_name="payment_sales_channels",
    fields={
        "id": Column(SalesChannel.id),
        "name": Column(SalesChannel.name),
        "description": Column(SalesChannel.description),
        "sortOrder": Column(SalesChannel.sort_order),
    },
)
