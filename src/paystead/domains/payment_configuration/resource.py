"""/payment/processor-configurations, /payment/method-configurations and
/payment/connector-configurations, inside a space. Deleting marks DELETED (transactions keep
pointing at the configuration they were processed with)."""

from __future__ import annotations

from paystead.db.models import PaymentConnectorConfiguration, PaymentMethodConfiguration, PaymentProcessorConfiguration
from paystead.domains.payment_configuration.service import (
    ConnectorConfigurationService,
    MethodConfigurationService,
    ProcessorConfigurationService,
)
from paystead.resources.fields import Computed
from paystead.resources.registry import Resource, registry
from paystead.resources.scopes import SpaceScope


def _refs(ids) -> list[dict]:
    return [{"id": ident} for ident in ids or []]


processor_configurations = registry.add(Resource(
    name="PaymentProcessorConfiguration",
    model=PaymentProcessorConfiguration,
    sdk_name="payment_processor_configurations",
    permission="PAYMENT_PROCESSOR_CONFIGURATION",
    scope=SpaceScope(PaymentProcessorConfiguration.space_id),
    soft_delete=True,
    service=ProcessorConfigurationService(),
))


def _resolved(row: PaymentMethodConfiguration, attribute: str) -> dict | None:
    return getattr(row, attribute) or None


method_configurations = registry.add(Resource(
    name="PaymentMethodConfiguration",
    model=PaymentMethodConfiguration,
    sdk_name="payment_method_configurations",
    permission="PAYMENT_METHOD_CONFIGURATION",
    scope=SpaceScope(PaymentMethodConfiguration.space_id),
    soft_delete=True,
    service=MethodConfigurationService(),
    overrides={
        "resolvedTitle": Computed(lambda row, ctx: _resolved(row, "title")),
        "resolvedDescription": Computed(lambda row, ctx: _resolved(row, "description")),
    },
))

connector_configurations = registry.add(Resource(
    name="PaymentConnectorConfiguration",
    model=PaymentConnectorConfiguration,
    sdk_name="payment_connector_configurations",
    permission="PAYMENT_CONNECTOR_CONFIGURATION",
    scope=SpaceScope(PaymentConnectorConfiguration.space_id),
    soft_delete=True,
    service=ConnectorConfigurationService(),
    overrides={
        "conditions": Computed(lambda row, ctx: _refs(row.condition_ids)),
        "enabledSalesChannels": Computed(lambda row, ctx: _refs(row.enabled_sales_channel_ids)),
        "enabledSpaceViews": Computed(lambda row, ctx: list(row.enabled_space_view_ids or [])),
        # Usable for payments: the connector configuration itself is active (the processing
        # also requires its processor and method configurations to be active).
        "applicableForTransactionProcessing": Computed(lambda row, ctx: row.state == "ACTIVE"),
    },
))
