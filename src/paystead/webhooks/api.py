"""Paystead's own API for webhook deliveries (wallee's API has none): see every delivery and
its attempts, send one again, and let ``paystead webhooks forward`` pull the deliveries of its
listeners. Under ``/api/v2.0/paystead/webhooks``, authenticated and scoped (``Space`` header)
exactly like the wallee operations; reading needs WEBHOOK_LISTENER_READ, changing
WEBHOOK_LISTENER_UPDATE.
"""

from __future__ import annotations

from sqlalchemy import select

from paystead.contract import BASE_PATH
from paystead.clock import wall_now
from paystead.db.models import WebhookAttempt, WebhookDelivery, WebhookListener, WebhookUrl
from paystead.domains.tenancy import require_in_space
from paystead.errors import NotFound, UnprocessableEntity
from paystead.payments.lifecycles import WebhookDeliveryState
from paystead.payments.states import require_state
from paystead.resources.context import RequestContext
from paystead.resources.endpoint import make_endpoint
from paystead.resources.fields import to_wire
from paystead.resources.paging import page
from paystead.webhooks.addresses import FORWARD_SCHEME
from paystead.webhooks.delivery import Outgoing, Result, apply_results, claim, printable, release, requeue

PREFIX = "/paystead/webhooks"
_MAX_LIMIT = 100
_MAX_EXCERPT = 1000


def _operation(name: str, method: str, path: str, *, parameters=(), status="200", kind="model") -> dict:
    placeholders = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    params = [{"name": p, "in": "path", "type": "int", "required": True, "constraints": {}} for p in placeholders]
    params += [{"name": name_, "in": "query", "type": type_, "required": False, "constraints": constraints}
               for name_, type_, constraints in parameters]
    return {"sdk_method": name, "http_method": method, "path": PREFIX + path, "path_placeholders": placeholders,
            "scope_header": "Space", "parameters": params, "accept": ["application/json"],
            "response_status": status, "response_kind": kind, "response_type": "dict", "request_body": None}


def wire_delivery(row: WebhookDelivery, attempts: list[WebhookAttempt] | None = None) -> dict:
    data = {
        "id": row.id, "linkedSpaceId": row.space_id, "listener": row.listener_id, "eventId": row.event_id,
        "entity": row.entity, "entityId": row.entity_id, "entityState": row.entity_state, "state": row.state,
        "attemptCount": row.attempts, "nextAttemptOn": to_wire(row.next_attempt_on),
        "lastStatus": row.last_status, "lastError": row.last_error, "createdOn": to_wire(row.created_on),
        "deliveredOn": to_wire(row.delivered_on),
    }
    if attempts is not None:
        data["attempts"] = [{"id": a.id, "url": a.url, "startedOn": to_wire(a.started_on), "durationMs": a.duration_ms,
                             "statusCode": a.status_code, "error": a.error, "responseExcerpt": a.response_excerpt}
                            for a in attempts]
    return data


async def _delivery(ctx: RequestContext) -> WebhookDelivery:
    row = await ctx.session.scalar(select(WebhookDelivery).where(WebhookDelivery.id == ctx.param("id"),
                                                                 WebhookDelivery.space_id == ctx.space.id))
    if row is None:
        raise NotFound(f"No webhook delivery {ctx.param('id')} in this space", code="not_found",
                       errors={"id": str(ctx.param("id"))})
    return row


async def list_deliveries(ctx: RequestContext) -> dict:
    require_in_space(ctx, "WEBHOOK_LISTENER_READ")
    limit = min(ctx.param("limit") or 50, _MAX_LIMIT)
    statement = select(WebhookDelivery).where(WebhookDelivery.space_id == ctx.space.id)
    if ctx.param("listener") is not None:
        statement = statement.where(WebhookDelivery.listener_id == ctx.param("listener"))
    if ctx.param("state"):
        statement = statement.where(WebhookDelivery.state == ctx.param("state"))
    if ctx.param("after") is not None:
        statement = statement.where(WebhookDelivery.id > ctx.param("after"))
    rows = (await ctx.session.scalars(statement.order_by(WebhookDelivery.id).limit(limit + 1))).all()
    return page([wire_delivery(row) for row in rows[:limit]], limit, has_more=len(rows) > limit)


async def read_delivery(ctx: RequestContext) -> dict:
    require_in_space(ctx, "WEBHOOK_LISTENER_READ")
    row = await _delivery(ctx)
    attempts = (await ctx.session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id == row.id)
                                          .order_by(WebhookAttempt.id))).all()
    return wire_delivery(row, list(attempts))


async def resend(ctx: RequestContext) -> dict:
    require_in_space(ctx, "WEBHOOK_LISTENER_UPDATE")
    return wire_delivery(await requeue(ctx.session, await _delivery(ctx)), [])


async def pull(ctx: RequestContext) -> dict:
    """For ``paystead webhooks forward``: claims the due deliveries of the listeners of a
    ``paystead-forward://`` URL, signed, for the CLI to pass on (and report with ``attempts``)."""
    require_in_space(ctx, "WEBHOOK_LISTENER_UPDATE")
    url = await ctx.session.scalar(select(WebhookUrl).where(WebhookUrl.id == ctx.param("url"),
                                                            WebhookUrl.space_id == ctx.space.id))
    if url is None or not url.url.startswith(FORWARD_SCHEME + ":"):
        raise UnprocessableEntity("url must be a paystead-forward:// webhook URL of this space", code="invalid_url",
                                  errors={"url": "not a forwarding URL"})
    work = await claim(ctx.state, pulled_url_id=url.id, session=ctx.session)
    return {"data": [{"id": o.delivery_id, "listener": o.listener_id, "attemptCount": o.attempts,
                      "body": o.body.decode(), "signature": o.signature}
                     for sequence in work.sequences.values() for o in sequence]}


async def report_attempt(ctx: RequestContext) -> dict:
    """The CLI's attempt to pass a pulled delivery on: recorded like the worker's own."""
    require_in_space(ctx, "WEBHOOK_LISTENER_UPDATE")
    row = await _delivery(ctx)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    status, duration = body.get("statusCode"), body.get("durationMs", 0)
    if status is not None and (not isinstance(status, int) or not 100 <= status <= 599):
        raise UnprocessableEntity("statusCode must be an HTTP status", errors={"statusCode": "not an HTTP status"})
    if not isinstance(duration, int) or not 0 <= duration <= 3_600_000:
        raise UnprocessableEntity("durationMs must be milliseconds", errors={"durationMs": "not a duration"})
    require_state(row, WebhookDeliveryState.PENDING, "delivered")
    listener = await ctx.session.get(WebhookListener, row.listener_id)
    url = await ctx.session.get(WebhookUrl, listener.url_id)
    error, excerpt = body.get("error"), body.get("responseExcerpt")
    result = Result(Outgoing(row.id, row.listener_id, row.attempts, url.url, b"", ""), wall_now(), duration,
                    status=status, error=printable(str(error))[:500] if error else None,
                    excerpt=printable(str(excerpt))[:_MAX_EXCERPT] if excerpt else None)
    await apply_results(ctx.session, [result], ctx.settings, wall_now())
    if not result.delivered:
        # What the CLI pulled after it waits for this one, as with the worker.
        following = (await ctx.session.scalars(select(WebhookDelivery.id).where(
            WebhookDelivery.listener_id == row.listener_id, WebhookDelivery.state == "PENDING",
            WebhookDelivery.id > row.id))).all()
        await release(ctx.session, list(following))
    await ctx.session.refresh(row)
    return wire_delivery(row)


def routes() -> list[tuple[str, str, object]]:
    listing = (("listener", "int", {}), ("state", "str", {}), ("after", "int", {}), ("limit", "int", {"ge": 1}))
    table = [
        (_operation("paystead_list_webhook_deliveries", "GET", "/deliveries", parameters=listing), list_deliveries,
         False),
        (_operation("paystead_pull_webhook_deliveries", "POST", "/deliveries/pull",
                    parameters=(("url", "int", {}),)), pull, False),
        (_operation("paystead_read_webhook_delivery", "GET", "/deliveries/{id}"), read_delivery, False),
        (_operation("paystead_resend_webhook_delivery", "POST", "/deliveries/{id}/resend", status="201"), resend,
         False),
        (_operation("paystead_report_webhook_attempt", "POST", "/deliveries/{id}/attempts"), report_attempt, True),
    ]
    return [(BASE_PATH + op["path"], op["http_method"], make_endpoint(op, handler, needs_body=body))
            for op, handler, body in table]
