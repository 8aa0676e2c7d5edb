"""/payment/refunds, with mark-succeeded and mark-failed for refunds awaiting a manual check."""

from __future__ import annotations

from decimal import Decimal

from paystead.db.models import Refund
from paystead.domains.refunds.service import RefundService, succeed
from paystead.domains.transactions.line_items import plain, wire_line_items
from paystead.domains.transactions.locks import lock_transaction
from paystead.domains.transactions.wire import failure_reason
from paystead.payments import lifecycles
from paystead.payments.states import transition
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column, Computed
from paystead.resources.idempotency import Idempotency
from paystead.resources.registry import Resource, registry
from paystead.resources.scopes import SpaceScope


def _reductions(row: Refund) -> list[dict]:
    return [{"lineItemUniqueId": item["lineItemUniqueId"], "quantityReduction": plain(Decimal(item["quantityReduction"])),
             "unitPriceReduction": plain(Decimal(item["unitPriceReduction"]))} for item in row.reductions or []]


refunds = registry.add(Resource(
    name="Refund",
    model=Refund,
    sdk_name="payment_refunds",
    permission="REFUND",
    scope=SpaceScope(Refund.space_id),
    operations=("list", "search", "read", "create"),
    service=RefundService(),
    idempotency=Idempotency(field="externalId", column=Refund.external_id, hash_attribute=Refund.create_body_hash),
    overrides={
        "amount": Column(Refund.amount, format=lambda value, row: plain(value)),
        "reductions": Computed(lambda row, ctx: _reductions(row)),
        "lineItems": Computed(lambda row, ctx: wire_line_items(row.line_items)),
        "failureReason": Computed(lambda row, ctx: failure_reason(row.failure_reason_id)),
    },
    # Not rendered so far (see NOTES-fields.md).
    omit=("reducedLineItems",),
))


async def _manually_decided(ctx: RequestContext, succeeded: bool) -> dict:
    refund = await refunds.get_for(ctx, ctx.param("id"), "update")
    transaction = await lock_transaction(ctx.session, refund.transaction_id)
    await ctx.session.refresh(refund, with_for_update=True)
    if succeeded:
        succeed(ctx, refund, transaction)
    else:
        transition(ctx.session, refund, lifecycles.REFUND, "FAILED")
    return await refunds.render_one(ctx, refund)


@refunds.action("post_payment_refunds_id_mark_succeeded")
async def mark_succeeded(ctx: RequestContext) -> dict:
    return await _manually_decided(ctx, True)


@refunds.action("post_payment_refunds_id_mark_failed")
async def mark_failed(ctx: RequestContext) -> dict:
    return await _manually_decided(ctx, False)
