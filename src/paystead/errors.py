"""One error hierarchy, rendered once as wallee's ``RestApiErrorResponse``.

Each class owns its HTTP status and a stable ``code``; the message is meant for
humans, ``errors`` maps a field or context to what is wrong with it.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone


class ApiError(Exception):
    status = 500
    code = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        errors: dict[str, str] | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        if code:
            self.code = code
        self.headers = headers or {}

    def body(self, error_id: str | None = None) -> dict:
        return {
            "id": error_id or str(uuid.uuid4()),
            # When the error happened on the wall clock, even in a space whose clock is moved.
            "date": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "code": self.code,
            "message": self.message,
            "errors": self.errors,
        }


class BadRequest(ApiError):
    """400: missing or invalid parameters, malformed JSON, wrong types."""

    status = 400
    code = "invalid_request"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"

    def __init__(self, message: str, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.headers.setdefault("WWW-Authenticate", 'Bearer realm="wallee API v2.0"')


class Forbidden(ApiError):
    status = 403
    code = "permission_denied"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class NotAcceptable(ApiError):
    status = 406
    code = "not_acceptable"


class Conflict(ApiError):
    """409: optimistic-locking version mismatch or a duplicate."""

    status = 409
    code = "conflict"


class PayloadTooLarge(ApiError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(ApiError):
    status = 415
    code = "unsupported_media_type"


class RangeNotSatisfiable(ApiError):
    status = 416
    code = "offset_out_of_range"


class UnprocessableEntity(ApiError):
    """422: well-formed but semantically wrong (forbidden transition, limits)."""

    status = 422
    code = "unprocessable_entity"


class TooManyRequests(ApiError):
    status = 429
    code = "rate_limit_exceeded"


class InternalError(ApiError):
    status = 500
    code = "internal_error"


class ServiceUnavailable(ApiError):
    """503: a dependency (the database) is unreachable; the request changed nothing and can be retried."""

    status = 503
    code = "service_unavailable"
