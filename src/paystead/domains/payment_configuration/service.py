"""Rules of the payment configuration: what a configuration may point at, and the ready-made
simulator setup that a sandbox space starts with."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from paystead.db.models import (
    PaymentConnector,
    PaymentConnectorConfiguration,
    PaymentMethod,
    PaymentMethodConfiguration,
    PaymentProcessor,
    PaymentProcessorConfiguration,
)
from paystead.domains.reference import catalog
from paystead.errors import UnprocessableEntity
from paystead.payments.lifecycles import CreationEntityState
from paystead.domains.context import DomainContext
from paystead.resources.creation_states import settable_state
from paystead.resources.registry import ResourceService


async def _in_space(ctx: DomainContext, model, object_id: int, field: str):
    row = await ctx.session.scalar(select(model).where(model.id == object_id, model.space_id == ctx.space.id,
                                                       model.state.in_(CreationEntityState.LIVE)))
    if row is None:
        raise UnprocessableEntity(f"{field} {object_id} does not exist in this space", code="unknown_reference",
                                  errors={field: f"no such object: {object_id}"})
    return row


async def method_configuration_ids_in_space(ctx: DomainContext, ids: list, field: str) -> list[int]:
    """``ids`` (payment method configurations a transaction or a payment link is limited to),
    without repeats, once each is known to be a live configuration of ``ctx.space``; anything
    else (another space's, a deleted one, not an id) is a 422 naming ``field``."""
    if any(not isinstance(ident, int) or isinstance(ident, bool) for ident in ids):
        raise UnprocessableEntity(f"{field}: every item must be a payment method configuration id",
                                  code="invalid_reference", errors={field: "every item needs its id"})
    ids = list(dict.fromkeys(ids))
    if ids:
        found = set((await ctx.session.scalars(select(PaymentMethodConfiguration.id).where(
            PaymentMethodConfiguration.space_id == ctx.space.id, PaymentMethodConfiguration.id.in_(ids),
            PaymentMethodConfiguration.state.in_(CreationEntityState.LIVE)))).all())
        missing = [ident for ident in ids if ident not in found]
        if missing:
            raise UnprocessableEntity(
                f"{field}: no such payment method configuration in this space: {missing[0]}",
                code="unknown_reference", errors={field: f"no such payment method configuration in this space: "
                                                         f"{missing[0]}"})
    return ids


class ProcessorConfigurationService(ResourceService):
    handled = ("processor", "state")  # checked

    async def create(self, ctx: DomainContext, data: dict) -> PaymentProcessorConfiguration:
        if await ctx.session.get(PaymentProcessor, data["processor"]) is None:
            raise UnprocessableEntity(f"processor {data['processor']} does not exist", code="unknown_reference",
                                      errors={"processor": "no such payment processor"})
        row = PaymentProcessorConfiguration(space_id=ctx.space.id, name=data.get("name"),
                                            state=settable_state(data, "ACTIVE"), processor_id=data["processor"])
        ctx.session.add(row)
        return row

    async def update(self, ctx: DomainContext, row, data: dict) -> None:
        self.write(row, "PaymentProcessorConfigurationActive", data)
        if "state" in data:
            row.state = settable_state(data)


class MethodConfigurationService(ResourceService):
    handled = ("paymentMethod", "dataCollectionType", "state")  # checked (the first two by the create)

    async def create(self, ctx: DomainContext, data: dict) -> PaymentMethodConfiguration:
        method = await ctx.session.get(PaymentMethod, data["paymentMethod"])
        if method is None:
            raise UnprocessableEntity(f"paymentMethod {data['paymentMethod']} does not exist",
                                      code="unknown_reference", errors={"paymentMethod": "no such payment method"})
        if data["dataCollectionType"] not in method.data_collection_types:
            raise UnprocessableEntity(f"{data['dataCollectionType']} data collection is not offered by this method",
                                      code="unsupported_data_collection",
                                      errors={"dataCollectionType": f"one of {', '.join(method.data_collection_types)}"})
        row = PaymentMethodConfiguration(space_id=ctx.space.id, state=settable_state(data), payment_method_id=method.id,
                                         data_collection_type=data["dataCollectionType"])
        await self.update(ctx, row, {k: v for k, v in data.items() if k != "state"})
        if row.one_click_payment_mode is None:
            row.one_click_payment_mode = "DISABLED"
        ctx.session.add(row)
        return row

    async def update(self, ctx: DomainContext, row, data: dict) -> None:
        # Also the create's: the create body's other plain fields are the update's.
        self.write(row, "PaymentMethodConfigurationUpdate", data)
        if "state" in data:
            row.state = settable_state(data)


class ConnectorConfigurationService(ResourceService):
    # Checked, or stored as lists of ids (the first three by the create).
    handled = ("connector", "processorConfiguration", "paymentMethodConfiguration", "state", "conditions",
               "enabledSalesChannels", "enabledSpaceViews")

    async def create(self, ctx: DomainContext, data: dict) -> PaymentConnectorConfiguration:
        connector = await ctx.session.get(PaymentConnector, data["connector"])
        if connector is None:
            raise UnprocessableEntity(f"connector {data['connector']} does not exist", code="unknown_reference",
                                      errors={"connector": "no such payment connector"})
        processor_configuration = await _in_space(ctx, PaymentProcessorConfiguration,
                                                  data["processorConfiguration"], "processorConfiguration")
        method_configuration = await _in_space(ctx, PaymentMethodConfiguration,
                                               data["paymentMethodConfiguration"], "paymentMethodConfiguration")
        if processor_configuration.processor_id != connector.processor_id:
            raise UnprocessableEntity("The connector belongs to another processor than the processor configuration",
                                      code="connector_mismatch", errors={"connector": "processor differs"})
        if method_configuration.payment_method_id != connector.payment_method_id:
            raise UnprocessableEntity("The connector serves another payment method than the method configuration",
                                      code="connector_mismatch", errors={"connector": "payment method differs"})
        row = PaymentConnectorConfiguration(
            space_id=ctx.space.id, state=settable_state(data), connector_id=connector.id,
            processor_configuration_id=processor_configuration.id,
            payment_method_configuration_id=method_configuration.id)
        await self.update(ctx, row, {k: v for k, v in data.items() if k != "state"})
        if row.priority is None:
            row.priority = 0
        ctx.session.add(row)
        return row

    async def update(self, ctx: DomainContext, row, data: dict) -> None:
        # Also the create's: the create body's other plain fields are the update's.
        self.write(row, "PaymentConnectorConfigurationUpdate", data)
        if "conditions" in data:
            row.condition_ids = [_ref_id(item, "conditions") for item in data["conditions"] or []]
        if "enabledSalesChannels" in data:
            row.enabled_sales_channel_ids = [_ref_id(item, "enabledSalesChannels")
                                             for item in data["enabledSalesChannels"] or []]
        if "enabledSpaceViews" in data:
            row.enabled_space_view_ids = list(data["enabledSpaceViews"] or [])
        if "state" in data:
            row.state = settable_state(data)


def _ref_id(item, field: str) -> int:
    ident = item.get("id") if isinstance(item, dict) else None
    if not isinstance(ident, int):
        raise UnprocessableEntity(f"every item of {field} needs its id", code="invalid_reference",
                                  errors={field: "item without id"})
    return ident


# --- the sandbox's ready setup ------------------------------------------------------------------

async def create_simulator_setup(session: AsyncSession, space_id: int) -> None:
    """The simulator's processor configuration, a method configuration per payment method and a
    connector configuration per simulator connector: card payments (Visa, Mastercard, American
    Express), TWINT and invoice work at once."""
    processor = PaymentProcessorConfiguration(space_id=space_id, name="Paystead simulator", state="ACTIVE",
                                              processor_id=catalog.SIMULATOR)
    session.add(processor)
    methods: dict[int, PaymentMethodConfiguration] = {}
    for order, method in enumerate(catalog.PAYMENT_METHODS):
        methods[method["id"]] = PaymentMethodConfiguration(
            space_id=space_id, name=method["name"]["en-US"], state="ACTIVE", payment_method_id=method["id"],
            data_collection_type=method["data_collection_types"][0], one_click_payment_mode="ALLOW",
            title=method["name"], description=method["description"], sort_order=order)
    session.add_all(methods.values())
    await session.flush()
    for priority, connector in enumerate(catalog.PAYMENT_CONNECTORS):
        session.add(PaymentConnectorConfiguration(
            space_id=space_id, name=connector["name"]["en-US"], state="ACTIVE", connector_id=connector["id"],
            processor_configuration_id=processor.id,
            payment_method_configuration_id=methods[connector["payment_method_id"]].id, priority=priority))
    await session.flush()
