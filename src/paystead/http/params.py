"""Parses an operation's path, query and header parameters as the contract declares them."""

from __future__ import annotations

from decimal import Decimal

from starlette.requests import Request

from paystead.errors import BadRequest, RangeNotSatisfiable
from paystead.http.json_body import INT64_MAX, INT64_MIN
from paystead.wire.types import enum_values, parse_type
from paystead.wire.validation import parse_datetime, parse_decimal


def _bad(name: str, problem: str):
    raise BadRequest(f"Parameter {name!r}: {problem}", code="invalid_parameter", errors={name: problem})


def _to_int(name: str, text: str) -> int:
    stripped = text.strip()
    # ASCII digits only: str.isdigit() also accepts superscripts and other scripts' digits,
    # some of which int() refuses ("³") and some of which it reads ("٣").
    digits = stripped.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(stripped) > 20:
        _bad(name, f"{text[:40]!r} is not an integer")
    value = int(stripped)
    if not INT64_MIN <= value <= INT64_MAX:
        _bad(name, "outside the signed 64-bit range")
    return value


def _convert(param: dict, text: str):
    name, type_name = param["name"], param["type"]
    if "\x00" in text:
        _bad(name, "contains a NUL character")
    if type_name == "int":
        value = _to_int(name, text)
        constraints = param.get("constraints") or {}
        if "ge" in constraints and value < constraints["ge"]:
            _bad(name, f"must be at least {constraints['ge']}")
        if name == "offset" and value < 0:
            # The contract gives offsets no lower bound; a negative one would reach the SQL OFFSET.
            _bad(name, "must be at least 0")
        if "le" in constraints and value > constraints["le"]:
            if name == "offset":
                raise RangeNotSatisfiable(f"The offset {value} exceeds the maximum of {constraints['le']}",
                                          errors={"offset": f"at most {constraints['le']}"})
            _bad(name, f"must be at most {constraints['le']}")
        return value
    if type_name == "bool":
        if text.lower() not in ("true", "false"):
            _bad(name, "must be true or false")
        return text.lower() == "true"
    if type_name == "datetime":
        try:
            return parse_datetime(text)
        except ValueError:
            _bad(name, "must be an ISO 8601 date-time")
    if type_name == "Union[float,int]":
        value = parse_decimal(text)
        if value is None:
            _bad(name, "must be a number")
        return Decimal(value)
    if type_name == "str":
        return text
    ref = parse_type(type_name)
    if ref.kind == "enum":
        allowed = enum_values(ref.name)
        if text not in allowed:
            _bad(name, f"must be one of {', '.join(allowed)}")
        return text
    return text


def parse_parameters(operation: dict, request: Request) -> dict:
    """Values keyed by the wire name; absent optional parameters are left out.

    Empty strings mean "absent" (the SDK sends ``order=`` and ``query=``).
    """
    values: dict = {}
    for param in operation["parameters"]:
        name, where = param["name"], param["in"]
        if where == "header":
            continue  # Space / Account are resolved by the scope check
        if where == "path":
            raw = request.path_params.get(name)
            values[name] = _convert(param, raw) if param["type"] != "str" else raw
            continue
        if param["type"].startswith("List["):
            items = [part for raw in request.query_params.getlist(name) for part in raw.split(",")]
            items = [item.strip() for item in items if item.strip()]
            if items:
                item_param = {**param, "type": param["type"][5:-1]}
                values[name] = [_convert(item_param, item) for item in items]
            continue
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            if param["required"]:
                _bad(name, "is required")
            continue
        values[name] = _convert(param, raw)
    return values
