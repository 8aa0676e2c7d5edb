"""Which connector configuration may process a transaction: active (with its processor and
method configuration), supporting the transaction's currency, allowed by the transaction's
lists, and for cards serving the card's brand; the lowest priority number wins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from paystead.db.models import (
    PaymentConnector,
    PaymentConnectorConfiguration,
    PaymentMethodConfiguration,
    PaymentProcessorConfiguration,
    Transaction,
)
from paystead.domains.context import DomainContext

# Card schemes by issuer number range (paystead.payments.cards.brand_of) -> the brand catalog's ids.
BRAND_IDS = {"VISA": 1, "MASTERCARD": 2, "AMERICAN_EXPRESS": 3, "DINERS_CLUB": 4, "DISCOVER": 5, "JCB": 6,
             "MAESTRO": 7, "UNIONPAY": 8}


@dataclass(frozen=True)
class Applicable:
    configuration: PaymentConnectorConfiguration
    connector: PaymentConnector
    method_configuration: PaymentMethodConfiguration


async def applicable_connectors(ctx: DomainContext, transaction: Transaction) -> list[Applicable]:
    rows = (await ctx.session.execute(
        select(PaymentConnectorConfiguration, PaymentConnector, PaymentMethodConfiguration)
        .join(PaymentConnector, PaymentConnector.id == PaymentConnectorConfiguration.connector_id)
        .join(PaymentMethodConfiguration,
              PaymentMethodConfiguration.id == PaymentConnectorConfiguration.payment_method_configuration_id)
        .join(PaymentProcessorConfiguration,
              PaymentProcessorConfiguration.id == PaymentConnectorConfiguration.processor_configuration_id)
        .where(PaymentConnectorConfiguration.space_id == transaction.space_id,
               PaymentConnectorConfiguration.state == "ACTIVE",
               PaymentMethodConfiguration.state == "ACTIVE",
               PaymentProcessorConfiguration.state == "ACTIVE")
        .order_by(PaymentConnectorConfiguration.priority, PaymentConnectorConfiguration.id)
    )).all()
    allowed_methods = set(transaction.allowed_payment_method_configurations or [])
    allowed_brands = set(transaction.allowed_payment_method_brands or [])
    found = []
    for configuration, connector, method_configuration in rows:
        if transaction.currency not in (connector.supported_currencies or []):
            continue
        if allowed_methods and method_configuration.id not in allowed_methods:
            continue
        if allowed_brands and connector.payment_method_brand_id is not None \
                and connector.payment_method_brand_id not in allowed_brands:
            continue
        found.append(Applicable(configuration, connector, method_configuration))
    return found


def for_card(applicable: list[Applicable], brand_id: int, method_configuration_id: int | None) -> Applicable | None:
    for candidate in applicable:
        if candidate.connector.payment_method_brand_id != brand_id:
            continue
        if method_configuration_id is not None and candidate.method_configuration.id != method_configuration_id:
            continue
        return candidate
    return None
