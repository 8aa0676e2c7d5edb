"""What surrounds a payment: comments on transactions, refunds and invoices; the invoice and
the delivery indication a completion leaves; line item versions; charge flows; events."""

from __future__ import annotations

import uuid

from wallee.models.refund_create import RefundCreate
from wallee.models.transaction_comment_active import TransactionCommentActive
from wallee.models.transaction_comment_create import TransactionCommentCreate
from wallee.models.transaction_invoice_replacement import TransactionInvoiceReplacement
from wallee.models.transaction_line_item_version_create import TransactionLineItemVersionCreate
from wallee.service.charge_flows_service import ChargeFlowsService
from wallee.service.delivery_indications_service import DeliveryIndicationsService
from wallee.service.refund_comments_service import RefundCommentsService
from wallee.service.refunds_service import RefundsService
from wallee.service.transaction_comments_service import TransactionCommentsService
from wallee.service.transaction_invoices_service import TransactionInvoicesService
from wallee.service.transaction_line_item_versions_service import TransactionLineItemVersionsService

from tests.payments.support import create_transaction, pay, product, settled
from tests.services.conftest import refused

REVIEW_CARD = "4000000000000259"



def test_transaction_comments(config, transactions, space_id):
    created = create_transaction(transactions, space_id)
    comments = TransactionCommentsService(config)
    first = comments.post_payment_transactions_transaction_id_comments(
        created.id, space_id, TransactionCommentCreate(transaction=created.id, content="called the buyer"))
    assert first.transaction.id == created.id and first.pinned is False
    comments.post_payment_transactions_transaction_id_comments_id_pin(created.id, first.id, space_id)
    edited = comments.patch_payment_transactions_transaction_id_comments_id(
        created.id, first.id, space_id, TransactionCommentActive(version=2, content="called twice"))
    assert edited.content == "called twice" and edited.pinned and edited.edited_on
    assert [c.id for c in comments.get_payment_transactions_transaction_id_comments(created.id, space_id).data] == [
        first.id]
    other = create_transaction(transactions, space_id)
    refused(404, comments.get_payment_transactions_transaction_id_comments_id, other.id, first.id, space_id)
    refused(422, comments.post_payment_transactions_transaction_id_comments, created.id, space_id,
            TransactionCommentCreate(transaction=other.id, content="wrong parent"))
    comments.delete_payment_transactions_transaction_id_comments_id(created.id, first.id, space_id)
    assert comments.get_payment_transactions_transaction_id_comments(created.id, space_id).data == []


def test_refund_comments(config, transactions, space_id):
    paid = create_transaction(transactions, space_id)
    pay(transactions, space_id, paid.id)
    refund = RefundsService(config).post_payment_refunds(space_id, RefundCreate(
        transaction=paid.id, amount=5.0, external_id=uuid.uuid4().hex, type="MERCHANT_INITIATED_ONLINE"))
    from wallee.models.refund_comment_create import RefundCommentCreate

    comment = RefundCommentsService(config).post_payment_refunds_refund_id_comments(
        refund.id, space_id, RefundCommentCreate(refund=refund.id, content="goodwill"))
    assert comment.refund.id == refund.id


def test_a_completion_leaves_a_paid_invoice_and_a_suitable_delivery(config, transactions, space_id):
    paid = create_transaction(transactions, space_id, product("a", "80.00"), merchant_reference="inv-1")
    pay(transactions, space_id, paid.id)
    invoices = TransactionInvoicesService(config)
    found = invoices.get_payment_transactions_invoices_search(space_id, query=f"linkedTransaction:{paid.id}").data
    assert len(found) == 1
    invoice = found[0]
    assert invoice.state.value == "PAID" and invoice.amount == 80 and invoice.outstanding_amount == 0
    assert invoices.get_payment_transactions_invoices_id_check_replacement_possible(invoice.id, space_id) is False
    refused(422, invoices.post_payment_transactions_invoices_id_mark_paid, invoice.id, space_id)
    indications = DeliveryIndicationsService(config).get_payment_delivery_indications_search(
        space_id, query=f"linkedTransaction:{paid.id}").data
    assert [i.state.value for i in indications] == ["SUITABLE"]


def test_a_review_card_waits_for_the_delivery_decision(config, transactions, space_id):
    indications = DeliveryIndicationsService(config)
    for suitable, final in ((True, "FULFILL"), (False, "DECLINE")):
        created = create_transaction(transactions, space_id)
        assert pay(transactions, space_id, created.id, REVIEW_CARD).state.value == "COMPLETED"
        indication = indications.get_payment_delivery_indications_search(
            space_id, query=f"linkedTransaction:{created.id}").data[0]
        assert indication.state.value == "MANUAL_CHECK_REQUIRED"
        decide = (indications.post_payment_delivery_indications_id_mark_suitable if suitable
                  else indications.post_payment_delivery_indications_id_mark_not_suitable)
        assert decide(indication.id, space_id).state.value == ("SUITABLE" if suitable else "NOT_SUITABLE")
        assert transactions.get_payment_transactions_id(created.id, space_id).state.value == final
        refused(422, indications.post_payment_delivery_indications_id_mark_suitable, indication.id, space_id)


def test_invoices_of_a_deferred_transaction_and_replacement_rules(config, transactions, space_id):
    created = create_transaction(transactions, space_id, product("a", "50.00"), completion_behavior="COMPLETE_DEFERRED")
    pay(transactions, space_id, created.id)
    transactions.post_payment_transactions_id_complete_online(created.id, space_id)
    invoice = TransactionInvoicesService(config).get_payment_transactions_invoices_search(
        space_id, query=f"linkedTransaction:{created.id}").data[0]
    body = refused(422, TransactionInvoicesService(config).post_payment_transactions_invoices_id_replace, invoice.id,
                   space_id, TransactionInvoiceReplacement(line_items=[product("a", "40.00")], external_id="r-1"))
    assert body["code"] == "invalid_state_transition"


def test_line_item_versions(config, transactions, space_id):
    versions = TransactionLineItemVersionsService(config)
    created = create_transaction(transactions, space_id, product("a", "60.00"), product("b", "40.00"),
                                 completion_behavior="COMPLETE_DEFERRED")
    refused(404, transactions.get_payment_transactions_id_latest_line_item_version, created.id, space_id)
    pay(transactions, space_id, created.id)
    first = transactions.get_payment_transactions_id_latest_line_item_version(created.id, space_id)
    assert first.amount == 100 and first.state.value == "SUCCESSFUL"
    smaller = versions.post_payment_transactions_line_item_versions(space_id, TransactionLineItemVersionCreate(
        transaction=created.id, external_id="fewer", line_items=[product("a", "60.00")]))
    assert smaller.amount == 60
    assert transactions.get_payment_transactions_id_latest_line_item_version(created.id, space_id).id == smaller.id
    body = refused(422, versions.post_payment_transactions_line_item_versions, space_id,
                   TransactionLineItemVersionCreate(transaction=created.id, external_id="more",
                                                    line_items=[product("a", "100.01")]))
    assert body["code"] == "amount_out_of_range"
    completion = transactions.post_payment_transactions_id_complete_online(created.id, space_id)
    assert completion.amount == 60  # the current line items
    refused(422, versions.post_payment_transactions_line_item_versions, space_id, TransactionLineItemVersionCreate(
        transaction=created.id, external_id="late", line_items=[product("a", "10.00")]))


def test_charge_flows_are_read_only_and_a_sandbox_space_has_the_default_one(config, transactions, space_id):
    flows = ChargeFlowsService(config).get_payment_charge_flows(space_id).data
    assert [(flow.name, flow.state.value) for flow in flows] == [("Default charge flow", "ACTIVE")]
    created = create_transaction(transactions, space_id)
    # No flow runs on it yet: there is nothing to cancel (applying one: test_asynchronous_processing).
    body = refused(422, transactions.post_payment_transactions_id_charge_flow_cancel, created.id, space_id)
    assert body["code"] == "no_charge_flow"
    receipts = transactions.get_payment_transactions_id_terminal_receipts(created.id, "PDF", 80, space_id)
    assert receipts.data == []


def test_every_state_change_is_an_event(server, transactions, space_id):
    """The event rows webhooks will be sent from, read from the database itself."""
    import asyncio

    from sqlalchemy import select

    from paystead.db.engine import create_engine
    from paystead.db.models import Event

    created = create_transaction(transactions, space_id, product("a", "10.00"))
    pay(transactions, space_id, created.id)

    async def events():
        engine = create_engine(server.database_url)
        try:
            async with engine.connect() as connection:
                rows = (await connection.execute(select(Event.state, Event.previous_state).where(
                    Event.entity == "Transaction", Event.entity_id == created.id).order_by(Event.id))).all()
                return [tuple(row) for row in rows]
        finally:
            await engine.dispose()

    assert asyncio.run(events()) == [("PENDING", None), ("CONFIRMED", "PENDING"), ("PROCESSING", "CONFIRMED"),
                                     ("AUTHORIZED", "PROCESSING"), ("COMPLETED", "AUTHORIZED"),
                                     ("FULFILL", "COMPLETED")]


def test_paying_by_invoice_leaves_an_open_invoice(config, transactions, space_id):
    invoices = TransactionInvoicesService(config)
    created = create_transaction(transactions, space_id, product("a", "120.00"))
    processed = transactions.post_payment_transactions_id_process_without_interaction(created.id, space_id)
    assert processed.state.value == "PROCESSING"  # the worker decides it, as on wallee
    assert settled(transactions, space_id, created.id).state.value == "FULFILL"
    invoice = invoices.get_payment_transactions_invoices_search(space_id, query=f"linkedTransaction:{created.id}").data[0]
    assert invoice.state.value == "OPEN" and invoice.outstanding_amount == 120 and invoice.due_on
    assert invoices.get_payment_transactions_invoices_id_check_replacement_possible(invoice.id, space_id) is True
    refused(422, invoices.post_payment_transactions_invoices_id_replace, invoice.id, space_id,
            TransactionInvoiceReplacement(line_items=[product("a", "120.01")], external_id="too-much"))
    replacement = invoices.post_payment_transactions_invoices_id_replace(
        invoice.id, space_id, TransactionInvoiceReplacement(line_items=[product("a", "100.00")], external_id="r-1"))
    assert replacement.state.value == "OPEN" and replacement.amount == 100 and replacement.id != invoice.id
    assert invoices.get_payment_transactions_invoices_id(invoice.id, space_id).state.value == "CANCELED"
    paid = invoices.post_payment_transactions_invoices_id_mark_paid(replacement.id, space_id)
    assert paid.state.value == "PAID" and paid.outstanding_amount == 0
    other = create_transaction(transactions, space_id)
    transactions.post_payment_transactions_id_process_without_interaction(other.id, space_id)
    assert settled(transactions, space_id, other.id).state.value == "FULFILL"
    open_invoice = invoices.get_payment_transactions_invoices_search(
        space_id, query=f"linkedTransaction:{other.id}").data[0]
    assert invoices.post_payment_transactions_invoices_id_derecognize(open_invoice.id, space_id).state.value \
        == "DERECOGNIZED"
    # Without a token or an applicable invoice method (JPY), nothing can be processed.
    japanese = create_transaction(transactions, space_id, product("a", "100", tax=None), currency="JPY")
    body = refused(422, transactions.post_payment_transactions_id_process_without_interaction, japanese.id, space_id)
    assert body["code"] == "no_applicable_connector"
