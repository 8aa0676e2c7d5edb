"""``compile_query``: an ast tree -> one SQLAlchemy boolean expression.

Everything is filtered in SQL; nothing here looks at rows.

Negation follows what a user of the API means, not SQL's three-valued logic:
``-currency:EUR`` also matches rows whose currency is NULL. ``NOT`` is pushed
down to the comparisons (De Morgan), and a negated comparison compiles to
``col IS NULL OR NOT (comparison)``; a negated ``:*`` is ``col IS NOT NULL``.
So ``NOT (a:1 AND b:2)`` is ``NOT a:1 OR NOT b:2`` with the same NULL rule.

Text compares through ``lower()`` on both sides, ``:<``/``:>`` included (their
order then follows the database's collation, which differs between SQLite and
PostgreSQL for anything but plain ASCII). Ordering comparators are refused for
BOOLEAN, ENUM and STRING_LIST; ``:~`` only works on STRING and STRING_LIST.
"""

from __future__ import annotations

import operator
import re

from sqlalchemy import BigInteger, DateTime, Numeric, TypeDecorator, and_, func, literal, not_, or_
from sqlalchemy.sql.elements import ColumnElement

from paystead.query.ast import OPERATOR_SYMBOLS, And, Comparison, Node, Not, Or
from paystead.query.errors import excerpt, invalid_query
from paystead.query.fields import FieldResolver, FieldType, SearchField
from paystead.query.json_list import JsonListContains, JsonListIsNull
from paystead.query.values import ValueMismatch, to_list, to_scalar

_COMPARE = {
    "eq": operator.eq,
    "lt": operator.lt,
    "gt": operator.gt,
    "le": operator.le,
    "ge": operator.ge,
}
_ORDERING_OPS = {"lt", "gt", "le", "ge"}
# Ordering makes no sense for these: true/false, enum names, lists.
_UNORDERED = {FieldType.BOOLEAN, FieldType.ENUM, FieldType.STRING_LIST}
_CONTAINS_TYPES = {FieldType.STRING, FieldType.STRING_LIST}
_LIKE_ESCAPE = "\\"
_LIKE_SPECIAL = re.compile(r"[\\%_]")


def compile_query(node: Node | None, resolver: FieldResolver) -> ColumnElement[bool] | None:
    """The WHERE expression for a parsed query (None for no query). Raises BadRequest (invalid_query)."""
    if node is None:
        return None
    try:
        return _compile(node, resolver, negated=False)
    except RecursionError:
        # Parsed queries are at most 32 levels deep; only a hand-built tree gets here.
        raise invalid_query("Invalid query: nested too deeply.") from None


def _compile(node: Node, resolver: FieldResolver, negated: bool) -> ColumnElement[bool]:
    if isinstance(node, Comparison):
        return _comparison(node, resolver, negated)
    if isinstance(node, Not):
        return _compile(node.item, resolver, not negated)
    if isinstance(node, (And, Or)):
        if not node.items:
            raise invalid_query("Invalid query: empty group.")
        parts = [_compile(item, resolver, negated) for item in node.items]
        # De Morgan: a negated AND is an OR of negated items, and vice versa.
        combine_with_and = isinstance(node, And) != negated
        return and_(*parts) if combine_with_and else or_(*parts)
    raise invalid_query(f"Invalid query: unexpected node {type(node).__name__}.")


def _comparison(term: Comparison, resolver: FieldResolver, negated: bool) -> ColumnElement[bool]:
    field = resolver.resolve(term.name)
    if field is None:
        raise invalid_query(f"Invalid query at position {term.position}: unknown field {excerpt(term.name)}.")
    column = field.column
    if term.op == "null":
        if term.value is not None:
            raise _term_error(term, "':*' (is empty) takes no value")
        if field.type is FieldType.STRING_LIST:
            is_null = JsonListIsNull(column)  # JSON null counts as null too
            return not_(is_null) if negated else is_null
        return column.is_not(None) if negated else column.is_(None)
    if term.value is None:
        raise _term_error(term, f"'{OPERATOR_SYMBOLS.get(term.op, term.op)}' needs a value")
    predicate = _predicate(term, field)
    if negated:
        return or_(column.is_(None), not_(predicate))
    return predicate


def _predicate(term: Comparison, field: SearchField) -> ColumnElement[bool]:
    kind, column, op = field.type, field.column, term.op
    if op not in _COMPARE and op != "contains":
        raise _term_error(term, f"unknown comparison {op!r}")
    if op == "contains" and kind not in _CONTAINS_TYPES:
        raise _term_error(term, f"':~' (contains) cannot be used with {_describe(term, field)}")
    if op in _ORDERING_OPS and kind in _UNORDERED:
        raise _term_error(term, f"'{OPERATOR_SYMBOLS[op]}' cannot be used with {_describe(term, field)}")
    try:
        if kind is FieldType.STRING_LIST:
            return JsonListContains(column, to_list(term.value) if op == "contains" else [term.value])
        if kind is FieldType.STRING:
            return _string_predicate(column, op, term.value)
        value = to_scalar(field, term.value)
    except ValueMismatch as mismatch:
        raise _term_error(term, f"field {excerpt(term.name)} expects {mismatch}") from None
    return _COMPARE[op](column, _bind_value(kind, column, value))


def _string_predicate(column, op: str, text: str) -> ColumnElement[bool]:
    # lower() on both sides: case-insensitive everywhere, and an index on
    # lower(column) can serve it.
    if op == "contains":
        escaped = _LIKE_SPECIAL.sub(lambda special: _LIKE_ESCAPE + special.group(), text.lower())
        return func.lower(column).like(f"%{escaped}%", escape=_LIKE_ESCAPE)
    return _COMPARE[op](func.lower(column), text.lower())


def _bind_value(kind: FieldType, column, value):
    if kind is FieldType.INTEGER:
        # BIGINT, not the column's type: 2**40 against an INTEGER column must
        # compare, not overflow the bind parameter on PostgreSQL.
        return literal(value, BigInteger())
    if kind is FieldType.DECIMAL:
        # Unconstrained NUMERIC: the column's NUMERIC(10, 2) would round or overflow the value.
        return literal(value, Numeric())
    if kind is FieldType.DATETIME and _stores_naive_datetimes(column):
        return value.replace(tzinfo=None)  # already UTC
    # Aware UTC datetimes bind as they are: timestamptz on PostgreSQL; on SQLite
    # DateTime writes the UTC wall time as text, matching UTC-stored values.
    return value


def _stores_naive_datetimes(column) -> bool:
    column_type = getattr(column, "type", None)
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    return isinstance(column_type, DateTime) and not column_type.timezone


def _describe(term: Comparison, field: SearchField) -> str:
    return f"field {excerpt(term.name)} ({field.type.value})"


def _term_error(term: Comparison, problem: str):
    return invalid_query(f"Invalid term {excerpt(term.text())} at position {term.position}: {problem}.")
