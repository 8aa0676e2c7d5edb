"""Wraps an operation handler into an HTTP endpoint.

One place does what every operation needs, in this order: open the unit of work,
authenticate, rate-limit, resolve the ``Space``/``Account`` header, parse parameters and
body as the contract declares them, run the handler, commit, and answer with the contract's
exact status code and content type.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import bindparam, select
from starlette.requests import Request
from starlette.responses import Response

from paystead import clock
from paystead.auth.authenticate import LIVE_SCOPE_STATES, authenticate
from paystead.auth.caller import Caller
from paystead.auth.credentials import verify as verify_credentials
from paystead.db.unit_of_work import unit_of_work
from paystead.db.models import Account, Space
from paystead.errors import ApiError, BadRequest, Forbidden, NotAcceptable
from paystead.http.error_handlers import as_api_error
from paystead.http.json_body import parse_json
from paystead.http.params import parse_parameters
from paystead.http.responses import dumps, json_response
from paystead.resources.catalog import Handler
from paystead.domains.context import AccountRef, SpaceRef
from paystead.resources.context import RequestContext, request_urls
from paystead.resources.render import parse_expand

_SPACE_WITH_ACCOUNT_PATH = (
    select(Space.id, Space.account_id, Account.path, Space.clock_offset_us).join(Account, Account.id == Space.account_id)
    .where(Space.id == bindparam("space_id"), Space.state.in_(LIVE_SCOPE_STATES))
)
_ACCOUNT_PATH = select(Account.id, Account.path).where(Account.id == bindparam("account_id"),
                                                       Account.state.in_(LIVE_SCOPE_STATES))


def _header_id(request: Request, name: str) -> int:
    raw = request.headers.get(name)
    if raw is None or raw.strip() == "":
        raise BadRequest(f"The {name} header is required for this operation", code="missing_scope_header",
                         errors={name: "required"})
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise BadRequest(f"The {name} header must be a positive integer id", code="invalid_scope_header",
                         errors={name: "not an id"})
    return int(text)


def _space_ref(row: tuple) -> SpaceRef:
    """(id, account id, account path, clock offset in microseconds) -> the space, whose clock the
    request then runs on: everything it stamps or decides is on the space's clock."""
    space = SpaceRef(id=row[0], account_id=row[1], account_path=row[2],
                     clock_offset=clock.offset_from_microseconds(row[3]))
    clock.bind(space.clock_offset)
    return space


def _resolve_space(ctx: RequestContext, space_id: int, row: tuple | None) -> None:
    """``row``: the live space of the Space header, read with the caller's grants."""
    # A space outside the caller's tenant answers exactly like one that does not exist.
    if row is None or not ctx.caller.in_tenant(row[2]):
        raise Forbidden(f"No access to space {space_id}", code="space_access_denied")
    ctx.space = _space_ref(row)


def _space_header(request: Request) -> int | None:
    """The Space header's id, or None when it is missing or malformed (refused after the caller
    is authenticated, as before)."""
    try:
        return _header_id(request, "Space")
    except BadRequest:
        return None


async def _resolve_account(ctx: RequestContext) -> None:
    account_id = _header_id(ctx.request, "Account")
    connection = await ctx.session.connection()
    row = (await connection.execute(_ACCOUNT_PATH, {"account_id": account_id})).first()
    if row is None or not ctx.caller.in_tenant(row[1]):
        raise Forbidden(f"No access to account {account_id}", code="account_access_denied")
    ctx.account = AccountRef(id=row[0], path=row[1])


async def _credentials_context(request: Request, session, state, operation: dict) -> RequestContext:
    credentials = verify_credentials(state.credential_signer, request.path_params.get("credentials", ""))
    header = request.headers.get("Space")
    if header is not None and header.strip() and header.strip() != str(credentials.space_id):
        raise Forbidden("The credentials belong to another space", code="space_access_denied")
    connection = await session.connection()
    row = (await connection.execute(_SPACE_WITH_ACCOUNT_PATH, {"space_id": credentials.space_id})).first()
    if row is None:
        raise Forbidden(f"No access to space {credentials.space_id}", code="space_access_denied")
    ctx = RequestContext(request=request, session=session, caller=Caller.buyer(), state=state,
                         urls=request_urls(state.settings, request), operation=operation,
                         space=_space_ref(row), credential_transaction_id=credentials.transaction_id)
    return ctx


def _check_expand(ctx: RequestContext) -> None:
    """A malformed expand (syntax, depth) is a 400 before any work is done; names the answer
    cannot expand are ignored when it is rendered."""
    parse_expand(ctx.params["expand"])


def _check_accept(request: Request, operation: dict) -> None:
    accept = request.headers.get("accept")
    if not accept or "*/*" in accept:
        return
    offered = set(operation.get("accept") or ["application/json"]) | {"application/json"}
    wanted = {part.split(";")[0].strip().lower() for part in accept.split(",")}
    if not wanted & offered and not any(w.endswith("/*") and any(o.startswith(w[:-1]) for o in offered) for w in wanted):
        raise NotAcceptable(f"This operation answers with {', '.join(sorted(offered))}")


def _render(operation: dict, result: Any) -> Response:
    if isinstance(result, Response):
        return result
    status = int(operation["response_status"])
    kind = operation["response_kind"]
    if kind == "empty":
        return Response(status_code=status)
    if kind == "primitive" and operation["response_type"] == "str":
        return Response(content=dumps(result), status_code=status, media_type="application/json")
    return json_response(result, status)


def make_endpoint(operation: dict, handler: Handler, *, needs_body: bool) -> Callable[[Request], Awaitable[Response]]:
    scope_header = operation.get("scope_header")
    # Operations on /by-credentials/{credentials} are authorised by transaction credentials.
    by_credentials = "credentials" in operation.get("path_placeholders", [])

    async def endpoint(request: Request) -> Response:
        try:
            # The space's clock, bound when the Space header is resolved, ends with the request.
            with clock.binding_scope():
                return await _run(request)
        except ApiError:
            raise
        except Exception as exc:  # noqa: BLE001 - rendered as a logged 500/503, never a dropped connection
            raise as_api_error(request, exc) from exc

    async def _run(request: Request) -> Response:
        state = request.app.state.paystead
        _check_accept(request, operation)
        raw_body = await request.body() if needs_body else b""
        async with unit_of_work(state.sessions, writes=operation["http_method"] != "GET") as session:
            if by_credentials:
                ctx = await _credentials_context(request, session, state, operation)
            else:
                space_id = _space_header(request) if scope_header == "Space" else None
                caller, space = await authenticate(request, session, state.vault, state.settings.auth,
                                                   space_id=space_id)
                await state.rate_limiter.take(caller.user_id, caller.request_limit)
                ctx = RequestContext(request=request, session=session, caller=caller, state=state,
                                     urls=request_urls(state.settings, request), operation=operation)
                if scope_header == "Space":
                    if space_id is None:  # malformed: parsing it again raises its 400
                        space_id = _header_id(request, "Space")
                    _resolve_space(ctx, space_id, space)
                elif scope_header == "Account":
                    await _resolve_account(ctx)
            ctx.params = parse_parameters(operation, request)
            if ctx.params.get("expand"):
                _check_expand(ctx)
            if needs_body:
                ctx.body = parse_json(raw_body, request.headers.get("content-type"),
                                      max_bytes=state.settings.api.max_body_bytes)
            result = await handler(ctx)
            response = _render(operation, result)
        return response

    endpoint.__name__ = operation["sdk_method"]
    endpoint.handler = handler  # type: ignore[attr-defined]  # what answers it (`paystead routes` names it)
    return endpoint
