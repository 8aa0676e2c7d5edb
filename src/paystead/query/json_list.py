"""Predicates on JSON array columns (FieldType.STRING_LIST), spelled per database.

``JsonListContains``: the array has elements equal to each of these texts, ignoring case.
``JsonListIsNull``: SQL NULL or JSON ``null`` -- SQLAlchemy's ``JSON`` type
stores Python None as JSON ``null`` unless the column says ``none_as_null``.

SQLite and PostgreSQL unpack JSON arrays with different table functions, so
the construct picks its SQL when the statement is compiled for a dialect:

* SQLite:     (SELECT count(DISTINCT lower(value)) FROM json_each(col)
               WHERE lower(value) IN (:values)) = :count
* PostgreSQL: (SELECT count(DISTINCT lower(item #>> '{}')) FROM jsonb_array_elements(col::jsonb) AS item
               WHERE lower(item #>> '{}') IN (:values)) = :count

(``:values`` lower-cased and without duplicates, ``:count`` how many they are;
non-string elements are left out as NULL.)

Only string elements match, on both. Non-array JSON counts as "no elements",
as does malformed JSON on SQLite (PostgreSQL cannot cast it and fails: store
valid JSON). A NULL column has no elements.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Boolean, Integer, String, bindparam, case, cast, func, literal, literal_column, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


class _JsonListPredicate(ColumnElement[bool]):
    type = Boolean()
    # A predicate, not a boolean column: no "= 1" appended where booleans are ints.
    _is_implicitly_boolean = True
    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column) -> None:
        # ORM attributes hand over their column; plain columns are used as they are.
        self.column = column.__clause_element__() if hasattr(column, "__clause_element__") else column

    @property
    def _from_objects(self):
        # So that select(func.count()).where(...) still finds the column's table.
        return self.column._from_objects


class JsonListContains(_JsonListPredicate):
    """The array holds every one of ``values`` (as whole elements, ignoring case)."""

    __visit_name__ = "json_list_contains"
    inherit_cache = True
    _traverse_internals = _JsonListPredicate._traverse_internals + [
        ("values", InternalTraversal.dp_clauseelement),
        ("count", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column, values: Sequence[str]) -> None:
        super().__init__(column)
        wanted = sorted({value.lower() for value in values})
        if not wanted:
            raise ValueError("JsonListContains needs at least one value")
        self.values = bindparam(None, wanted, type_=String(), expanding=True, unique=True)
        self.count = bindparam(None, len(wanted), type_=Integer(), unique=True)


class JsonListIsNull(_JsonListPredicate):
    __visit_name__ = "json_list_is_null"
    inherit_cache = True


@compiles(JsonListContains)
@compiles(JsonListIsNull)
def _unsupported(element, compiler, **kw):
    raise CompileError(f"STRING_LIST search is not supported on {compiler.dialect.name}")


def _sqlite_valid_json(column):
    # json_valid() first, in its own CASE: json_type() and json_each() raise on
    # malformed JSON, and SQLite does not promise to short-circuit AND.
    return case((func.json_valid(column) == 1, column), else_=literal("[]"))


def _all_found(element, matching_texts, from_clause=None):
    # One subquery however many values: an AND of one EXISTS per value would be
    # an expression as deep as the list is long (SQLite stops at depth 1,000).
    found = select(func.count(matching_texts.distinct()))
    if from_clause is not None:
        found = found.select_from(from_clause)
    found = found.where(matching_texts.in_(element.values))
    return found.scalar_subquery() == element.count


@compiles(JsonListContains, "sqlite")
def _sqlite(element, compiler, **kw):
    valid = _sqlite_valid_json(element.column)
    array = case((func.json_type(valid) == "array", valid), else_=literal("[]"))
    items = func.json_each(array).table_valued("value", "type")
    # Only string elements: json_each() gives numbers as numbers, PostgreSQL as text.
    texts = case((items.c.type == "text", func.lower(items.c.value)))
    return f"({compiler.process(_all_found(element, texts, items), **kw)})"  # rendered as text: group it


@compiles(JsonListContains, "postgresql")
def _postgresql(element, compiler, **kw):
    as_jsonb = cast(element.column, JSONB)
    array = case((func.jsonb_typeof(as_jsonb) == "array", as_jsonb), else_=cast(literal("[]"), JSONB))
    item = func.jsonb_array_elements(array, type_=JSONB).column_valued()
    # #>> '{}' unwraps a JSON string to its text, undoing any escapes.
    texts = case((func.jsonb_typeof(item) == "string", func.lower(item.op("#>>")(literal_column("'{}'")))))
    return f"({compiler.process(_all_found(element, texts), **kw)})"


@compiles(JsonListIsNull, "sqlite")
def _sqlite_is_null(element, compiler, **kw):
    is_null = or_(element.column.is_(None), func.json_type(_sqlite_valid_json(element.column)) == "null")
    return f"({compiler.process(is_null, **kw)})"  # rendered as text: group it ourselves


@compiles(JsonListIsNull, "postgresql")
def _postgresql_is_null(element, compiler, **kw):
    # Never NULL itself: for a NULL column the left side is already true.
    is_null = or_(element.column.is_(None), func.jsonb_typeof(cast(element.column, JSONB)) == "null")
    return f"({compiler.process(is_null, **kw)})"
