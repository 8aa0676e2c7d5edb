"""parse_order: the ``order`` parameter -> (column, descending) pairs, and sorting with them."""

from __future__ import annotations

import pytest
from query_test_db import RESOLVER, items
from sqlalchemy import asc, desc

from paystead.errors import BadRequest
from paystead.query import compile_query, parse_order, parse_query


@pytest.mark.parametrize("text", [None, "", "   ", "\t\n"])
def test_no_order(text):
    assert parse_order(text, RESOLVER) == []


def test_fields_and_directions():
    assert parse_order("quantity", RESOLVER) == [(items.c.quantity, False)]
    assert parse_order("quantity:DESC id:ASC", RESOLVER) == [(items.c.quantity, True), (items.c.id, False)]
    assert parse_order("quantity:desc id:Asc name", RESOLVER) == [
        (items.c.quantity, True),
        (items.c.id, False),
        (items.c.name, False),
    ]


def test_plus_from_the_url_arrives_as_whitespace():
    assert parse_order("  createdOn:DESC \t id\n", RESOLVER) == [(items.c.created, True), (items.c.id, False)]


def test_dotted_names_are_resolved_whole():
    assert parse_order("charge.transaction.state:DESC", RESOLVER) == [(items.c.state, True)]


def test_ten_fields_are_allowed():
    assert len(parse_order(" ".join(["id"] * 10), RESOLVER)) == 10


def _error(text) -> str:
    with pytest.raises(BadRequest) as caught:
        parse_order(text, RESOLVER)
    error = caught.value
    assert error.code == "invalid_order"
    assert error.status == 400
    assert error.errors == {"order": error.message}
    return error.message


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("colour", "'colour'"),
        ("id colour:DESC", "'colour'"),
        ("id:DOWN", "'DOWN'"),
        ("id:", "ASC or DESC"),
        ("id:DESC:ASC", "ASC or DESC"),
        (":DESC", "not a field name"),
        ("a..b", "not a field name"),
        ("a.b.c.d.e", "not a field name"),
        ("id,name", "not a field name"),
        ("id;DROP", "not a field name"),
        ("naïve", "not a field name"),
        (" ".join(["id"] * 11), "at most 10"),
        ("id " * 2000, "characters"),
        (b"id", "text"),
    ],
)
def test_errors(text, mentions):
    assert mentions in _error(text)


def test_ordering_sorts_on_both_databases(db):
    # NULLs sort first on SQLite and last on PostgreSQL: compare rows without them.
    def ordered(order, query="-quantity:*"):
        clauses = [desc(column) if descending else asc(column) for column, descending in parse_order(order, RESOLVER)]
        return db.ids(compile_query(parse_query(query), RESOLVER), order_by=clauses)

    assert ordered("quantity") == [6, 1, 2, 3, 5]
    assert ordered("quantity:DESC") == [5, 3, 2, 1, 6]
    assert ordered("state:DESC amount:ASC") == [3, 2, 6, 1, 5]
    assert ordered("active amount:desc", "-active:*") == [2, 6, 1, 3]  # false before true
