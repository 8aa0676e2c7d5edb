"""Searching and sorting payments through the links the contract models, as wallee's
integrations do: a transaction's invoices by ``completion.lineItemVersion.transaction.id``.

Every hop only reaches objects the caller may read in the request's space: a link never
leads into another space, and a link the caller may not read reads as empty.
"""

from __future__ import annotations

import uuid

import pytest
from wallee.models.refund_create import RefundCreate
from wallee.models.space_create import SpaceCreate
from wallee.service.spaces_service import SpacesService
from wallee.service.transaction_completions_service import TransactionCompletionsService
from wallee.service.transaction_invoices_service import TransactionInvoicesService
from wallee.service.transaction_line_item_versions_service import TransactionLineItemVersionsService

from paystead.permissions.catalog import permission_id
from tests.payments.support import create_transaction, pay, product
from tests.services.conftest import create_application_user, create_role, refused, unique

BY_TRANSACTION = "completion.lineItemVersion.transaction.id"


def _paid(transactions, space_id: int, reference: str, amount: str = "80.00"):
    created = create_transaction(transactions, space_id, product("a", amount), merchant_reference=reference)
    pay(transactions, space_id, created.id)
    return created


def _ids(page) -> list[int]:
    return [item.id for item in page.data]


@pytest.fixture()
def paid_pair(transactions, space_id):
    """Two completed transactions of the space (their references sort b before a when descending)."""
    return _paid(transactions, space_id, "ref-a"), _paid(transactions, space_id, "ref-b", "30.00")


def test_invoices_are_found_through_three_links(config, space_id, paid_pair):
    first, second = paid_pair
    invoices = TransactionInvoicesService(config)
    found = invoices.get_payment_transactions_invoices_search(space_id, query=f"{BY_TRANSACTION}:{first.id}")
    assert len(found.data) == 1 and found.data[0].linked_transaction == first.id
    both = f"{BY_TRANSACTION}:{first.id} OR {BY_TRANSACTION}:{second.id}"
    assert len(invoices.get_payment_transactions_invoices_search(space_id, query=both).data) == 2
    negated = invoices.get_payment_transactions_invoices_search(space_id, query=f"-{BY_TRANSACTION}:{first.id}")
    assert [invoice.linked_transaction for invoice in negated.data] == [second.id]
    # A field of the transaction itself, three links away, and a comparison on it.
    by_reference = invoices.get_payment_transactions_invoices_search(
        space_id, query="completion.lineItemVersion.transaction.merchantReference:ref-b")
    assert [invoice.linked_transaction for invoice in by_reference.data] == [second.id]
    by_amount = invoices.get_payment_transactions_invoices_search(
        space_id, query="completion.lineItemVersion.amount:>50")
    assert [invoice.linked_transaction for invoice in by_amount.data] == [first.id]


def test_sorting_by_a_link_path(config, space_id, paid_pair):
    first, second = paid_pair
    invoices = TransactionInvoicesService(config)
    for order, expected in (("completion.lineItemVersion.transaction.merchantReference:DESC", [second, first]),
                            ("completion.lineItemVersion.transaction.merchantReference:ASC", [first, second]),
                            ("completion.amount:ASC", [second, first])):
        page = invoices.get_payment_transactions_invoices_search(space_id, order=order)
        assert [invoice.linked_transaction for invoice in page.data] == [t.id for t in expected], order


def test_completions_link_their_line_item_version(config, transactions, space_id, paid_pair):
    first, second = paid_pair
    completions = TransactionCompletionsService(config)
    found = completions.get_payment_transactions_completions_search(
        space_id, query=f"lineItemVersion.transaction.id:{first.id}", expand=["lineItemVersion"])
    assert len(found.data) == 1 and found.data[0].linked_transaction == first.id
    version = found.data[0].line_item_version
    assert version.id == transactions.get_payment_transactions_id_latest_line_item_version(first.id, space_id).id
    assert version.amount == 80 and version.transaction.id == first.id
    # The version's own search reaches the transaction too.
    versions = TransactionLineItemVersionsService(config).get_payment_transactions_line_item_versions_search(
        space_id, query="transaction.merchantReference:ref-b")
    assert [v.linked_transaction for v in versions.data] == [second.id]


def test_a_partial_completion_links_the_version_it_was_made_against(config, transactions, space_id):
    from wallee.models.transaction_line_item_version_create import TransactionLineItemVersionCreate

    created = create_transaction(transactions, space_id, product("a", "60.00"), product("b", "40.00"),
                                 completion_behavior="COMPLETE_DEFERRED")
    pay(transactions, space_id, created.id)
    smaller = TransactionLineItemVersionsService(config).post_payment_transactions_line_item_versions(
        space_id, TransactionLineItemVersionCreate(transaction=created.id, external_id=uuid.uuid4().hex,
                                                   line_items=[product("a", "60.00")]))
    completion = transactions.post_payment_transactions_id_complete_online(created.id, space_id)
    assert completion.line_item_version.id == smaller.id
    found = TransactionCompletionsService(config).get_payment_transactions_completions_search(
        space_id, query=f"lineItemVersion.id:{smaller.id}")
    assert _ids(found) == [completion.id]


def test_refunds_are_found_through_their_transaction(config, refunds, space_id, paid_pair):
    first, second = paid_pair
    refund = refunds.post_payment_refunds(space_id, RefundCreate(
        transaction=first.id, amount=5.0, external_id=uuid.uuid4().hex, type="MERCHANT_INITIATED_ONLINE"))
    refunds.post_payment_refunds(space_id, RefundCreate(
        transaction=second.id, amount=5.0, external_id=uuid.uuid4().hex, type="MERCHANT_INITIATED_ONLINE"))
    assert _ids(refunds.get_payment_refunds_search(space_id, query=f"transaction.id:{first.id}")) == [refund.id]
    assert _ids(refunds.get_payment_refunds_search(space_id, query="transaction.merchantReference:ref-a")) == [
        refund.id]
    ordered = refunds.get_payment_refunds_search(space_id, order="transaction.merchantReference:DESC")
    assert [r.transaction.id for r in ordered.data] == [second.id, first.id]


def test_a_link_never_reaches_another_space(config, admin, transactions, space_id, paid_pair):
    first, _ = paid_pair
    other_space = SpacesService(config).post_spaces(SpaceCreate(name=unique("Other"), account=admin.account_id,
                                                                primary_currency="CHF")).id
    foreign = _paid(transactions, other_space, "ref-a")
    invoices = TransactionInvoicesService(config)
    assert invoices.get_payment_transactions_invoices_search(space_id, query=f"{BY_TRANSACTION}:{foreign.id}").data \
        == []
    mine = invoices.get_payment_transactions_invoices_search(other_space, query=f"{BY_TRANSACTION}:{foreign.id}")
    assert [invoice.linked_transaction for invoice in mine.data] == [foreign.id]
    # The same reference in both spaces: each space finds its own only.
    here = invoices.get_payment_transactions_invoices_search(
        space_id, query="completion.lineItemVersion.transaction.merchantReference:ref-a")
    assert [invoice.linked_transaction for invoice in here.data] == [first.id]


def test_a_link_the_caller_may_not_read_reads_as_empty(server, config, http, admin, space_id, paid_pair):
    first, _ = paid_pair
    role = create_role(http, admin.account_id, [permission_id("TRANSACTION_INVOICE_READ")])
    _, reader, _ = create_application_user(server, config, admin.account_id, grant=(role["id"], True))
    invoices = TransactionInvoicesService(reader)
    assert len(invoices.get_payment_transactions_invoices_search(space_id, query=f"linkedTransaction:{first.id}")
               .data) == 1
    # Completions are transaction data, which this reader may not read: the link leads nowhere.
    assert invoices.get_payment_transactions_invoices_search(space_id, query=f"{BY_TRANSACTION}:{first.id}").data \
        == []
    assert len(invoices.get_payment_transactions_invoices_search(space_id, query="completion.amount:*").data) == 2


@pytest.mark.parametrize("query", [
    "completion.lineItemVersion.transaction.nothing:1",  # no such field at the end
    "completion.nothing.transaction.id:1",  # no such link on the way
    "completion.amount.id:1",  # not a link
    "nothing.id:1",
])
def test_unknown_link_paths_are_400(config, space_id, query):
    body = refused(400, TransactionInvoicesService(config).get_payment_transactions_invoices_search, space_id,
                   query=query)
    assert "unknown field" in body["message"], body
    refused(400, TransactionInvoicesService(config).get_payment_transactions_invoices_search, space_id,
            order=query.split(":")[0])


def test_five_levels_are_400(config, space_id):
    search = TransactionInvoicesService(config).get_payment_transactions_invoices_search
    too_deep = "completion.lineItemVersion.transaction.group.id"
    assert "4 segments" in refused(400, search, space_id, query=f"{too_deep}:1")["message"]
    refused(400, search, space_id, order=too_deep)
