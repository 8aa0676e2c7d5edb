"""``parse_order``: wallee's ``order`` parameter -> (column, descending) pairs.

``createdOn:DESC id`` sorts by createdOn descending, then id ascending. Fields
are separated by whitespace (a ``+`` in the URL arrives as a space); the
direction is ASC or DESC in any case, ASC when left out.
"""

from __future__ import annotations

import re

from sqlalchemy.sql.elements import ColumnElement

from paystead.query.errors import excerpt, invalid_order
from paystead.query.fields import FieldResolver

MAX_ORDER_FIELDS = 10
MAX_ORDER_LENGTH = 1000

# The same names the query language accepts, at most four segments.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_][A-Za-z0-9_\-]*){0,3}")
_DIRECTIONS = {"ASC": False, "DESC": True}
_WHITESPACE = re.compile(r"[ \t\r\n]+")


def parse_order(text: str | None, resolver: FieldResolver) -> list[tuple[ColumnElement, bool]]:
    """Sort columns, most significant first; the bool is True for descending.

    Raises BadRequest (invalid_order) for unknown fields, bad directions or too many fields.
    """
    if text is None:
        return []
    if not isinstance(text, str) or len(text) > MAX_ORDER_LENGTH:
        raise invalid_order(f"Invalid order: expected at most {MAX_ORDER_LENGTH} characters of text.")
    items = [item for item in _WHITESPACE.split(text) if item]
    if len(items) > MAX_ORDER_FIELDS:
        raise invalid_order(f"Invalid order: at most {MAX_ORDER_FIELDS} fields can be sorted by.")
    return [_order_item(item, resolver) for item in items]


def _order_item(item: str, resolver: FieldResolver) -> tuple[ColumnElement, bool]:
    name, colon, direction = item.partition(":")
    if not _NAME.fullmatch(name):
        raise invalid_order(f"Invalid order: {excerpt(item)} is not a field name.")
    if colon and direction.upper() not in _DIRECTIONS:
        raise invalid_order(f"Invalid order: direction {excerpt(direction)} of {excerpt(name)} must be ASC or DESC.")
    field = resolver.resolve(name)
    if field is None:
        raise invalid_order(f"Invalid order: unknown field {excerpt(name)}.")
    return field.column, _DIRECTIONS[direction.upper()] if colon else False
