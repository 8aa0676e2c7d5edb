"""parse_query: wallee's query syntax -> ast nodes, and every way it can go wrong."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paystead.errors import BadRequest
from paystead.query import And, Comparison, Not, Or, parse_query
from paystead.query.parser import MAX_COMPARISONS, MAX_NESTING_DEPTH, MAX_QUERY_LENGTH, _parser


def C(name, op, value, position):
    return Comparison(name, op, value, position)


def shape(node):
    """The tree without positions, to compare queries written differently."""
    if isinstance(node, Comparison):
        return (node.name, node.op, node.value)
    if isinstance(node, Not):
        return ("NOT", shape(node.item))
    return (type(node).__name__, tuple(shape(item) for item in node.items))


SPEC_EXAMPLES = {
    'firstName:"John Peter" lastName:Doe': And((C("firstName", "eq", "John Peter", 1), C("lastName", "eq", "Doe", 24))),
    "charge.transaction.state=PENDING AND currency=EUR": And(
        (C("charge.transaction.state", "eq", "PENDING", 1), C("currency", "eq", "EUR", 38))
    ),
    "quantity:>2 quantity:<=10": And((C("quantity", "gt", "2", 1), C("quantity", "le", "10", 13))),
    "NOT currency:EUR": Not(C("currency", "eq", "EUR", 5)),
    "-currency:EUR": Not(C("currency", "eq", "EUR", 2)),
    "state:SUCCESSFUL AND (currency:CHF OR currency:EUR)": And(
        (C("state", "eq", "SUCCESSFUL", 1), Or((C("currency", "eq", "CHF", 23), C("currency", "eq", "EUR", 39))))
    ),
    "paymentMethod:*": C("paymentMethod", "null", None, 1),
    "color:~red,blue,green": C("color", "contains", "red,blue,green", 1),
    "id:1 OR id:2": Or((C("id", "eq", "1", 1), C("id", "eq", "2", 9))),
    'name:"x y" AND state:ACTIVE': And((C("name", "eq", "x y", 1), C("state", "eq", "ACTIVE", 16))),
    "merchantReference:~part": C("merchantReference", "contains", "part", 1),
    "id:>5 id:<=9": And((C("id", "gt", "5", 1), C("id", "le", "9", 7))),
    "-id:3": Not(C("id", "eq", "3", 2)),
    "completedOn:<'2026-01-15'": C("completedOn", "lt", "2026-01-15", 1),
    "createdOn:>=2026-01-15T10:00:00Z": C("createdOn", "ge", "2026-01-15T10:00:00Z", 1),
}


@pytest.mark.parametrize(("query", "expected"), SPEC_EXAMPLES.items(), ids=list(SPEC_EXAMPLES))
def test_spec_examples(query, expected):
    assert parse_query(query) == expected


@pytest.mark.parametrize(
    ("comparator", "op"),
    [(":", "eq"), ("=", "eq"), (":<", "lt"), (":>", "gt"), (":<=", "le"), (":>=", "ge"), (":~", "contains")],
)
def test_every_comparator(comparator, op):
    assert parse_query(f"f{comparator}1") == C("f", op, "1", 1)


def test_longest_comparator_wins_and_the_rest_is_value():
    assert parse_query("a:<=5") == C("a", "le", "5", 1)
    assert parse_query("a:=5") == C("a", "eq", "=5", 1)
    assert parse_query("a:~~x") == C("a", "contains", "~x", 1)
    assert parse_query("a:b:c") == C("a", "eq", "b:c", 1)
    assert parse_query("a:*") == C("a", "null", None, 1)


def test_missing_values_are_left_to_the_compiler():
    # The grammar makes the value optional; compile_query says which comparators need one.
    assert parse_query("a:") == C("a", "eq", None, 1)
    assert parse_query("a:*x") == C("a", "null", "x", 1)
    assert parse_query("a: b:2") == And((C("a", "eq", None, 1), C("b", "eq", "2", 4)))


# --- precedence ------------------------------------------------------------


def test_and_binds_tighter_than_or():
    assert parse_query("a:1 b:2 OR c:3") == Or((And((C("a", "eq", "1", 1), C("b", "eq", "2", 5))), C("c", "eq", "3", 12)))
    assert parse_query("a:1 OR b:2 AND c:3") == Or((C("a", "eq", "1", 1), And((C("b", "eq", "2", 8), C("c", "eq", "3", 16)))))


def test_implicit_and_explicit_and_are_the_same():
    assert shape(parse_query("a:1 b:2 c:3")) == shape(parse_query("a:1 AND b:2 AND c:3"))
    assert shape(parse_query("a:1 AND b:2 c:3")) == shape(parse_query("a:1 b:2 AND c:3"))


def test_long_chains_are_flat():
    node = parse_query(" OR ".join(f"id:{i}" for i in range(100)))
    assert isinstance(node, Or) and len(node.items) == 100


def test_parentheses_group():
    assert parse_query("(a:1 OR b:2) c:3") == And((Or((C("a", "eq", "1", 2), C("b", "eq", "2", 9))), C("c", "eq", "3", 14)))
    assert parse_query("(((a:1)))") == C("a", "eq", "1", 4)


@pytest.mark.parametrize("query", ["( a:1 ) OR ( b:2 )", "(a:1)OR(b:2)", "(a:1) OR(b:2)", "(\ta:1\n)\nOR\n(\tb:2\t)"])
def test_parentheses_absorb_adjacent_whitespace_and_connectives_may_touch_them(query):
    assert shape(parse_query(query)) == shape(parse_query("a:1 OR b:2"))


# --- negation ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["-a:1", "NOT a:1", "NOT\ta:1", "NOT \n a:1"])
def test_negation_forms_mean_the_same(query):
    assert shape(parse_query(query)) == ("NOT", ("a", "eq", "1"))


@pytest.mark.parametrize("query", ["-(a:1 OR b:2)", "NOT (a:1 OR b:2)", "NOT(a:1 OR b:2)"])
def test_negated_groups(query):
    node = parse_query(query)
    assert isinstance(node, Not) and isinstance(node.item, Or)


def test_negation_binds_to_one_term():
    assert parse_query("-a:1 b:2") == And((Not(C("a", "eq", "1", 2)), C("b", "eq", "2", 6)))
    assert parse_query("NOT a:1 OR b:2") == Or((Not(C("a", "eq", "1", 5)), C("b", "eq", "2", 12)))


def test_values_may_start_with_a_minus():
    assert parse_query("a:-5") == C("a", "eq", "-5", 1)


# --- keywords -----------------------------------------------------------------


def test_keywords_are_upper_case_whole_words_only():
    assert parse_query("a:1 ORDER:2") == And((C("a", "eq", "1", 1), C("ORDER", "eq", "2", 5)))
    assert parse_query("ANDROID:1 OR NOTE:2") == Or((C("ANDROID", "eq", "1", 1), C("NOTE", "eq", "2", 14)))
    assert parse_query("NOTHING:1") == C("NOTHING", "eq", "1", 1)
    assert parse_query("a:OR") == C("a", "eq", "OR", 1)
    assert parse_query("a:AND b:NOT") == And((C("a", "eq", "AND", 1), C("b", "eq", "NOT", 7)))


@pytest.mark.parametrize("query", ["a:1 or b:2", "a:1 and b:2", "not a:1"])
def test_lower_case_keywords_are_not_keywords(query):
    with pytest.raises(BadRequest):
        parse_query(query)


# --- quoting ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "value"),
    [
        ('a:"John Peter"', "John Peter"),
        ("a:'John Peter'", "John Peter"),
        ('a:""', ""),
        ("a:''", ""),
        ('a:"it\'s"', "it's"),
        ("a:'say \"hi\"'", 'say "hi"'),
        (r'a:"say \"hi\""', 'say "hi"'),
        (r"a:'it\'s'", "it's"),
        (r'a:"back\\slash"', "back\\slash"),
        (r'a:"C:\temp"', r"C:\temp"),  # other backslashes stay as they are
        ('a:"x OR y AND NOT (z)"', "x OR y AND NOT (z)"),
        ('a:"  padded  "', "  padded  "),
        ('a:"tab\there"', "tab\there"),
        ('a:"line\nbreak"', "line\nbreak"),
        ("a:O'Brien", "O'Brien"),  # quotes inside a bare value are plain characters
        ("a:Zürich", "Zürich"),
        ('a:"東京 タワー"', "東京 タワー"),
        ("a:🙂", "🙂"),
        ("a:\u00a0x", "\u00a0x"),  # only ASCII whitespace separates
    ],
)
def test_values(query, value):
    assert parse_query(query) == C("a", "eq", value, 1)


def test_quoted_and_unquoted_values_are_the_same():
    assert parse_query("a:EUR") == parse_query('a:"EUR"') == parse_query("a:'EUR'")


# --- whitespace -----------------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", " ", "\t\n\r ", "\n"])
def test_blank_queries_are_none(text):
    assert parse_query(text) is None


def test_any_mix_of_whitespace_separates():
    node = parse_query(" \t\na:1 \t \n b:2\r\nOR\tc:3 \n")
    assert node == Or((And((C("a", "eq", "1", 4), C("b", "eq", "2", 12))), C("c", "eq", "3", 20)))


def test_positions_count_from_the_start_of_the_raw_text():
    assert parse_query("   a:1") == C("a", "eq", "1", 4)


# --- names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["id", "charge.transaction.state", "a.b.c.d", "metaData.someKey", "metaData.order-id", "_x", "line2.item_3"]
)
def test_names(name):
    assert parse_query(f"{name}:1") == C(name, "eq", "1", 1)


def test_more_than_four_name_segments_is_an_error():
    error = _error("x:1 a.b.c.d.e:1")
    assert "position 5" in error.message and "'a.b.c.d.e'" in error.message


# --- errors ----------------------------------------------------------------------


def _error(query) -> BadRequest:
    with pytest.raises(BadRequest) as caught:
        parse_query(query)
    error = caught.value
    assert error.code == "invalid_query"
    assert error.status == 400
    assert error.errors == {"query": error.message}
    return error


@pytest.mark.parametrize(
    ("query", "position", "offending"),
    [
        ("a:1 AND", 5, "'AND'"),
        ("a:1 OR", 5, "'OR'"),
        ("AND a:1", 1, "'AND'"),
        ("OR", 1, "'OR'"),
        ("a:1 AND OR b:2", 9, "'OR'"),
        ("a:1 AND AND b:2", 9, "'AND'"),
        ("a b:1", 2, "whitespace"),
        ("a", 2, "end of query"),
        ("a:1 b", 6, "end of query"),
        ("(a:1", 5, "end of query"),
        ("(a:1 OR b:2 ", 12, "end of query"),
        ("a:1)", 4, "')'"),
        ("a:1 )", 5, "')'"),
        ("()", 2, "')'"),
        ("(", 2, "end of query"),
        (")", 1, "')'"),
        ("- a:1", 2, "whitespace"),
        ("--a:1", 2, "'-a:1'"),
        ("NOT NOT a:1", 5, "'NOT'"),
        ("NOT", 1, "'NOT'"),
        ('a:"abc', 3, "unterminated quoted value"),
        ("a:'abc", 3, "unterminated quoted value"),
        ('a:"x"y', 6, "'y'"),
        ("a:x(y", 4, "'('"),
        ("a:1(b:2)", 4, "'('"),
        ("(a:1)(b:2)", 6, "'('"),
        ("a :1", 2, "whitespace"),
        (":1", 1, "':1'"),
        ("1a:1", 1, "'1a:1'"),
        ("a..b:1", 2, "'..b:1'"),
        ("naïve:1", 3, "'ïve:1'"),
        ("a;DROP TABLE x:1", 2, "';DROP'"),
    ],
)
def test_syntax_errors_name_position_and_text(query, position, offending):
    message = _error(query).message
    assert f"position {position}:" in message, message
    assert offending in message, message


def test_hint_after_a_field_name():
    assert "comparator" in _error("a b:1").message


def test_nul_bytes_are_rejected():
    message = _error("a:x\x00y").message
    assert "position 4" in message and "U+0000" in message


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\x0b", "\x0c", "\ud800", "\udfff"])
def test_control_characters_and_lone_surrogates_are_rejected(character):
    assert "position 4:" in _error(f'a:"{character}"').message


# --- limits and hostile input ---------------------------------------------------------


def test_maximum_length_is_accepted():
    query = "a:" + "x" * (MAX_QUERY_LENGTH - 2)
    assert parse_query(query).value == "x" * (MAX_QUERY_LENGTH - 2)


def test_longer_queries_are_rejected():
    assert "4000" in _error("a:" + "x" * (MAX_QUERY_LENGTH - 1)).message


def test_huge_input_is_rejected_quickly():
    started = time.perf_counter()
    _error("a:" + "x" * 10_000_000)
    assert time.perf_counter() - started < 0.5


def test_nesting_up_to_the_limit_is_accepted():
    depth = MAX_NESTING_DEPTH
    assert parse_query("(" * depth + "a:1" + ")" * depth) == C("a", "eq", "1", depth + 1)


def test_deeper_nesting_is_rejected_at_the_first_paren_too_many():
    depth = MAX_NESTING_DEPTH + 1
    message = _error("(" * depth + "a:1" + ")" * depth).message
    assert f"position {depth}:" in message and "nested" in message


def test_ten_thousand_nested_parentheses():
    _error("(" * 10_000 + "a:1" + ")" * 10_000)


def test_deep_nesting_within_the_length_limit():
    _error("(" * 1_990 + "a:1" + ")" * 1_990)
    _error("-(" * 1_300 + "a:1" + ")" * 1_300)


def test_sequential_groups_do_not_add_up_to_depth():
    group = "(" * 20 + "a:1" + ")" * 20
    assert isinstance(parse_query(f"{group} {group} {group}"), And)


def test_comparisons_up_to_the_limit():
    node = parse_query(" ".join(["a:1"] * MAX_COMPARISONS))
    assert isinstance(node, And) and len(node.items) == MAX_COMPARISONS


def test_more_comparisons_are_rejected():
    message = _error(" ".join(["a:1"] * 1000)).message
    assert f"position {MAX_COMPARISONS * 4 + 2}:" in message and f"more than {MAX_COMPARISONS}" in message


def test_unbalanced_parentheses_only():
    _error(")" * 3000)
    _error("(" * 3000)


@pytest.mark.parametrize("garbage", [b"a:1", 42, ["a:1"]])
def test_non_text_is_a_bad_request(garbage):
    _error(garbage)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(list("ab.:<>=*~-()\"' \t\nANDORT1\\,%_") + [" AND ", " OR ", "NOT ", "\x00", "é", "x:1"]),
        max_size=40,
    ).map("".join)
)
def test_fuzz_only_nodes_none_or_bad_request(text):
    try:
        result = parse_query(text)
    except BadRequest as error:
        assert error.code == "invalid_query"
        assert "position" in error.message
    else:
        assert result is None or isinstance(result, (And, Or, Not, Comparison))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_arbitrary_unicode(text):
    try:
        parse_query(text)
    except BadRequest as error:
        assert error.code == "invalid_query"


# --- performance --------------------------------------------------------------


def test_the_parser_is_built_once():
    assert _parser() is _parser()


def test_typical_queries_parse_well_under_a_millisecond():
    queries = ['state:SUCCESSFUL AND (currency:CHF OR currency:EUR)', 'firstName:"John Peter" lastName:Doe', "-id:3"]
    parse_query(queries[0])  # build the parser outside the timing
    best = float("inf")
    for _ in range(5):  # best of five rounds: robust against a busy machine
        started = time.perf_counter()
        for _ in range(100):
            for query in queries:
                parse_query(query)
        best = min(best, (time.perf_counter() - started) / 300)
    assert best < 0.001
