"""Paystead's own API for a space's clock (wallee's API has none; see paystead.clock): read it,
and move it forward in a sandbox. Under ``/api/v2.0/paystead/clock``, authenticated and scoped
(``Space`` header) exactly like the wallee operations:

- ``GET /paystead/clock`` -> ``{"spaceId", "now", "offsetSeconds"}``; needs SPACE_READ.
- ``POST /paystead/clock/advance`` with ``{"by": 2592000 | "P30D" | "30d"}`` or
  ``{"to": "2027-06-01T00:00:00Z" | "now"}`` -> the new reading, with ``previous`` (the time
  before) and ``jobs`` (rows each job handled on the way); needs SPACE_UPDATE (the clock is a
  property of the space). Backward: 422 ``clock_backward``; production mode: 403 ``sandbox_only``.
"""

from __future__ import annotations

from paystead.contract import BASE_PATH
from paystead.domains.tenancy import require_in_space
from paystead.domains.spaces.clock import advance_clock, read_clock
from paystead.errors import UnprocessableEntity
from paystead.resources.context import RequestContext
from paystead.resources.endpoint import make_endpoint

PREFIX = "/paystead/clock"


def _operation(name: str, method: str, path: str, *, status: str = "200") -> dict:
    return {"sdk_method": name, "http_method": method, "path": PREFIX + path, "path_placeholders": [],
            "scope_header": "Space", "parameters": [], "accept": ["application/json"],
            "response_status": status, "response_kind": "model", "response_type": "dict", "request_body": None}


async def show(ctx: RequestContext) -> dict:
    require_in_space(ctx, "SPACE_READ")
    return await read_clock(ctx.session, ctx.space.id)


async def advance(ctx: RequestContext) -> dict:
    require_in_space(ctx, "SPACE_UPDATE")
    body = ctx.body
    if not isinstance(body, dict) or set(body) - {"by", "to"}:
        raise UnprocessableEntity("The body is {\"by\": <duration>} or {\"to\": <instant>}", code="invalid_advance",
                                  errors={"body": "by or to"})
    return await advance_clock(ctx.state, ctx.session, ctx.space.id, by=body.get("by"), to=body.get("to"))


def routes() -> list[tuple[str, str, object]]:
    table = [
        (_operation("paystead_read_space_clock", "GET", ""), show, False),
        (_operation("paystead_advance_space_clock", "POST", "/advance"), advance, True),
    ]
    return [(BASE_PATH + op["path"], op["http_method"], make_endpoint(op, handler, needs_body=body))
            for op, handler, body in table]
