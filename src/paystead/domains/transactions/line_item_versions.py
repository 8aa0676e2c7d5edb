"""/payment/transactions/line-item-versions: changing an authorized transaction's line items
(a smaller delivery, a corrected price). A version may lower the amount down to what was already
completed, never raise it above what was authorized, and keeps every line already completed
(same uniqueId and type, at least what was completed of it: see payments/ledger.py). The
authorized items are the first version. Idempotent by externalId."""

from __future__ import annotations

from sqlalchemy import select

from paystead.db.models import Transaction, TransactionLineItemVersion
from paystead.domains.transactions.ledger import transaction_ledger
from paystead.domains.transactions.line_items import build_line_items, plain, tax_total, total, wire_line_items
from paystead.domains.transactions.locks import lock_transaction
from paystead.domains.transactions.resource import transactions
from paystead.errors import NotFound, UnprocessableEntity
from paystead.payments import lifecycles
from paystead.payments.lifecycles import TransactionState
from paystead.payments.ledger import check_line_item_version
from paystead.payments.states import insert_through, plan_path, record_path, require_state
from paystead.domains.context import DomainContext
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column, Computed
from paystead.resources.idempotency import Idempotency
from paystead.resources.registry import Resource, ResourceService, registry
from paystead.resources.scopes import SpaceScope

def _version(transaction: Transaction, lines: list[dict], external_id: str, user_id) -> TransactionLineItemVersion:
    return TransactionLineItemVersion(
        space_id=transaction.space_id, transaction_id=transaction.id, amount=total(lines),
        tax_amount=tax_total(lines), line_items=lines, external_id=external_id, language=transaction.language,
        created_by=user_id)


async def record_authorized_items(ctx: DomainContext, transaction: Transaction) -> None:
    """The first version: the line items as authorized."""
    version = _version(transaction, transaction.line_items, f"authorized-{transaction.id}", ctx.caller.user_id)
    insert_through(ctx.session, version, lifecycles.LINE_ITEM_VERSION, lifecycles.SUCCEEDED_AT_ONCE)


class LineItemVersionService(ResourceService):
    async def create(self, ctx: RequestContext, data: dict) -> TransactionLineItemVersion:
        transaction = await lock_transaction(ctx.session, data["transaction"], space_id=ctx.space.id)
        if transaction is None:
            raise UnprocessableEntity(f"no transaction {data['transaction']} in this space", code="unknown_reference",
                                      errors={"transaction": "no such transaction"})
        require_state(transaction, TransactionState.LINE_ITEMS_CHANGEABLE, "given new line items",
                      field="transaction")
        lines = build_line_items(data["lineItems"], transaction.currency)
        if transaction.state == "AUTHORIZED":
            # Within what was completed and what was authorized; completed lines are kept.
            check_line_item_version(await transaction_ledger(ctx, transaction), lines)
        transaction.line_items = lines
        if transaction.state != "AUTHORIZED":
            transaction.authorization_amount = total(lines)
        version = _version(transaction, lines, data["externalId"], ctx.caller.user_id)
        # Inserted by the create path (idempotency); its events follow in after_create.
        plan_path(version, lifecycles.LINE_ITEM_VERSION, lifecycles.SUCCEEDED_AT_ONCE)
        ctx.session.add(version)
        return version

    async def after_create(self, ctx: RequestContext, row: TransactionLineItemVersion) -> None:
        record_path(ctx.session, row, lifecycles.LINE_ITEM_VERSION, lifecycles.SUCCEEDED_AT_ONCE)


line_item_versions = registry.add(Resource(
    name="TransactionLineItemVersion",
    model=TransactionLineItemVersion,
    sdk_name="payment_transactions_line_item_versions",
    permission="TRANSACTION",
    scope=SpaceScope(TransactionLineItemVersion.space_id),
    operations=("list", "search", "read", "create"),
    create_action="update",  # a new version of the line items changes the transaction
    service=LineItemVersionService(),
    idempotency=Idempotency(field="externalId", column=TransactionLineItemVersion.external_id,
                            hash_attribute=TransactionLineItemVersion.create_body_hash),
    overrides={
        "amount": Column(TransactionLineItemVersion.amount, format=lambda value, row: plain(value)),
        "taxAmount": Column(TransactionLineItemVersion.tax_amount, format=lambda value, row: plain(value)),
        "lineItems": Computed(lambda row, ctx: wire_line_items(row.line_items)),
    },
))


@transactions.action("get_payment_transactions_id_latest_line_item_version")
async def latest_line_item_version(ctx: RequestContext) -> dict:
    transaction = await transactions.get_for(ctx, ctx.param("id"), "read")
    latest = await ctx.session.scalar(select(TransactionLineItemVersion).where(
        TransactionLineItemVersion.transaction_id == transaction.id, TransactionLineItemVersion.state == "SUCCESSFUL")
        .order_by(TransactionLineItemVersion.id.desc()).limit(1))
    if latest is None:
        raise NotFound(f"Transaction {transaction.id} has no line item version yet (the first is made when it is "
                       "authorized)", code="not_found", errors={"id": str(transaction.id)})
    return await line_item_versions.render_one(ctx, latest)
