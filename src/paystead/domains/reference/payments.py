"""Paystead's payment catalog: methods, brands, processors and connectors (links between them
can be expanded, e.g. ``expand=processor,paymentMethodBrand``)."""

from __future__ import annotations

from paystead.db.models import PaymentConnector, PaymentMethod, PaymentMethodBrand, PaymentProcessor, SalesChannel
from paystead.domains.reference.common import reference_resource

payment_methods = reference_resource(
    name="PaymentMethod",
    model=PaymentMethod,
    sdk_name="payment_methods",
)

payment_method_brands = reference_resource(
    name="PaymentMethodBrand",
    model=PaymentMethodBrand,
    sdk_name="payment_method_brands",
)

payment_processors = reference_resource(
    name="PaymentProcessor",
    model=PaymentProcessor,
    sdk_name="payment_processors",
)

payment_connectors = reference_resource(
    name="PaymentConnector",
    model=PaymentConnector,
    sdk_name="payment_connectors",
)

sales_channels = reference_resource(
    name="SalesChannel",
    model=SalesChannel,
    sdk_name="payment_sales_channels",
)
