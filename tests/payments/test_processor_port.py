"""The processor port is a real seam: a Paystead server configured (PAYSTEAD_PROCESSORS) to send
the simulator's processor's payments to an external processor (an HTTP stub this test runs)
authorizes, completes, voids and refunds through it, with the official SDK; the stub's declines
come back as wallee's failed transactions and refunds, its pending answers as PROCESSING that
the worker settles."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from wallee.models.refund_create import RefundCreate
from wallee.models.space_create import SpaceCreate
from wallee.service.refunds_service import RefundsService
from wallee.service.spaces_service import SpacesService
from wallee.service.transactions_service import TransactionsService

from paystead.domains.reference.catalog import SIMULATOR
from paystead.payments.processors import AuthorizationRequest, CardDetails, Payment, ProcessorError
from paystead.payments.processors.registry import load_processors
from paystead.settings import Settings
from tests.conftest import BACKENDS, FAST_PROCESSING, running_server, sdk_config
from tests.payments.support import VISA_OK, create_transaction, pay, product, settled
from tests.support.card_data import card_numbers_found
from tests.support.http_processor import DECLINED_AMOUNT, FAILING_REFUND, ProcessorStub, processors_env

REPOSITORY = Path(__file__).resolve().parents[2]


def test_a_card_crossing_the_port_never_shows_in_its_repr():
    request = AuthorizationRequest(Payment(space_id=1, transaction_id=2, amount=Decimal("10.00"), currency="CHF"),
                                   card=CardDetails(number=VISA_OK, expiry_year=2031, expiry_month=12, cvc="123"))
    assert VISA_OK not in repr(request) and "123" not in repr(request.card)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_external_processor_behind_the_port(backend, tmp_path_factory):
    env = {**FAST_PROCESSING,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")]))}
    with ProcessorStub() as stub, running_server(backend, tmp_path_factory, **env,
                                                 **processors_env(SIMULATOR, stub.url)) as server:
        config = sdk_config(server, server.credentials)
        transactions, refunds = TransactionsService(config), RefundsService(config)
        space_id = SpacesService(config).post_spaces(SpaceCreate(
            name="Processor port", account=server.credentials.account_id, primary_currency="CHF")).id

        # Authorized by the stub, then completed and refunded through it.
        paid = create_transaction(transactions, space_id, product("a", "60.00"), product("b", "40.00"),
                                  completion_behavior="COMPLETE_DEFERRED")
        assert pay(transactions, space_id, paid.id).state.value == "AUTHORIZED"
        asked = stub.bodies("authorize")[-1]
        assert asked["payment"]["transaction_id"] == paid.id and asked["payment"]["currency"] == "CHF"
        assert Decimal(asked["payment"]["amount"]) == Decimal("100.00")
        assert [line["unique_id"] for line in asked["payment"]["line_items"]] == ["a", "b"]
        assert asked["card"]["expiry_year"] == 2031 and asked["payment"]["payment_method_id"] == 1
        completion = transactions.post_payment_transactions_id_complete_online(paid.id, space_id)
        assert completion.state.value == "SUCCESSFUL" and completion.processor_reference.startswith("stub-complete-")
        assert Decimal(stub.bodies("complete")[-1]["amount"]) == Decimal("100.00")
        refund = refunds.post_payment_refunds(space_id, RefundCreate(
            transaction=paid.id, amount=30.0, external_id="port-refund", type="MERCHANT_INITIATED_ONLINE"))
        assert refund.state.value == "SUCCESSFUL" and refund.processor_reference.startswith("stub-refund-")
        assert stub.bodies("refund")[-1]["amount"] == "30.00"

        # A refund the processor refuses fails, wallee-style, and refunds nothing.
        refused = refunds.post_payment_refunds(space_id, RefundCreate(
            transaction=paid.id, amount=float(FAILING_REFUND), external_id="port-refund-2",
            type="MERCHANT_INITIATED_ONLINE"))
        assert refused.state.value == "FAILED" and refused.failure_reason.name["en-US"] == "Declined"
        assert transactions.get_payment_transactions_id(paid.id, space_id).refunded_amount == 30

        # A void goes to the processor too.
        voided = create_transaction(transactions, space_id, completion_behavior="COMPLETE_DEFERRED")
        pay(transactions, space_id, voided.id)
        void = transactions.post_payment_transactions_id_void_online(voided.id, space_id)
        assert void.state.value == "SUCCESSFUL" and void.processor_reference.startswith("stub-void-")
        assert transactions.get_payment_transactions_id(voided.id, space_id).state.value == "VOIDED"
        assert stub.bodies("void")[-1]["payment"]["transaction_id"] == voided.id

        # The processor's decline is a failed transaction with its reason.
        declined = create_transaction(transactions, space_id, product("x", DECLINED_AMOUNT))
        failed = pay(transactions, space_id, declined.id)
        assert failed.state.value == "FAILED" and failed.failure_reason.name["en-US"] == "Insufficient funds"

        # Without the buyer (an invoice), the asynchronous variant: pending at the processor, the
        # transaction answers PROCESSING, and the worker settles it once the processor has decided.
        later = create_transaction(transactions, space_id)
        assert transactions.post_payment_transactions_id_process_without_interaction(
            later.id, space_id).state.value == "PROCESSING"
        assert settled(transactions, space_id, later.id).state.value == "FULFILL"
        assert stub.bodies("authorize-async")[-1]["payment"]["payment_method_id"] == 3  # the invoice
        looks = [body["reference"] for body in stub.bodies("settle-authorization")]
        # Pending at the worker's first look, approved at the second, both about the pending reference.
        assert len(looks) == 2 and looks[0] == looks[1] and looks[0].startswith("stub-pending-")

        assert stub.operations().count("authorize") == 3
        assert card_numbers_found(server) == []


def test_a_processor_that_cannot_be_loaded_stops_the_start(tmp_path):
    for implementation in ("tests.support.no_such_module:Processor", "tests.support.http_processor:ProcessorStub"):
        settings = Settings(data_dir=tmp_path, processors={"1": {"implementation": implementation}})
        with pytest.raises(ProcessorError):
            load_processors(settings)
    with pytest.raises(ValueError):  # not module:Class at all
        Settings(data_dir=tmp_path, processors={"1": {"implementation": "import os"}})
