"""Strict JSON request bodies: no NaN/Infinity, NUL bytes, lone surrogates or integers past int64.

Anything malformed is a 400 that names where the problem is; nothing reaches a 500.
"""

from __future__ import annotations

import json
from decimal import Decimal

from paystead.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_MAX_DEPTH = 64


def _reject_constant(name: str):
    raise BadRequest(f"JSON {name} is not a number that can be accepted", code="invalid_json",
                     errors={"body": f"{name} is not allowed"})


def _check(value, path: str, depth: int) -> None:
    if depth > _MAX_DEPTH:
        raise BadRequest("The request body is nested too deeply", code="invalid_json",
                         errors={path or "body": f"nesting deeper than {_MAX_DEPTH} levels"})
    if isinstance(value, str):
        _check_text(value, path or "body")
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise BadRequest(f"{path or 'body'}: integer out of range", code="invalid_json",
                             errors={path or "body": "integer outside the signed 64-bit range"})
    elif isinstance(value, Decimal):
        if not value.is_finite():
            _reject_constant(str(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, f"{path}.{key!r}" if path else repr(key))
            _check(item, f"{path}.{key}" if path else key, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]", depth + 1)


def _check_text(text: str, path: str) -> None:
    if "\x00" in text:
        raise BadRequest(f"{path}: NUL characters are not allowed", code="invalid_json",
                         errors={path: "contains a NUL character"})
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest(f"{path}: lone surrogate in string", code="invalid_json",
                         errors={path: "contains an unpaired UTF-16 surrogate"}) from None


def parse_json(raw: bytes, content_type: str | None, *, max_bytes: int):
    if len(raw) > max_bytes:
        raise PayloadTooLarge(f"The request body exceeds {max_bytes} bytes")
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in ("application/json", "") and not media_type.endswith("+json"):
        raise UnsupportedMediaType(f"Content-Type {media_type!r} is not supported; send application/json")
    if not raw.strip():
        raise BadRequest("The request body is empty; a JSON document is required", code="invalid_json",
                         errors={"body": "missing"})
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"The request body is not valid UTF-8 (byte {exc.start})", code="invalid_json",
                         errors={"body": "invalid UTF-8"}) from None
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"Malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                         code="invalid_json", errors={"body": exc.msg}) from None
    except ValueError:
        # e.g. an integer literal with thousands of digits (Python's int-size guard)
        raise BadRequest("The request body holds a number that is too large", code="invalid_json",
                         errors={"body": "number too large"}) from None
    except RecursionError:
        raise BadRequest("The request body is nested too deeply", code="invalid_json",
                         errors={"body": "too deep"}) from None
    _check(value, "", 0)
    return value
