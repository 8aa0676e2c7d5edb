"""What the official suite assumes its test space holds, prepared through the API as a user
preparing a test space would: a webhook URL and an inactive listener with the names the suite
searches for, the customer its token tests name, and a transaction completed in the past (the
sandbox's clock starts in January and is then moved to the present)."""

from __future__ import annotations

from wallee.configuration import Configuration
from wallee.models import (
    AuthenticatedCardDataCreate,
    AuthenticatedCardRequest,
    CreationEntityState,
    CustomerCreate,
    LineItemCreate,
    LineItemType,
    TransactionCompletionBehavior,
    TransactionCreate,
    TransactionState,
    WebhookListenerCreate,
    WebhookUrlCreate,
)
from wallee.service import (
    CustomersService,
    PaymentMethodConfigurationsService,
    TransactionsService,
    WebhookListenersService,
    WebhookURLsService,
)

TRANSACTION_ENTITY = 1472041829003  # wallee's listener entity id for Transaction
SUITE_CUSTOMER_ID = "7311742"


def prepare_sandbox(server, config: Configuration, credentials) -> dict:
    space = credentials.space_id
    webhook_url = WebhookURLsService(config).post_webhooks_urls(space, WebhookUrlCreate(
        name="Webhook Test URL Listener", url="https://example.com/paystead-official-suite",
        # The other official suites (TypeScript, Java, PHP, Ruby) find this URL with state:INACTIVE.
        state=CreationEntityState.INACTIVE))
    WebhookListenersService(config).post_webhooks_listeners(space, WebhookListenerCreate(
        name="Test", entity=TRANSACTION_ENTITY, entity_states=["AUTHORIZED"], url=webhook_url.id,
        state=CreationEntityState.INACTIVE))
    CustomersService(config).post_customers(space, CustomerCreate(
        customer_id=SUITE_CUSTOMER_ID, email_address="test@domain.com", given_name="Test", family_name="Customer"))
    card_configuration = _card_configuration(config, space)
    _complete_a_payment(config, space, card_configuration)
    server.cli("clock", "advance", "--space", str(space), "--to", "now")
    return {"host": server.api_url, "spaceId": space, "applicationUserId": credentials.user_id,
            "authenticationKey": credentials.key, "customerId": SUITE_CUSTOMER_ID,
            "cardConfigurationId": card_configuration}


def _card_configuration(config: Configuration, space: int) -> int:
    configurations = PaymentMethodConfigurationsService(config).get_payment_method_configurations_search(
        space, query="state:ACTIVE", order="id:ASC", limit=100).data
    return next(c.id for c in configurations if "card" in c.name.lower())


def _complete_a_payment(config: Configuration, space: int, card_configuration: int) -> None:
    transactions = TransactionsService(config)
    item = LineItemCreate(name="History", unique_id="history-1", type=LineItemType.PRODUCT, quantity=1,
                          amount_including_tax=10)
    created = transactions.post_payment_transactions(space, TransactionCreate(
        line_items=[item], currency="CHF", auto_confirmation_enabled=True, merchant_reference="Earlier sale",
        completion_behavior=TransactionCompletionBehavior.COMPLETE_IMMEDIATELY))
    card = AuthenticatedCardRequest(payment_method_configuration=card_configuration, card_data=AuthenticatedCardDataCreate(
        primary_account_number="4111111111111111", expiry_date="2032-12", card_verification_code="123"))
    paid = transactions.post_payment_transactions_id_process_card_details(created.id, space, card)
    assert paid.state == TransactionState.FULFILL, paid.state
