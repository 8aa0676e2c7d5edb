"""Renders every failure as wallee's ``RestApiErrorResponse``.

Unexpected exceptions become a 500 (or a 503 when the database is unreachable) whose body
carries only an error id; the id and the traceback go to the log so that an operator can
find it, and nothing else about the failure reaches the client.

A client that goes away before it has sent its whole body is not a failure of the server: it
is answered (to no one) with a 400, logged at INFO without a traceback, and never counts as a
5xx.
"""

from __future__ import annotations

import logging
import uuid

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request

from paystead.db.errors import is_unavailable
from paystead.errors import ApiError, BadRequest, InternalError, NotFound, ServiceUnavailable
from paystead.http.responses import json_response

log = logging.getLogger("paystead.errors")


def as_api_error(request: Request, exc: Exception) -> ApiError:
    """Any exception of an API operation as an ``ApiError``, logged with its error id.

    Raising an ApiError (rather than letting the exception reach Starlette's last-resort
    handler) answers without closing the client's keep-alive connection.
    """
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, ClientDisconnect):
        return client_gone(request)
    error_id = str(uuid.uuid4())
    if is_unavailable(exc):
        log.error("database unavailable, error %s on %s %s: %s", error_id, request.method, request.url.path,
                  type(exc).__name__)
        error = ServiceUnavailable(f"The database is unavailable; nothing was changed. Retry later "
                                   f"(error id {error_id})", headers={"Retry-After": "5"})
    else:
        log.error("internal error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
        error = InternalError(f"An internal error occurred; quote error id {error_id} when reporting it")
    error.error_id = error_id
    return error


def client_gone(request: Request) -> ApiError:
    log.info("client disconnected before sending the whole request body on %s %s", request.method,
             request.url.path)
    return BadRequest("The client closed the connection before sending the whole request body",
                      code="client_disconnected")


async def client_disconnected(request: Request, exc: ClientDisconnect):
    return await api_error(request, client_gone(request))


async def api_error(request: Request, exc: ApiError):
    return json_response(exc.body(getattr(exc, "error_id", None)), exc.status, headers=exc.headers or None)


async def http_error(request: Request, exc: HTTPException):
    if exc.status_code == 404:
        error = NotFound(f"No operation at {request.method} {request.url.path}", code="no_such_operation")
    elif exc.status_code == 405:
        error = ApiError(f"{request.method} is not allowed on {request.url.path}", code="method_not_allowed")
        error.status = 405
    else:
        error = ApiError(str(exc.detail), code="http_error")
        error.status = exc.status_code
    return json_response(error.body(), error.status, headers=dict(exc.headers or {}) or None)


async def unexpected_error(request: Request, exc: Exception):
    """Last resort for routes outside the API operations (health, docs)."""
    return await api_error(request, as_api_error(request, exc))


def install(app) -> None:
    app.add_exception_handler(ApiError, api_error)
    # Pages read their forms outside the API operations' wrapper: they end here.
    app.add_exception_handler(ClientDisconnect, client_disconnected)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
