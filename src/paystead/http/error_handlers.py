"""Renders every failure as wallee's ``RestApiErrorResponse``.

Unexpected exceptions become a 500 whose body carries only an error id; the id and the
traceback go to the log so that an operator can find it.
"""

from __future__ import annotations

import logging
import uuid

from starlette.exceptions import HTTPException
from starlette.requests import Request

from paystead.errors import ApiError, BadRequest, InternalError, NotFound
from paystead.http.responses import json_response

log = logging.getLogger("paystead.errors")

_STARLETTE_STATUS = {404: NotFound, 400: BadRequest}


async def api_error(request: Request, exc: ApiError):
    return json_response(exc.body(), exc.status, headers=exc.headers or None)


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
    error_id = str(uuid.uuid4())
    log.error("internal error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
    error = InternalError(f"An internal error occurred; quote error id {error_id} when reporting it")
    return json_response(error.body(error_id), 500)


def install(app) -> None:
    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
