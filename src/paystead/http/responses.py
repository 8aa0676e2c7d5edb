"""JSON rendering shared by every response."""

from __future__ import annotations

from decimal import Decimal

import orjson
from starlette.responses import Response


def _default(value):
    if isinstance(value, Decimal):
        # Exact decimal text as a JSON number: money never passes through a float.
        return orjson.Fragment(format(value, "f").encode())
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(body) -> bytes:
    return orjson.dumps(body, default=_default)


def json_response(body, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(content=dumps(body), status_code=status, media_type="application/json", headers=headers)
