"""Flows wallee's shop plugins (WooCommerce, Magento, Shopware, plugin-core) and the other official
SDK suites (TypeScript, Java, PHP, Ruby) drive, beyond what the Python suite covers: the calls,
queries and expectations they rely on, through the official Python SDK on both databases."""

from __future__ import annotations

import time
import uuid

import pytest
from wallee.exceptions import ApiException
from wallee.models import (
    CreationEntityState,
    LineItemReductionCreate,
    RefundCreate,
    RefundState,
    RefundType,
    TransactionCompletionBehavior,
    TransactionCompletionState,
    TransactionLineItemVersionCreate,
    TransactionPending,
    TransactionState,
    WebhookListenerCreate,
    WebhookListenerUpdate,
    WebhookUrlCreate,
    WebhookUrlUpdate,
)
from wallee.service import (
    ChargeAttemptsService,
    RefundsService,
    TransactionInvoicesService,
    TransactionLineItemVersionsService,
    TransactionsService,
    WebhookListenersService,
    WebhookURLsService,
)

from tests.payments.support import create_transaction, pay, product

TRANSACTION_ENTITY = 1472041829003
REFUND_ENTITY = 1472041839405


@pytest.fixture()
def transactions(config) -> TransactionsService:
    return TransactionsService(config)


@pytest.fixture()
def space(admin) -> int:
    return admin.space_id


def test_webhook_installation_as_the_plugins_do_it(config, space):
    urls, listeners = WebhookURLsService(config), WebhookListenersService(config)
    address = f"https://shop.example.com/wallee/webhook/{uuid.uuid4().hex}"
    assert urls.get_webhooks_urls_search(space, query=f'state:ACTIVE AND url:"{address}"', limit=1).data == []
    url = urls.post_webhooks_urls(space, WebhookUrlCreate(name="Shop", url=address, state=CreationEntityState.ACTIVE))
    assert [u.id for u in urls.get_webhooks_urls_search(space, query=f'state:ACTIVE AND url:"{address}"',
                                                        limit=1).data] == [url.id]
    created = [listeners.post_webhooks_listeners(space, WebhookListenerCreate(
        entity=entity, entity_states=states, name=f"Shop {entity}", notify_every_change=False,
        state=CreationEntityState.ACTIVE, url=url.id))
        for entity, states in ((TRANSACTION_ENTITY, ["AUTHORIZED", "FULFILL", "FAILED"]), (REFUND_ENTITY, ["SUCCESSFUL"]))]
    found = listeners.get_webhooks_listeners_search(space, query=f"state:ACTIVE AND url.id:{url.id}", limit=100,
                                                    order="id:DESC").data
    assert sorted(listener.id for listener in found) == sorted(listener.id for listener in created)

    # Read-modify-write updates carry only the id, the version read and what changes.
    listener = listeners.get_webhooks_listeners_id(created[0].id, space)
    changed = listeners.patch_webhooks_listeners_id(listener.id, space, WebhookListenerUpdate(
        version=listener.version, entity_states=["AUTHORIZED"]))
    assert changed.entity_states == ["AUTHORIZED"] and changed.version == listener.version + 1
    read_url = urls.get_webhooks_urls_id(url.id, space)
    moved = urls.patch_webhooks_urls_id(url.id, space, WebhookUrlUpdate(version=read_url.version, url=address + "/v2"))
    assert moved.url == address + "/v2"
    with pytest.raises(ApiException) as stale:
        urls.patch_webhooks_urls_id(url.id, space, WebhookUrlUpdate(version=read_url.version - 1, url=address))
    assert stale.value.status == 409


def test_a_listener_keeps_the_state_it_is_created_with_and_its_url_reference(config, space):
    url = WebhookURLsService(config).post_webhooks_urls(space, WebhookUrlCreate(
        name="Inactive URL", url="https://shop.example.com/hook", state=CreationEntityState.INACTIVE))
    listener = WebhookListenersService(config).post_webhooks_listeners(space, WebhookListenerCreate(
        name="Inactive", entity=TRANSACTION_ENTITY, url=url.id, state=CreationEntityState.INACTIVE), expand=[])
    assert listener.state == CreationEntityState.INACTIVE
    assert listener.url.id == url.id  # collapsed, but the reference keeps its id
    found = WebhookURLsService(config).get_webhooks_urls_search(
        space, query=f"name:'Inactive URL' AND state:INACTIVE AND id:{url.id}", order="id:DESC", limit=1).data
    assert [(u.id, u.state) for u in found] == [(url.id, CreationEntityState.INACTIVE)]


def test_checkout_as_a_shop_plugin_drives_it(config, space, transactions):
    pending = create_transaction(transactions, space, product("tshirt", "59.90", quantity="2"),
                                 auto_confirmation_enabled=False, completion_behavior=TransactionCompletionBehavior.COMPLETE_DEFERRED)
    for mode in ("payment_page", "iframe", "lightbox", "PAYMENT_PAGE", "Iframe"):
        methods = transactions.get_payment_transactions_id_payment_method_configurations(pending.id, mode, space).data
        assert methods, mode
    card_method = next(m.id for m in methods if "card" in m.name.lower())
    script = transactions.get_payment_transactions_id_iframe_javascript_url(pending.id, space)
    assert str(pending.id) in script

    # The plugins update the pending transaction with the version they read, then confirm it
    # with the one method the buyer chose.
    updated = transactions.patch_payment_transactions_id(pending.id, space, TransactionPending(
        version=pending.version, language="en-US", meta_data={"customerNotes": "ring twice"}))
    assert updated.language == "en-US" and updated.state == TransactionState.PENDING
    confirmed = transactions.post_payment_transactions_id_confirm(pending.id, space, TransactionPending(
        version=updated.version, allowed_payment_method_configurations=[card_method]))
    assert confirmed.state == TransactionState.CONFIRMED
    assert transactions.get_payment_transactions_id(pending.id, space).allowed_payment_method_configurations == [card_method]

    authorized = pay(transactions, space, pending.id)
    assert authorized.state == TransactionState.AUTHORIZED
    attempts = ChargeAttemptsService(config).get_payment_charge_attempts_search(
        space, query=f"charge.transaction.id:{pending.id} AND state:SUCCESSFUL", limit=1).data
    assert len(attempts) == 1

    # The shop's order changed before capture: a new line-item version, then complete online.
    TransactionLineItemVersionsService(config).post_payment_transactions_line_item_versions(
        space, TransactionLineItemVersionCreate(transaction=pending.id, external_id=str(uuid.uuid4()),
                                                line_items=[product("tshirt", "29.95")]))
    completion = transactions.post_payment_transactions_id_complete_online(pending.id, space)
    assert completion.state == TransactionCompletionState.SUCCESSFUL

    invoices = TransactionInvoicesService(config).get_payment_transactions_invoices_search(
        space, query=f"completion.lineItemVersion.transaction.id:{pending.id} AND -state:CANCELED", limit=1).data
    assert len(invoices) == 1 and invoices[0].amount == pytest.approx(29.95)

    refunds = RefundsService(config)
    first = refunds.post_payment_refunds(space, RefundCreate(
        transaction=pending.id, external_id=str(uuid.uuid4()), type=RefundType.MERCHANT_INITIATED_ONLINE,
        reductions=[LineItemReductionCreate(line_item_unique_id="tshirt", quantity_reduction=0, unit_price_reduction=5)]))
    assert first.state == RefundState.SUCCESSFUL
    second_id = str(uuid.uuid4())
    second = refunds.post_payment_refunds(space, RefundCreate(
        transaction=pending.id, external_id=second_id, type=RefundType.MERCHANT_INITIATED_ONLINE, amount=4.95))
    # Idempotency lookup by externalId, and "the previous successful refund" as WooCommerce asks it.
    assert [r.id for r in refunds.get_payment_refunds_search(space, query=f'externalId:"{second_id}"', limit=1).data] \
        == [second.id]
    previous = refunds.get_payment_refunds_search(
        space, query=f"state:SUCCESSFUL AND transaction.id:{pending.id} AND -id:{second.id}", order="createdOn:DESC",
        limit=1).data
    assert [r.id for r in previous] == [first.id]


def test_complete_offline_leaves_authorized(transactions, space):
    created = create_transaction(transactions, space, completion_behavior=TransactionCompletionBehavior.COMPLETE_DEFERRED)
    pay(transactions, space, created.id)
    completion = transactions.post_payment_transactions_id_complete_offline(created.id, space)
    assert completion.state in (TransactionCompletionState.SUCCESSFUL, TransactionCompletionState.PENDING)
    assert transactions.get_payment_transactions_id(created.id, space).state != TransactionState.AUTHORIZED


def test_recurring_charge_with_a_token_without_interaction(transactions, space):
    """The subscription plugins create a transaction with the buyer's token, process it without
    interaction and wait for the outcome (by webhook; here by reading)."""
    first = create_transaction(transactions, space, customer_id=f"c-{uuid.uuid4().hex[:8]}",
                               tokenization_mode="FORCE_CREATION")
    paid = pay(transactions, space, first.id)
    assert paid.token is not None
    renewal = create_transaction(transactions, space, customer_id=first.customer_id, token=paid.token.id)
    answered = transactions.post_payment_transactions_id_process_without_interaction(renewal.id, space)
    assert answered.state == TransactionState.PROCESSING
    deadline = time.monotonic() + 30
    while transactions.get_payment_transactions_id(renewal.id, space).state == TransactionState.PROCESSING:
        assert time.monotonic() < deadline, "the worker never finished the renewal"
        time.sleep(0.2)
    assert transactions.get_payment_transactions_id(renewal.id, space).state == TransactionState.FULFILL
