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
from paystead.resources.fields import Column, Computed, Link
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
    fields={
        "id": Column(PaymentProcessorConfiguration.id),
        "linkedSpaceId": Column(PaymentProcessorConfiguration.space_id),
        "name": Column(PaymentProcessorConfiguration.name),
        "state": Column(PaymentProcessorConfiguration.state),
        "processor": Link(PaymentProcessorConfiguration.processor_id, "PaymentProcessor"),
        "applicationManaged": Column(PaymentProcessorConfiguration.application_managed),
        "contractId": Column(PaymentProcessorConfiguration.contract_id),
        "plannedPurgeDate": Column(PaymentProcessorConfiguration.planned_purge_date),
        "version": Column(PaymentProcessorConfiguration.version),
    },
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
    fields={
        "id": Column(PaymentMethodConfiguration.id),
        "linkedSpaceId": Column(PaymentMethodConfiguration.space_id),
        "spaceId": Column(PaymentMethodConfiguration.space_id),
        "name": Column(PaymentMethodConfiguration.name),
        "state": Column(PaymentMethodConfiguration.state),
        "paymentMethod": Link(PaymentMethodConfiguration.payment_method_id, "PaymentMethod"),
        "dataCollectionType": Column(PaymentMethodConfiguration.data_collection_type),
        "oneClickPaymentMode": Column(PaymentMethodConfiguration.one_click_payment_mode),
        "title": Column(PaymentMethodConfiguration.title),
        "description": Column(PaymentMethodConfiguration.description),
        "resolvedTitle": Computed(lambda row, ctx: _resolved(row, "title")),
        "resolvedDescription": Computed(lambda row, ctx: _resolved(row, "description")),
        "sortOrder": Column(PaymentMethodConfiguration.sort_order),
        "imageResourcePath": Column(PaymentMethodConfiguration.image_resource_path),
        "plannedPurgeDate": Column(PaymentMethodConfiguration.planned_purge_date),
        "version": Column(PaymentMethodConfiguration.version),
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
    fields={
        "id": Column(PaymentConnectorConfiguration.id),
        "linkedSpaceId": Column(PaymentConnectorConfiguration.space_id),
        "name": Column(PaymentConnectorConfiguration.name),
        "state": Column(PaymentConnectorConfiguration.state),
        "connector": Link(PaymentConnectorConfiguration.connector_id, "PaymentConnector"),
        "processorConfiguration": Link(PaymentConnectorConfiguration.processor_configuration_id,
                                       "PaymentProcessorConfiguration"),
        "paymentMethodConfiguration": Link(PaymentConnectorConfiguration.payment_method_configuration_id,
                                           "PaymentMethodConfiguration"),
        "priority": Column(PaymentConnectorConfiguration.priority),
        "conditions": Computed(lambda row, ctx: _refs(row.condition_ids)),
        "enabledSalesChannels": Computed(lambda row, ctx: _refs(row.enabled_sales_channel_ids)),
        "enabledSpaceViews": Computed(lambda row, ctx: list(row.enabled_space_view_ids or [])),
        # Usable for payments: the connector configuration itself is active (the processing
        # also requires its processor and method configurations to be active).
        "applicableForTransactionProcessing": Computed(lambda row, ctx: row.state == "ACTIVE"),
        "plannedPurgeDate": Column(PaymentConnectorConfiguration.planned_purge_date),
        "version": Column(PaymentConnectorConfiguration.version),
    },
))
