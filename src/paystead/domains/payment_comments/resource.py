"""/payment/transactions/{transactionId}/comments, /payment/refunds/{refundId}/comments and
/payment/transactions/invoices/{invoiceId}/comments: one declaration, three resources, each
below its commented object (readable by the caller) and pinnable."""

from __future__ import annotations

from functools import partial

from paystead.db.base import utcnow
from paystead.db.models import PaymentComment
from paystead.errors import UnprocessableEntity
from paystead.resources.context import RequestContext
from paystead.resources.fields import Link
from paystead.resources.registry import ParentLink, Resource, ResourceService, registry
from paystead.resources.scopes import SpaceScope
from paystead.resources.versions import flush_versioned


class CommentService(ResourceService):
    def __init__(self, subject: str, subject_field: str, parent_param: str) -> None:
        self.subject, self.subject_field, self.parent_param = subject, subject_field, parent_param
        self.handled = (subject_field,)  # the object in the path

    async def create(self, ctx: RequestContext, data: dict) -> PaymentComment:
        if data[self.subject_field] != ctx.param(self.parent_param):
            raise UnprocessableEntity(f"{self.subject_field} must be the object in the path",
                                      code="invalid_reference", errors={self.subject_field: "differs from the path"})
        comment = PaymentComment(space_id=ctx.space.id, subject=self.subject, subject_id=data[self.subject_field],
                                 content=data.get("content"), created_by=ctx.caller.user_id)
        ctx.session.add(comment)
        return comment

    async def update(self, ctx: RequestContext, row: PaymentComment, data: dict) -> None:
        await super().update(ctx, row, data)
        row.edited_by, row.edited_on = ctx.caller.user_id, utcnow()


async def pin(comments: Resource, ctx: RequestContext) -> None:
    """Pins one of ``comments`` (each kind of comment binds its own resource in ``comments_on``)."""
    await _set_pinned(comments, ctx, True)


async def unpin(comments: Resource, ctx: RequestContext) -> None:
    await _set_pinned(comments, ctx, False)


async def _set_pinned(comments: Resource, ctx: RequestContext, pinned: bool) -> None:
    comment = await comments.get_for(ctx, ctx.param("id"), "update")
    if comment.pinned != pinned:
        comment.pinned = pinned
        await flush_versioned(ctx, comment)


def comments_on(*, name: str, subject: str, subject_field: str, sdk_stem: str, parent_param: str,
                permission: str) -> Resource:
    comments = registry.add(Resource(
        name=name,
        model=PaymentComment,
        sdk_name=sdk_stem,
        permission=permission,
        scope=SpaceScope(PaymentComment.space_id),
        live=lambda comment: comment.subject == subject,
        service=CommentService(subject, subject_field, parent_param),
        parent=ParentLink(parent_param, PaymentComment.subject_id, subject),
        # The subject is a link on ``subject_id`` (one table holds the comments of all three).
        overrides={subject_field: Link(PaymentComment.subject_id, subject)},
    ))

    comments.action(f"post_{sdk_stem}_id_pin")(partial(pin, comments))
    comments.action(f"post_{sdk_stem}_id_unpin")(partial(unpin, comments))
    return comments


transaction_comments = comments_on(name="TransactionComment", subject="Transaction", subject_field="transaction",
                                   sdk_stem="payment_transactions_transaction_id_comments",
                                   parent_param="transactionId", permission="TRANSACTION_COMMENT")
refund_comments = comments_on(name="RefundComment", subject="Refund", subject_field="refund",
                              sdk_stem="payment_refunds_refund_id_comments", parent_param="refundId",
                              permission="REFUND_COMMENT")
invoice_comments = comments_on(name="TransactionInvoiceComment", subject="TransactionInvoice",
                               subject_field="transactionInvoice",
                               sdk_stem="payment_transactions_invoices_invoice_id_comments",
                               parent_param="invoiceId", permission="TRANSACTION_INVOICE_COMMENT")
