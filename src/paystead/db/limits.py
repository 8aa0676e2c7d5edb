"""A value its column cannot hold is a 422 naming the field, before anything is written.

The contract leaves many strings without a maximum length (a token's language, a transaction's
customerId) and allows 64-bit integers everywhere, while the columns are VARCHAR(n), 32-bit
INTEGER and NUMERIC(p, s). PostgreSQL refused such a value only when it was written (a 500), and
SQLite stored it whole; checked before each flush, both answer the same 422.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache

from sqlalchemy import BigInteger, Integer, Numeric, String, inspect
from sqlalchemy.orm import Mapper, Session

from paystead.errors import UnprocessableEntity

_INT32_MAX = 2**31 - 1


def _check_flush(session: Session, flush_context, instances) -> None:
    for obj in session.new:
        _check(inspect(obj), changed=None)
    for obj in session.dirty:
        state = inspect(obj)
        _check(state, changed=state.committed_state)  # the attributes changed since loading


def _check(state, *, changed) -> None:
    values = state.dict  # loaded and set values only: nothing is fetched
    for key, problem_with in _bounded_attributes(state.mapper):
        value = values.get(key)
        if value is None or (changed is not None and key not in changed):
            continue
        problem = problem_with(value)
        if problem:
            field = _wire_name(key)
            raise UnprocessableEntity(f"{field}: {problem}", code="invalid_field_value", errors={field: problem})


@cache
def _bounded_attributes(mapper: Mapper) -> tuple[tuple[str, Callable[[object], str | None]], ...]:
    found = []
    for attribute in mapper.column_attrs:
        if len(attribute.columns) != 1:
            continue
        check = _check_for(attribute.columns[0].type)
        if check is not None:
            found.append((attribute.key, check))
    return tuple(found)


def _check_for(column_type) -> Callable[[object], str | None] | None:
    if isinstance(column_type, String) and column_type.length:
        length = column_type.length

        def text(value) -> str | None:
            return f"at most {length} characters" if isinstance(value, str) and len(value) > length else None

        return text
    if isinstance(column_type, Integer) and not isinstance(column_type, BigInteger):
        def integer(value) -> str | None:
            too_large = isinstance(value, int) and not -_INT32_MAX - 1 <= value <= _INT32_MAX
            return f"at most {_INT32_MAX} in magnitude" if too_large else None

        return integer
    if isinstance(column_type, Numeric) and column_type.precision and column_type.scale is not None:
        digits = column_type.precision - column_type.scale

        def number(value) -> str | None:
            too_large = isinstance(value, (int, Decimal)) and not isinstance(value, bool) and abs(value) >= 10**digits
            return f"less than 1E+{digits} in magnitude" if too_large else None

        return number
    return None


def _wire_name(key: str) -> str:
    """``time_zone`` -> ``timeZone``: the body field a column holds."""
    return re.sub(r"_([a-z0-9])", lambda match: match.group(1).upper(), key)


# Installed on Paystead's sessions by ``paystead.db.unit_of_work.session_factory``.
COLUMN_LIMIT_HOOKS = (("before_flush", _check_flush),)
