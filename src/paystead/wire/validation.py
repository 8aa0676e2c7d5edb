"""Validates request bodies against the contract's models.

Wrong types are a 400 naming the field; values of the right type that break a constraint
(length, range, pattern) are a 422. Unknown and read-only fields are dropped, never stored.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation

from paystead.contract import model as contract_model
from paystead.errors import BadRequest, UnprocessableEntity
from paystead.http.json_body import INT64_MAX, INT64_MIN
from paystead.wire.types import TypeRef, enum_values, parse_type

_MAX_NUMBER_DIGITS = 18


def _type_error(path: str, expected: str):
    raise BadRequest(f"{path}: expected {expected}", code="invalid_field_type", errors={path: f"expected {expected}"})


def _constraint_error(path: str, problem: str):
    raise UnprocessableEntity(f"{path}: {problem}", code="invalid_field_value", errors={path: problem})


def parse_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _scalar(name: str, value, path: str):
    if name == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            _type_error(path, "an integer")
        if not INT64_MIN <= value <= INT64_MAX:
            _type_error(path, "a signed 64-bit integer")
        return value
    if name == "str":
        if not isinstance(value, str):
            _type_error(path, "a string")
        return value
    if name == "bool":
        if not isinstance(value, bool):
            _type_error(path, "true or false")
        return value
    if name == "Union[float,int]":
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            _type_error(path, "a number")
        number = Decimal(value)
        # Amounts, rates and quantities: anything beyond 18 digits either side of the point is
        # no meaningful value, and would overflow the arithmetic and the database columns.
        if not number.is_finite() or (number and not -_MAX_NUMBER_DIGITS <= number.adjusted() < _MAX_NUMBER_DIGITS):
            _type_error(path, f"a number below 1E+{_MAX_NUMBER_DIGITS} with at most {_MAX_NUMBER_DIGITS} decimal places")
        return number
    if name == "datetime":
        if not isinstance(value, str):
            _type_error(path, "an ISO 8601 date-time string")
        try:
            return parse_datetime(value)
        except ValueError:
            _type_error(path, "an ISO 8601 date-time string")
    if name == "date":
        if not isinstance(value, str):
            _type_error(path, "a date string YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            _type_error(path, "a date string YYYY-MM-DD")
    if name == "Union[bytes,str]":
        if not isinstance(value, str):
            _type_error(path, "a base64 string")
        return value
    return value  # Any


def _check_constraints(value, constraints: dict, path: str) -> None:
    if not constraints or value is None:
        return
    if isinstance(value, str):
        if "max_length" in constraints and len(value) > constraints["max_length"]:
            _constraint_error(path, f"at most {constraints['max_length']} characters")
        if "min_length" in constraints and len(value) < constraints["min_length"]:
            _constraint_error(path, f"at least {constraints['min_length']} characters")
        if "pattern" in constraints and not re.match(constraints["pattern"], value):
            _constraint_error(path, f"must match {constraints['pattern']}")
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        if "ge" in constraints and value < constraints["ge"]:
            _constraint_error(path, f"must be at least {constraints['ge']}")
        if "le" in constraints and value > constraints["le"]:
            _constraint_error(path, f"must be at most {constraints['le']}")
    if isinstance(value, list):
        if "max_items" in constraints and len(value) > constraints["max_items"]:
            _constraint_error(path, f"at most {constraints['max_items']} items")
        if "min_items" in constraints and len(value) < constraints["min_items"]:
            _constraint_error(path, f"at least {constraints['min_items']} items")


def validate_value(ref: TypeRef, value, path: str):
    if value is None:
        if ref.kind == "scalar" and ref.name == "Any":
            return None
        _type_error(path, "a value, not null")
    if ref.kind == "scalar":
        return _scalar(ref.name, value, path)
    if ref.kind == "enum":
        allowed = enum_values(ref.name)
        if not isinstance(value, str) or value not in allowed:
            _type_error(path, f"one of {', '.join(allowed)}")
        return value
    if ref.kind == "list":
        if not isinstance(value, list):
            _type_error(path, "an array")
        return [validate_value(ref.item, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if ref.kind == "dict":
        if not isinstance(value, dict):
            _type_error(path, "an object")
        return {key: validate_value(ref.item, item, f"{path}.{key}") for key, item in value.items()}
    return validate_model(ref.name, value, path, keep_read_only=True)


def validate_model(name: str, body, path: str = "", *, keep_read_only: bool = False) -> dict:
    """Returns the body's known fields, typed (datetimes, Decimals), without read-only ones.

    ``keep_read_only`` is for nested references such as ``[{"id": 5}]`` where the id is the
    point even though the response model marks it read-only.
    """
    if not isinstance(body, dict):
        _type_error(path or "body", f"a JSON object ({name})")
    spec = contract_model(name)
    result: dict = {}
    for field in spec["fields"]:
        key = field["name"]
        if key not in body or (field["read_only"] and not keep_read_only):
            continue
        field_path = f"{path}.{key}" if path else key
        if body[key] is None:
            # A null field is one left out (the SDKs leave out what is not set), unless null
            # is a value of its own there.
            if field.get("nullable"):
                result[key] = None
            continue
        value = validate_value(parse_type(field["type"]), body[key], field_path)
        _check_constraints(value, field.get("constraints") or {}, field_path)
        result[key] = value
    for key in spec.get("required", []):
        if result.get(key) is None:
            field_path = f"{path}.{key}" if path else key
            raise UnprocessableEntity(f"{field_path} is required", code="missing_field", errors={field_path: "required"})
    return result


def parse_decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
