"""Whether a token can be created from a transaction (``check-token-creation-possible``): the
transaction is the source of the token's payment information, so it must have been authorized
(whatever came after: completed, fulfilled, declined, or voided) by a payment method whose
information the simulator can store, a card. One never authorized (pending, processing, failed)
holds nothing to store.

The transaction's tokenization mode does not enter into it: the mode says whether a token is
made automatically at authorization, not whether the payment information allows one (wallee's
SDK suite finds it true both for a transaction without a mode and for one that already made a
token with FORCE_CREATION)."""

from __future__ import annotations

from sqlalchemy import select

from paystead.db.models import PaymentConnector, PaymentConnectorConfiguration, Transaction
from paystead.domains.reference import catalog
from paystead.domains.context import DomainContext

# Methods whose payment information a processor keeps for later charges (processing.TOKENIZABLE_METHODS).
_TOKENIZABLE_METHODS = (catalog.CARD,)


async def token_creation_possible(ctx: DomainContext, transaction: Transaction) -> bool:
    if transaction.authorized_on is None or transaction.payment_connector_configuration_id is None:
        return False
    method = await ctx.session.scalar(
        select(PaymentConnector.payment_method_id)
        .join(PaymentConnectorConfiguration, PaymentConnectorConfiguration.connector_id == PaymentConnector.id)
        .where(PaymentConnectorConfiguration.id == transaction.payment_connector_configuration_id))
    return method in _TOKENIZABLE_METHODS
