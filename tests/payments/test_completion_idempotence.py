"""Completing a transaction that is already completed answers its completion (issue 14), as
wallee does: its own SDK suite completes transactions the connector completed at authorization
and expects a SUCCESSFUL completion back. Nothing is made, moved or announced by that answer;
a transaction never authorized, or voided, is still refused. Also: with no completionBehavior
the connector's configuration (the simulator's: at once) decides in every way of paying, and
COMPLETE_DEFERRED leaves the transaction AUTHORIZED until completed."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select, text
from wallee.models.completion_line_item_create import CompletionLineItemCreate
from wallee.models.transaction_completion_details import TransactionCompletionDetails
from wallee.models.webhook_listener_create import WebhookListenerCreate
from wallee.models.webhook_url_create import WebhookUrlCreate
from wallee.service.transaction_completions_service import TransactionCompletionsService
from wallee.service.webhook_listeners_service import WebhookListenersService
from wallee.service.webhook_urls_service import WebhookURLsService

from paystead.db.engine import create_engine
from paystead.db.models import Event, TransactionCompletion, WebhookDelivery
from tests.payments.support import VISA_DECLINED, VISA_OK, create_transaction, pay, product
from tests.payments.test_hosted_pages import page_url, pay_form

TRANSACTION_ENTITY = 1472041829003
COMPLETION_ENTITY = 1472041831364
VERBS = ["complete-online", "complete-offline", "complete-partially-online", "complete-partially-offline"]


def _run(server, work):
    """Runs ``work(connection)`` against the server's database (reads, or a direct write)."""
    async def go():
        engine = create_engine(server.database_url)
        try:
            async with engine.begin() as connection:
                return await work(connection)
        finally:
            await engine.dispose()
    return asyncio.run(go())


def _records(server, space_id: int, transaction_id: int) -> tuple[int, int, int]:
    """The transaction's completion rows, and the space's event and webhook delivery rows."""
    async def work(connection):
        async def count(query):
            return (await connection.execute(query)).scalar_one()
        return (await count(select(func.count()).select_from(TransactionCompletion)
                            .where(TransactionCompletion.transaction_id == transaction_id)),
                await count(select(func.count()).select_from(Event).where(Event.space_id == space_id)),
                await count(select(func.count()).select_from(WebhookDelivery)
                            .where(WebhookDelivery.space_id == space_id)))
    return _run(server, work)


def _listen_to_everything(config, space_id: int) -> None:
    """Listeners that want every change of transactions and completions, so that any event or
    row update would leave a delivery row (the outbox)."""
    url = WebhookURLsService(config).post_webhooks_urls(space_id, WebhookUrlCreate(
        name="sink", url="http://127.0.0.1:9/hooks"))
    for entity in (TRANSACTION_ENTITY, COMPLETION_ENTITY):
        WebhookListenersService(config).post_webhooks_listeners(space_id, WebhookListenerCreate(
            name=f"all {entity}", entity=entity, url=url.id, notify_every_change=True))


def _request(http, space_id: int, transaction_id: int, verb: str, body: dict | None = None) -> httpx.Response:
    if "partially" in verb and body is None:
        body = {"externalId": "again"}
    return http.post(f"/payment/transactions/{transaction_id}/{verb}", space=space_id, json=body)


def _authorized(transactions, space_id, *items, **fields):
    created = create_transaction(transactions, space_id, *items, completion_behavior="COMPLETE_DEFERRED", **fields)
    assert pay(transactions, space_id, created.id).state.value == "AUTHORIZED"
    return created


# --- completing what is completed -------------------------------------------------------------

@pytest.mark.parametrize("verb", VERBS)
def test_completing_a_completed_transaction_answers_its_completion_and_changes_nothing(
        server, config, http, transactions, space_id, verb):
    _listen_to_everything(config, space_id)
    created = create_transaction(transactions, space_id, product("a", "29.95"))  # no completionBehavior
    paid = pay(transactions, space_id, created.id)
    assert paid.state.value == "FULFILL"
    completion = TransactionCompletionsService(config).get_payment_transactions_completions_search(
        space_id, query=f"linkedTransaction:{created.id}").data[0]
    assert completion.mode.value == "DIRECT"
    before = http.get(f"/payment/transactions/{created.id}", space=space_id).json()
    records = _records(server, space_id, created.id)
    assert records[0] == 1 and records[2] > 0  # the listeners do see this space's changes

    answer = _request(http, space_id, created.id, verb)
    assert answer.status_code == 200, answer.text
    assert answer.json() == http.get(f"/payment/transactions/completions/{completion.id}", space=space_id).json()
    assert answer.json()["state"] == "SUCCESSFUL"
    # Also with other lines than those completed: there is nothing left to complete.
    if "partially" in verb:
        other = _request(http, space_id, created.id, verb, {"lineItems": [
            {"uniqueId": "a", "quantity": 1, "amount": 5}], "lastCompletion": True})
        assert other.status_code == 200 and other.json()["id"] == completion.id, other.text
    assert http.get(f"/payment/transactions/{created.id}", space=space_id).json() == before
    assert _records(server, space_id, created.id) == records


def test_the_official_sdk_gets_the_completion_back(transactions, space_id):
    created = create_transaction(transactions, space_id)
    pay(transactions, space_id, created.id)
    first = transactions.post_payment_transactions_id_complete_online(created.id, space_id)
    assert first.state.value == "SUCCESSFUL" and first.linked_transaction == created.id
    for again in (transactions.post_payment_transactions_id_complete_offline(created.id, space_id),
                  transactions.post_payment_transactions_id_complete_partially_online(
                      created.id, space_id, TransactionCompletionDetails(external_id="x")),
                  transactions.post_payment_transactions_id_complete_partially_offline(
                      created.id, space_id, TransactionCompletionDetails(external_id="y"))):
        assert again.id == first.id and again.state.value == "SUCCESSFUL"
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "FULFILL"


def test_several_completions_answer_the_last(server, http, transactions, space_id):
    created = _authorized(transactions, space_id, product("a", "60.00"), product("b", "40.00"))
    partial = transactions.post_payment_transactions_id_complete_partially_online(
        created.id, space_id, TransactionCompletionDetails(
            line_items=[CompletionLineItemCreate(unique_id="a", quantity=1, amount=60.0)], last_completion=False))
    # Not completed yet: a further completion is a new one, for what is left.
    rest = transactions.post_payment_transactions_id_complete_offline(created.id, space_id)
    assert rest.id != partial.id and rest.amount == 40
    records = _records(server, space_id, created.id)
    for verb in VERBS:
        answer = _request(http, space_id, created.id, verb)
        assert answer.status_code == 200 and answer.json()["id"] == rest.id, answer.text
    assert _records(server, space_id, created.id) == records
    assert transactions.get_payment_transactions_id(created.id, space_id).completed_amount == 100


def test_a_void_after_a_partial_completion_ends_completed_and_answers_that_completion(http, transactions, space_id):
    created = _authorized(transactions, space_id, product("a", "60.00"), product("b", "40.00"))
    partial = transactions.post_payment_transactions_id_complete_partially_online(
        created.id, space_id, TransactionCompletionDetails(
            line_items=[CompletionLineItemCreate(unique_id="a", quantity=1, amount=60.0)], last_completion=False))
    transactions.post_payment_transactions_id_void_online(created.id, space_id)
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "FULFILL"
    answer = _request(http, space_id, created.id, "complete-online")
    assert answer.status_code == 200 and answer.json()["id"] == partial.id, answer.text
    assert transactions.get_payment_transactions_id(created.id, space_id).completed_amount == 60


def test_what_was_never_authorized_or_was_voided_is_still_refused(server, http, transactions, space_id):
    voided = _authorized(transactions, space_id)
    transactions.post_payment_transactions_id_void_online(voided.id, space_id)
    pending = create_transaction(transactions, space_id)
    failed = create_transaction(transactions, space_id)
    assert pay(transactions, space_id, failed.id, VISA_DECLINED).state.value == "FAILED"
    for transaction, state in ((voided, "VOIDED"), (pending, "PENDING"), (failed, "FAILED")):
        records = _records(server, space_id, transaction.id)
        for verb in VERBS:
            answer = _request(http, space_id, transaction.id, verb)
            assert answer.status_code == 422, (state, verb, answer.text)
            assert answer.json()["code"] == "invalid_state_transition"
        assert _records(server, space_id, transaction.id) == records
        assert transactions.get_payment_transactions_id(transaction.id, space_id).state.value == state


def test_a_completion_under_way_is_answered_instead_of_a_second_one(server, http, transactions, space_id):
    """No completion stays PENDING with the simulator, but a connector's may: a row made so
    stands for one. Completing again would capture what the ledger does not count yet."""
    created = _authorized(transactions, space_id, product("a", "60.00"), product("b", "40.00"))
    partial = transactions.post_payment_transactions_id_complete_partially_online(
        created.id, space_id, TransactionCompletionDetails(
            line_items=[CompletionLineItemCreate(unique_id="a", quantity=1, amount=60.0)], last_completion=False))

    async def under_way(connection):
        await connection.execute(text("UPDATE transaction_completions SET state = 'PENDING' WHERE id = :id"),
                                 {"id": partial.id})
    _run(server, under_way)
    records = _records(server, space_id, created.id)
    for verb in VERBS:
        answer = _request(http, space_id, created.id, verb)
        assert answer.status_code == 200 and answer.json()["id"] == partial.id, answer.text
        assert answer.json()["state"] == "PENDING"
    assert _records(server, space_id, created.id) == records
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "AUTHORIZED"


@pytest.mark.parametrize("verbs", [("complete-online", "complete-online"),
                                   ("complete-online", "complete-partially-offline")])
def test_two_completions_at_once_make_one(server, http, transactions, space_id, verbs):
    ids = [_authorized(transactions, space_id, product("a", "10.00")).id for _ in range(6)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda call: _request(http, space_id, *call),
                                [(transaction_id, verb) for transaction_id in ids for verb in verbs]))
    for index, transaction_id in enumerate(ids):
        pair = answers[2 * index: 2 * index + 2]
        assert [answer.status_code for answer in pair] == [200, 200], [answer.text for answer in pair]
        assert [answer.json()["state"] for answer in pair] == ["SUCCESSFUL", "SUCCESSFUL"]
        assert pair[0].json()["id"] == pair[1].json()["id"]
        assert _records(server, space_id, transaction_id)[0] == 1
        read = transactions.get_payment_transactions_id(transaction_id, space_id)
        assert read.state.value == "FULFILL" and read.completed_amount == 10


# --- who decides when to complete -------------------------------------------------------------

def _pay(flow: str, transactions, space_id: int, transaction_id: int, token_id: int) -> None:
    if flow == "process-card-details":
        pay(transactions, space_id, transaction_id)
    elif flow == "process-with-token":
        charge = transactions.post_payment_transactions_id_process_with_token(transaction_id, space_id)
        assert charge.state.value == "SUCCESSFUL"
    elif flow == "hosted page":
        assert pay_form(page_url(transactions, space_id, transaction_id)).status_code == 303
    else:  # one-click, through the transaction's credentials
        credentials = transactions.get_payment_transactions_id_credentials(transaction_id, space_id)
        versions = transactions.get_payment_transactions_by_credentials_credentials_one_click_tokens(
            credentials, space_id).data
        version = next(version for version in versions if version.token.id == token_id)
        assert transactions.post_payment_transactions_by_credentials_credentials_one_click_tokens_id_process(
            credentials, version.id, space_id)


FLOWS = ["process-card-details", "process-with-token", "hosted page", "one-click"]


@pytest.mark.parametrize("behavior, state", [(None, "FULFILL"), ("USE_CONFIGURATION", "FULFILL"),
                                             ("COMPLETE_IMMEDIATELY", "FULFILL"), ("COMPLETE_DEFERRED", "AUTHORIZED")])
def test_the_completion_behavior_in_every_way_of_paying(transactions, space_id, behavior, state):
    fields = {"completion_behavior": behavior} if behavior else {}
    customer = f"completion-{behavior}"
    tokenized = create_transaction(transactions, space_id, customer_id=customer,
                                   tokenization_mode="FORCE_CREATION_WITH_ONE_CLICK_PAYMENT")
    token = pay(transactions, space_id, tokenized.id, VISA_OK).token
    for flow in FLOWS:
        created = create_transaction(transactions, space_id, customer_id=customer, **fields,
                                     **({"token": token.id} if flow == "process-with-token" else {}))
        _pay(flow, transactions, space_id, created.id, token.id)
        read = transactions.get_payment_transactions_id(created.id, space_id)
        assert read.state.value == state, flow
        assert read.completion_behavior.value == (behavior or "COMPLETE_IMMEDIATELY"), flow
        if state == "AUTHORIZED":
            # Until completed: then it is completed once, and completing again answers that.
            completion = transactions.post_payment_transactions_id_complete_online(created.id, space_id)
            assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "FULFILL"
            assert transactions.post_payment_transactions_id_complete_online(created.id, space_id).id \
                == completion.id
