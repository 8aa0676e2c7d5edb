"""Which processor handles a payment: the one of the processor its connector configuration
belongs to. Processors configured in ``settings.processors`` (by processor id, an importable
class and its options) are made once per process; every other processor is the built-in
simulator, which works in the request's own database session (its card vault)."""

from __future__ import annotations

import importlib
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from paystead.db.models import PaymentConnectorConfiguration, PaymentProcessorConfiguration
from paystead.payments.processors.base import PaymentProcessor, ProcessorError
from paystead.payments.processors.simulator import SimulatorProcessor
from paystead.security.derived_keys import CardVault
from paystead.settings import ProcessorPlugin, Settings


# What the resolver needs of a request's or a job's context (paystead.domains.context), named
# here so that the process state, which loads the processors at start-up, is not imported back.
# Read-only members: a context's attributes of a wider type (the whole process state) fit them.
class _ProcessState(Protocol):
    @property
    def card_vault(self) -> CardVault: ...

    @property
    def processors(self) -> dict[int, PaymentProcessor]: ...  # load_processors' result, made at start-up


class ProcessingContext(Protocol):
    @property
    def session(self) -> AsyncSession: ...

    @property
    def state(self) -> _ProcessState: ...


def load_processors(settings: Settings) -> dict[int, PaymentProcessor]:
    """The configured processors by processor id, made once for the process state (a plug-in may
    keep connections open); a bad entry fails here, at start-up."""
    return {processor_id: _instantiate(processor_id, plugin) for processor_id, plugin in settings.processors.items()}


def _instantiate(processor_id: int, plugin: ProcessorPlugin) -> PaymentProcessor:
    module_name, _, class_name = plugin.implementation.partition(":")
    try:
        implementation = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise ProcessorError(f"processor {processor_id}: cannot import {plugin.implementation} ({exc})") from exc
    if not (isinstance(implementation, type) and issubclass(implementation, PaymentProcessor)):
        raise ProcessorError(f"processor {processor_id}: {plugin.implementation} is not a PaymentProcessor")
    return implementation(**plugin.options)


async def processor_for(ctx: ProcessingContext, connector_configuration_id: int | None) -> PaymentProcessor:
    """The processor of a connector configuration (a transaction's, or the one chosen for it)."""
    configured = ctx.state.processors
    if configured and connector_configuration_id is not None:
        processor_id = await ctx.session.scalar(
            select(PaymentProcessorConfiguration.processor_id)
            .join(PaymentConnectorConfiguration,
                  PaymentConnectorConfiguration.processor_configuration_id == PaymentProcessorConfiguration.id)
            .where(PaymentConnectorConfiguration.id == connector_configuration_id))
        if processor_id in configured:
            return configured[processor_id]
    return SimulatorProcessor(ctx.session, ctx.state.card_vault)
