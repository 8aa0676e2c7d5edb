"""Payment configuration: the simulator setup a sandbox space starts with, and the processor,
method and connector configurations' operations."""

from __future__ import annotations

from wallee.models.payment_connector_configuration_create import PaymentConnectorConfigurationCreate
from wallee.models.payment_connector_configuration_update import PaymentConnectorConfigurationUpdate
from wallee.models.payment_method_configuration_create import PaymentMethodConfigurationCreate
from wallee.models.payment_processor_configuration_create import PaymentProcessorConfigurationCreate
from wallee.service.payment_connector_configurations_service import PaymentConnectorConfigurationsService
from wallee.service.payment_method_configurations_service import PaymentMethodConfigurationsService
from wallee.service.payment_processor_configurations_service import PaymentProcessorConfigurationsService
from wallee.service.payment_sales_channels_service import PaymentSalesChannelsService

from tests.services.conftest import refused

CARD, TWINT, INVOICE = 1, 2, 3
SIMULATOR = 1
VISA_CONNECTOR, TWINT_CONNECTOR = 1, 4


def test_a_new_sandbox_space_has_the_simulator_setup(config, space_id):
    processors = PaymentProcessorConfigurationsService(config).get_payment_processor_configurations(space_id).data
    assert [(p.name, p.processor.id, p.state.value) for p in processors] == [("Paystead simulator", SIMULATOR, "ACTIVE")]
    methods = PaymentMethodConfigurationsService(config).get_payment_method_configurations(space_id).data
    assert {m.payment_method.id for m in methods} == {CARD, TWINT, INVOICE}
    connectors = PaymentConnectorConfigurationsService(config).get_payment_connector_configurations(
        space_id, limit=100, expand=["paymentMethodConfiguration", "processorConfiguration.processor"]).data
    assert len(connectors) == 10 and all(c.applicable_for_transaction_processing for c in connectors)
    visa = next(c for c in connectors if c.connector.id == VISA_CONNECTOR)
    assert visa.payment_method_configuration.payment_method.id == CARD
    assert visa.processor_configuration.processor.name["en-US"] == "Paystead simulator"


def test_create_update_search_and_delete(config, space_id):
    processors = PaymentProcessorConfigurationsService(config)
    methods = PaymentMethodConfigurationsService(config)
    connectors = PaymentConnectorConfigurationsService(config)
    processor = processors.post_payment_processor_configurations(space_id, PaymentProcessorConfigurationCreate(
        name="Second simulator", processor=SIMULATOR))
    assert processor.state.value == "ACTIVE" and processor.version == 1
    method = methods.post_payment_method_configurations(space_id, PaymentMethodConfigurationCreate(
        name="TWINT app", payment_method=TWINT, data_collection_type="OFFSITE", state="ACTIVE",
        title={"en-US": "Pay with TWINT"}, sort_order=5))
    assert method.resolved_title == {"en-US": "Pay with TWINT"}
    connector = connectors.post_payment_connector_configurations(space_id, PaymentConnectorConfigurationCreate(
        name="TWINT via second", connector=TWINT_CONNECTOR, processor_configuration=processor.id,
        payment_method_configuration=method.id, state="ACTIVE", priority=7))
    assert connector.priority == 7 and connector.processor_configuration.id == processor.id

    updated = connectors.patch_payment_connector_configurations_id(connector.id, space_id,
                                                                   PaymentConnectorConfigurationUpdate(
                                                                       version=connector.version, priority=1))
    assert updated.priority == 1 and updated.version == 2
    found = connectors.get_payment_connector_configurations_search(
        space_id, query="processorConfiguration.name:\"Second simulator\" priority:<5").data
    assert [c.id for c in found] == [connector.id]

    connectors.delete_payment_connector_configurations_id(connector.id, space_id)
    refused(404, connectors.get_payment_connector_configurations_id, connector.id, space_id)


def test_bad_references_are_422(config, space_id):
    methods = PaymentMethodConfigurationsService(config)
    connectors = PaymentConnectorConfigurationsService(config)
    refused(422, methods.post_payment_method_configurations, space_id, PaymentMethodConfigurationCreate(
        payment_method=TWINT, data_collection_type="ONSITE", state="ACTIVE"))
    refused(422, methods.post_payment_method_configurations, space_id, PaymentMethodConfigurationCreate(
        payment_method=999, data_collection_type="ONSITE", state="ACTIVE"))
    card = next(m for m in methods.get_payment_method_configurations(space_id).data if m.payment_method.id == CARD)
    processor = PaymentProcessorConfigurationsService(config).get_payment_processor_configurations(space_id).data[0]
    body = refused(422, connectors.post_payment_connector_configurations, space_id, PaymentConnectorConfigurationCreate(
        connector=TWINT_CONNECTOR, processor_configuration=processor.id, payment_method_configuration=card.id,
        state="ACTIVE"))
    assert body["code"] == "connector_mismatch"
    refused(422, connectors.post_payment_connector_configurations, space_id, PaymentConnectorConfigurationCreate(
        connector=VISA_CONNECTOR, processor_configuration=999999, payment_method_configuration=card.id,
        state="ACTIVE"))


def test_sales_channels(config):
    channels = PaymentSalesChannelsService(config)
    listed = channels.get_payment_sales_channels().data
    assert [c.name["en-US"] for c in listed][:2] == ["Web", "Mobile app"]
    assert channels.get_payment_sales_channels_id(listed[0].id).sort_order == 10
