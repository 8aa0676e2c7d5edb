"""Processing the worker finishes sends the webhooks the synchronous path sends, with the
default delay (the webhook tests' hook_server) and without one (the session's server); the work is
durable across a restart, a cancel wins over work still pending, and several workers do each
job once."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import pytest
from wallee.configuration import Configuration
from wallee.models.space_create import SpaceCreate
from wallee.service.spaces_service import SpacesService
from wallee.service.transactions_service import TransactionsService

from tests.conftest import BACKENDS, FAST_PROCESSING, running_server, sdk_config
from tests.payments.support import create_transaction, settled, sql
from tests.webhooks.test_webhook_delivery import bodies, listen

PAID = ["PENDING", "CONFIRMED", "PROCESSING", "AUTHORIZED", "COMPLETED", "FULFILL"]
CANCELED = ["PENDING", "CONFIRMED", "PROCESSING", "FAILED"]


def states(receiver, path: str, count: int) -> list[str]:
    return [body["state"] for body in bodies(receiver.wait_for(path, count))]


def jobs_done(server, transaction_id: int, within: float = 30.0) -> bool:
    """Polls the worker's job rows of a transaction until none is pending."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        pending = sql(server, "SELECT count(*) FROM processing_jobs WHERE transaction_id = :id AND state = 'PENDING'",
                      id=transaction_id)[0][0]
        if pending == 0:
            return True
        time.sleep(0.05)
    return False


def test_process_without_interaction_with_the_default_delay(hook_config, space_id, receiver):
    path = listen(hook_config, space_id, receiver)
    transactions = TransactionsService(hook_config)
    created = create_transaction(transactions, space_id)
    assert transactions.post_payment_transactions_id_process_without_interaction(
        created.id, space_id).state.value == "PROCESSING"
    assert states(receiver, path, len(PAID)) == PAID
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "FULFILL"


def test_a_cancel_wins_over_the_pending_level(hook_server, hook_config, space_id, receiver):
    path = listen(hook_config, space_id, receiver)
    transactions = TransactionsService(hook_config)
    created = create_transaction(transactions, space_id)
    transactions.post_payment_transactions_id_charge_flow_apply(created.id, space_id)
    assert transactions.post_payment_transactions_id_charge_flow_cancel(created.id, space_id).state.value == "FAILED"
    assert jobs_done(hook_server, created.id)
    assert transactions.get_payment_transactions_id(created.id, space_id).state.value == "FAILED"
    assert states(receiver, path, len(CANCELED)) == CANCELED


@pytest.fixture()
def prompt_space(server, admin) -> tuple[Configuration, int]:
    config = sdk_config(server, admin)
    space = SpacesService(config).post_spaces(SpaceCreate(
        name=f"Processing {uuid.uuid4().hex[:8]}", account=admin.account_id, primary_currency="CHF"))
    return config, space.id


def test_process_without_interaction_without_delay(prompt_space, receiver):
    config, space_id = prompt_space
    path = listen(config, space_id, receiver)
    transactions = TransactionsService(config)
    created = create_transaction(transactions, space_id)
    assert transactions.post_payment_transactions_id_process_without_interaction(
        created.id, space_id).state.value == "PROCESSING"
    assert states(receiver, path, len(PAID)) == PAID


@pytest.mark.parametrize("backend", BACKENDS)
def test_work_survives_a_restart_and_several_workers_do_it_once(backend, tmp_path_factory):
    with running_server(backend, tmp_path_factory, PAYSTEAD_EMBEDDED_WORKER="false", **FAST_PROCESSING) as server:
        config = sdk_config(server, server.credentials)
        transactions = TransactionsService(config)
        space_id = server.credentials.space_id
        invoiced = [create_transaction(transactions, space_id) for _ in range(6)]
        for transaction in invoiced:
            transactions.post_payment_transactions_id_process_without_interaction(transaction.id, space_id)
        canceled = create_transaction(transactions, space_id)
        transactions.post_payment_transactions_id_charge_flow_apply(canceled.id, space_id)
        transactions.post_payment_transactions_id_charge_flow_cancel(canceled.id, space_id)
        server.stop()
        server.start()  # no worker ran yet: the work is only in the database
        assert transactions.get_payment_transactions_id(invoiced[0].id, space_id).state.value == "PROCESSING"
        logs = [open(server.data_dir / f"worker-{n}.log", "w") for n in range(2)]
        workers = [subprocess.Popen([sys.executable, "-m", "paystead", "worker"], env=server.env(), stdout=log,
                                    stderr=subprocess.STDOUT) for log in logs]
        try:
            for transaction in invoiced:
                assert settled(transactions, space_id, transaction.id, within=90).state.value == "FULFILL"
            assert jobs_done(server, canceled.id, within=90)
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(timeout=30)
            for log in logs:
                log.close()
        assert transactions.get_payment_transactions_id(canceled.id, space_id).state.value == "FAILED"
        ids = [transaction.id for transaction in invoiced]
        authorized = sql(server, "SELECT entity_id, count(*) FROM events WHERE entity = 'Transaction' "
                                 "AND state = 'AUTHORIZED' AND space_id = :space GROUP BY entity_id", space=space_id)
        assert sorted(authorized) == [(ident, 1) for ident in sorted(ids)]
        attempts = sql(server, "SELECT transaction_id, count(*) FROM charge_attempts WHERE space_id = :space "
                               "GROUP BY transaction_id", space=space_id)
        assert sorted(attempts) == [(ident, 1) for ident in sorted(ids)]
