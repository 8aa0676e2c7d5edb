"""compile_query, executed for real on SQLite and PostgreSQL (see conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, String, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from paystead.errors import BadRequest
from paystead.query.parser import MAX_COMPARISONS
from paystead.query import (
    And,
    Comparison,
    FieldType,
    MappingResolver,
    Not,
    Or,
    SearchField,
    compile_query,
    parse_query,
)

from query_test_db import ALL_IDS, RESOLVER, items


def where(query: str):
    return compile_query(parse_query(query), RESOLVER)


def all_but(*excluded: int) -> list[int]:
    return [id for id in ALL_IDS if id not in excluded]


MATCHES = [
    # --- strings: case-insensitive equality, NULL-aware negation
    ('name:"john peter"', [1, 2]),
    ('name="JOHN PETER"', [1, 2]),
    ("name:JOHN", []),
    ('-name:"John Peter"', [3, 4, 5, 6]),
    ('NOT name:"John Peter"', [3, 4, 5, 6]),
    ("name:*", [4]),
    ("-name:*", all_but(4)),
    ("NOT name:*", all_but(4)),
    ("name:zürich", [5]),
    ("name:Zürich", [5]),
    ("name:\"x' OR '1'='1\"", []),  # values are bound, never spliced into SQL
    ('name:""', []),
    # --- contains: LIKE with %, _ and \ escaped
    ("name:~PETER", [1, 2]),
    ("name:~pet", [1, 2]),
    ("name:~off_sale", [3]),  # an unescaped _ would also match "offXsale"
    ("name:~100%", [3]),  # an unescaped % would also match "100 percent"
    ("name:~%", [3]),
    ("name:~_", [3]),
    ("name:~sale\\now", [3]),
    ("name:~'\\\\'", [3]),  # a quoted, escaped backslash
    ("name:~zür", [5]),
    ("-name:~peter", [3, 4, 5, 6]),
    ('name:~""', [1, 2, 3, 5, 6]),  # empty substring: every non-NULL name
    # --- ordering comparisons on text compare lower-cased
    ("currency:>chf currency:<USD", [1, 3]),
    # --- integers
    ("id:1 OR id:2", [1, 2]),
    ("id:>5 id:<=9", [6]),
    ("-id:3", all_but(3)),
    ("quantity:>2 quantity:<=10", [2, 3]),
    ("quantity:>=11", [5]),
    ("quantity:<1", [6]),
    ("quantity:>-1", [1, 2, 3, 5, 6]),
    ("quantity:+5", [2]),
    ("quantity:<1099511627776", [1, 2, 3, 5, 6]),  # 2**40 against an int4 column
    ("quantity:9223372036854775807", []),
    ("quantity:>=-9223372036854775808", [1, 2, 3, 5, 6]),
    ("-quantity:2", all_but(1)),
    ("quantity:*", [4]),
    # --- decimals (Numeric(12, 4); floats on SQLite)
    ("amount:10.5", [1, 2]),
    ("amount:10.50000", [1, 2]),
    ("amount:>10.4999", [1, 2, 5]),
    ("amount:<0", [3]),
    ("amount:-3.25", [3]),
    ("amount:0", [6]),
    ("amount:>=1000000.0001", [5]),
    ("amount:>1000000.00005", [5]),  # more digits than the column holds
    ("amount:<1E7", [1, 2, 3, 5, 6]),
    ("amount:>1e20", []),  # beyond NUMERIC(12, 4): compared, not overflowed
    ("amount:>.5", [1, 2, 5]),
    ("-amount:10.5", [3, 4, 5, 6]),
    # --- booleans
    ("active:true", [1, 3]),
    ("active:FALSE", [2, 6]),
    ("-active:true", [2, 4, 5, 6]),
    ("active:*", [4, 5]),
    # --- dates
    ("due:2026-01-15", [2]),
    ("due:<2026-01-15", [1, 6]),
    ("due:>='2026-01-15'", [2, 3]),
    ("-due:2026-01-15", [1, 3, 4, 5, 6]),
    # --- enums: case-insensitive input, canonical value compared
    ("state:pending", [1, 6]),
    ("state:PENDING", [1, 6]),
    ("-state:pending", [2, 3, 4, 5]),
    ("charge.transaction.state=PENDING AND currency=EUR", [1]),
    ("state:SUCCESSFUL AND (currency:CHF OR currency:EUR)", [2, 3]),
    # --- string lists: whole elements, case-insensitive, all must be contained
    ("tags:~red,blue", [1, 3]),
    ("tags:~red", [1, 3, 6]),
    ("tags:~RED,green", [3]),
    ("tags:~red,,blue,", [1, 3]),
    ("tags:~re", []),  # elements match whole, not as substrings
    ("tags:~purple", []),
    ("tags:red", [1, 3, 6]),
    ("-tags:~red", [2, 4, 5]),
    ("-tags:~red,blue", [2, 4, 5, 6]),
    ("tags:*", [4]),
    ("metaData.color:~green", [2, 3]),
    ("tagsText:~red,blue", [1, 3]),
    ("tagsText:~RED", [1, 3, 6]),
    ("-tagsText:~red", [2, 4, 5]),
    ("tagsText:*", [4]),
    # --- precedence and grouping
    ("id:2 quantity:5 OR id:3", [2, 3]),  # (id:2 AND quantity:5) OR id:3
    ("id:3 OR id:2 quantity:5", [2, 3]),
    ("id:3 OR id:2 AND quantity:2", [3]),
    ("(id:3 OR id:2) AND quantity:5", [2]),
    ("NOT (currency:EUR OR currency:CHF)", [4, 5, 6]),
    ("-(currency:EUR quantity:2)", all_but(1)),
    ("NOT (NOT currency:EUR)", [1, 3]),
    ("NOT (currency:* OR name:*)", [1, 2, 3, 5]),
    ("NOT (currency:CHF OR -quantity:2)", [1]),
    ("NOT (currency:EUR OR -quantity:2)", []),
    ("NOT currency:*", [1, 2, 3, 5]),
]

DATETIME_MATCHES = [
    ("{f}:>=2026-01-15T10:00:00Z", [2, 3]),
    ("{f}:>=2026-01-15T11:00:00+01:00", [2, 3]),  # same instant, other offset
    ("{f}:>=2026-01-15T05:00:00-05:00", [2, 3]),
    ("{f}:2026-01-15T10:00:00Z", [2]),
    ("{f}:2026-01-15T11:00:00+01:00", [2]),
    ("{f}:2026-01-15T10:00:00", [2]),  # naive means UTC
    ("{f}:'2026-01-15 10:00:00'", [2]),
    ("{f}:2026-01-15t10:00:00z", [2]),
    ("{f}:<'2026-01-15'", [5, 6]),  # a bare date is midnight UTC
    ("{f}:>=2026-01-15", [1, 2, 3]),
    ("{f}:>2026-01-14T23:59:59.999998Z", [1, 2, 3, 6]),
    ("{f}:2026-01-14T23:59:59.999999Z", [6]),
    ("{f}:2025-12-31T23:00:00+01:00", [5]),
    ("{f}:<=2025-12-31T22:00:00Z", [5]),
    ("{f}:<2025-12-31T22:00:00Z", []),
    ("-{f}:2026-01-15T10:00:00Z", [1, 3, 4, 5, 6]),
    ("{f}:*", [4]),
]


@pytest.mark.parametrize(("query", "expected"), MATCHES)
def test_query_matches(db, query, expected):
    assert db.ids(where(query)) == expected


@pytest.mark.parametrize("column", ["created", "stamped", "naive"])
@pytest.mark.parametrize(("template", "expected"), DATETIME_MATCHES)
def test_datetime_comparisons_on_every_datetime_column(db, column, template, expected):
    assert db.ids(where(template.format(f=column))) == expected


def test_spec_example_createdOn(db):
    assert db.ids(where("createdOn:>=2026-01-15T10:00:00Z")) == [2, 3]


def test_no_query_means_no_filter(db):
    assert compile_query(None, RESOLVER) is None
    assert compile_query(parse_query("   "), RESOLVER) is None
    assert db.ids(None) == ALL_IDS


SHORT_NAMES = MappingResolver(
    {
        "i": SearchField(items.c.id, FieldType.INTEGER),
        "n": SearchField(items.c.name, FieldType.STRING),
        "t": SearchField(items.c.tags, FieldType.STRING_LIST),
    }
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # As many terms as the parser allows: SQLite must not hit its expression depth limit.
        (" OR ".join(f"i:{n % 7}" for n in range(MAX_COMPARISONS)), ALL_IDS),
        (" ".join(["-i:4"] * MAX_COMPARISONS), all_but(4)),
        (" ".join(["(-n:x OR n:y)"] * (MAX_COMPARISONS // 2)), ALL_IDS),
        (" ".join(["i:1 i:1 OR i:2"] * (MAX_COMPARISONS // 3)), [1, 2]),
        # Hundreds of list values in all: still one subquery per term.
        (" ".join(["t:~" + ",".join(["red"] * 50 + ["blue"] * 50)] * 8), [1, 3]),
        (" ".join(["-t:~" + ",".join([f"v{n}" for n in range(100)])] * 6), ALL_IDS),
    ],
    ids=["or-chain", "negated-and-chain", "groups", "mixed", "lists", "negated-lists"],
)
def test_largest_queries_run(db, query, expected):
    assert len(query) <= 4000
    assert db.ids(compile_query(parse_query(query), SHORT_NAMES)) == expected


def test_result_is_one_sql_expression():
    expression = where("state:SUCCESSFUL AND (currency:CHF OR -tags:~red,blue)")
    assert isinstance(expression, ColumnElement)
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        sql = str(select(items.c.id).where(expression).compile(dialect=dialect))
        assert "SUCCESSFUL" not in sql  # bound as parameters


def test_string_equality_uses_lower_for_index_use():
    sql = str(where("name:John").compile(dialect=postgresql.dialect()))
    assert sql.startswith("lower(query_items.name) =")


def test_like_uses_an_escape_character():
    compiled = where("name:~a%b_c").compile(dialect=sqlite.dialect())
    assert "ESCAPE" in str(compiled)
    assert list(compiled.params.values()) == ["%a\\%b\\_c%"]


def test_hand_built_trees_compile():
    tree = Or((And((Comparison("id", "ge", "2", 1), Comparison("id", "le", "3", 1))), Not(Comparison("name", "null", None, 1))))
    assert compile_query(tree, RESOLVER) is not None


def test_orm_attributes_work_as_columns():
    class Base(DeclarativeBase):
        pass

    class Thing(Base):
        __tablename__ = "things"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        label: Mapped[str | None] = mapped_column(String(50))
        tags: Mapped[str | None] = mapped_column(String(200))

    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    resolver = MappingResolver(
        {
            "id": SearchField(Thing.id, FieldType.INTEGER),
            "label": SearchField(Thing.label, FieldType.STRING),
            "tags": SearchField(Thing.tags, FieldType.STRING_LIST),
        }
    )
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all([Thing(id=1, label="Alpha", tags='["x"]'), Thing(id=2, label=None, tags=None)])
        session.commit()
        expression = compile_query(parse_query("-label:ALPHA OR tags:~X"), resolver)
        assert session.scalars(select(Thing.id).where(expression).order_by(Thing.id)).all() == [1, 2]
        expression = compile_query(parse_query("label:~alp"), resolver)
        assert session.scalar(select(Thing.id).where(expression)) == 1
    engine.dispose()


def _compile_error(query: str) -> BadRequest:
    with pytest.raises(BadRequest) as caught:
        where(query)
    error = caught.value
    assert error.code == "invalid_query"
    assert error.status == 400
    assert error.errors == {"query": error.message}
    return error


def test_unknown_field_names_field_and_position():
    message = _compile_error("id:1 colour:red").message
    assert "'colour'" in message and "position 6" in message


def test_unknown_dotted_field_is_resolved_by_full_name():
    message = _compile_error("charge.state:PENDING").message
    assert "'charge.state'" in message and "position 1" in message


@pytest.mark.parametrize(
    ("query", "expected_type"),
    [
        ("id:abc", "an integer"),
        ("id:1.0", "an integer"),
        ("id:1e3", "an integer"),
        ("id:1_000", "an integer"),
        ("id:٣", "an integer"),  # Arabic-Indic digit
        ("id:0x10", "an integer"),
        ("id:9223372036854775808", "between"),
        ("id:-9223372036854775809", "between"),
        ("id:" + "9" * 3000, "between"),
        ("amount:NaN", "a decimal number"),
        ("amount:Infinity", "a decimal number"),
        ("amount:-inf", "a decimal number"),
        ("amount:1,5", "a decimal number"),
        ("amount:1e999999", "a decimal number between"),
        ("amount:1e-999999", "a decimal number between"),
        ("active:yes", "true or false"),
        ("active:1", "true or false"),
        ("due:2026-13-01", "a date (YYYY-MM-DD)"),
        ("due:2026-02-30", "a date (YYYY-MM-DD)"),
        ("due:2026-1-5", "a date (YYYY-MM-DD)"),
        ("due:2026-01-15T00:00:00Z", "a date (YYYY-MM-DD)"),
        ("created:yesterday", "ISO 8601"),
        ("created:2026-01-15T25:00:00Z", "ISO 8601"),
        ("created:2026-01-15T10:00:00+25:00", "ISO 8601"),
        ("created:0001-01-01T00:00:00+01:00", "ISO 8601"),  # before year 1 in UTC
        ("created:2026-W03-1", "ISO 8601"),
        ("state:UNKNOWN", "one of PENDING, SUCCESSFUL, FAILED"),
        ("tags:~,", "a comma-separated list"),
        ("tags:~" + ",".join(["a"] * 101), "at most 100"),
    ],
)
def test_values_that_do_not_fit_the_field(query, expected_type):
    message = _compile_error(query).message
    name = query.split(":")[0]
    assert f"'{name}'" in message
    assert expected_type in message
    assert "position 1" in message
    assert "Invalid term" in message


def test_value_error_names_the_term_at_its_position():
    message = _compile_error("id:1 AND quantity:>many").message
    assert "'quantity:>many'" in message and "position 10" in message and "an integer" in message


def test_long_values_are_shortened_in_messages():
    message = _compile_error("id:" + "x" * 3000).message
    assert len(message) < 300


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("name:*x", "takes no value"),
        ("id:*5", "takes no value"),
        ("name:", "needs a value"),
        ("id:> name:x", "needs a value"),
        ("tags:~", "needs a value"),
        ("id:~5", "':~' (contains) cannot be used"),
        ("amount:~5", "':~' (contains) cannot be used"),
        ("state:~PEND", "':~' (contains) cannot be used"),
        ("created:~2026", "':~' (contains) cannot be used"),
        ("active:~true", "':~' (contains) cannot be used"),
        ("active:<true", "':<' cannot be used"),
        ("active:>=false", "':>=' cannot be used"),
        ("state:>PENDING", "':>' cannot be used"),
        ("tags:<red", "':<' cannot be used"),
    ],
)
def test_comparators_that_do_not_fit(query, problem):
    message = _compile_error(query).message
    assert problem in message
    assert "position 1" in message


def test_negated_errors_are_still_reported():
    assert "unknown field" in _compile_error("NOT (id:1 OR nope:2)").message


def test_unknown_operator_in_hand_built_tree():
    with pytest.raises(BadRequest):
        compile_query(Comparison("id", "between", "1", 1), RESOLVER)


def test_hand_built_deep_tree_is_a_bad_request_not_a_crash():
    node = Comparison("id", "eq", "1", 1)
    for _ in range(20000):
        node = Not(node)
    with pytest.raises(BadRequest):
        compile_query(node, RESOLVER)


def test_resolver_is_called_with_the_full_dotted_name():
    seen = []

    class Recording:
        def resolve(self, name):
            seen.append(name)
            return SearchField(Column("state", String), FieldType.STRING)

    compile_query(parse_query("charge.transaction.state:x metaData.someKey:y"), Recording())
    assert seen == ["charge.transaction.state", "metaData.someKey"]
