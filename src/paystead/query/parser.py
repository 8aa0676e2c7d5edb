"""``parse_query``: the text of a wallee ``query`` parameter -> an ast tree.

The grammar lives in ``grammar.lark``; this module adds what a grammar cannot
say (limits, forbidden characters, the number of name segments) and turns every
failure into a ``BadRequest`` that names the position and the offending text.

Positions are 1-based character offsets into the whole query text (queries are
one line in practice; a newline counts as one character).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.utils import TextSlice

from paystead.errors import BadRequest
from paystead.query.ast import OPERATORS, And, Comparison, Node, Not, Or
from paystead.query.errors import excerpt, invalid_query

MAX_QUERY_LENGTH = 4000
MAX_NESTING_DEPTH = 32
MAX_NAME_SEGMENTS = 4
# SQLite refuses expressions nested deeper than 1,000, and a chain of N ANDs is
# N deep to it; 4,000 characters could hold 1,000 terms ("a:1 a:1 ...").
MAX_COMPARISONS = 500

_WHITESPACE = " \t\r\n"
# Other control characters (NUL above all: PostgreSQL text cannot hold it) and
# lone surrogates (they cannot be encoded for the database) are never valid.
_FORBIDDEN_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_QUOTED_ESCAPE = re.compile(r"\\([\\\"'])")
_FRAGMENT = re.compile(r"[^ \t\r\n()]+|.", re.DOTALL)


@v_args(inline=True)
class _BuildNodes(Transformer):
    """Run by the LALR parser on each reduction, so no lark tree is ever built
    (and nothing recurses over one, however long the query)."""

    def comparison(self, name: Token, comparator: Token, value: Token | None = None) -> Comparison:
        position = name.start_pos + 1
        if name.value.count(".") >= MAX_NAME_SEGMENTS:
            raise invalid_query(
                f"Invalid query at position {position}: field name {excerpt(name.value)} "
                f"has more than {MAX_NAME_SEGMENTS} segments."
            )
        return Comparison(name.value, OPERATORS[comparator.value], _value_text(value), position)

    def negated(self, _negation: Token, item: Node) -> Not:
        return Not(item)

    def and_query(self, *items: Node) -> And:
        return And(items)

    def or_query(self, *items: Node) -> Or:
        return Or(items)


def _value_text(token: Token | None) -> str | None:
    if token is None:
        return None
    if token.type == "QUOTED_VALUE":
        return _QUOTED_ESCAPE.sub(r"\1", token.value[1:-1])
    return token.value


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = files("paystead.query").joinpath("grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="contextual", transformer=_BuildNodes())


def parse_query(text: str | None) -> Node | None:
    """Parse a query; None for a missing or blank one. Raises BadRequest (invalid_query)."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise invalid_query("Invalid query: expected text.")
    if len(text) > MAX_QUERY_LENGTH:
        raise invalid_query(f"Invalid query: longer than {MAX_QUERY_LENGTH} characters.")
    forbidden = _FORBIDDEN_CHARACTER.search(text)
    if forbidden:
        raise invalid_query(
            f"Invalid query at position {forbidden.start() + 1}: "
            f"character U+{ord(forbidden.group()):04X} is not allowed."
        )
    end = len(text.rstrip(_WHITESPACE))
    start = len(text) - len(text.lstrip(_WHITESPACE))
    if start >= end:
        return None
    try:
        return _parse_slice(text, start, end)
    except BadRequest:
        raise
    except UnexpectedInput as error:
        raise _syntax_error(text, end, error) from None
    except Exception as error:  # noqa: BLE001 - should not happen; still never a 500
        raise invalid_query(f"Invalid query: could not be read ({type(error).__name__}).") from None


def _parse_slice(text: str, start: int, end: int) -> Node:
    # Lexing against the full text keeps token positions absolute.
    interactive = _parser().parse_interactive(TextSlice(text, start, end))
    depth = comparisons = 0
    last_token = None
    for token in interactive.iter_parse():
        if token.type == "COMPARATOR":
            comparisons += 1
            if comparisons > MAX_COMPARISONS:
                raise invalid_query(
                    f"Invalid query at position {token.start_pos + 1}: more than {MAX_COMPARISONS} comparisons."
                )
        elif token.type == "_LPAR":
            depth += 1
            if depth > MAX_NESTING_DEPTH:
                raise invalid_query(
                    f"Invalid query at position {token.start_pos + 1}: parentheses nested "
                    f"deeper than {MAX_NESTING_DEPTH} levels."
                )
        elif token.type == "_RPAR":
            depth -= 1
        last_token = token
    try:
        return interactive.feed_eof(last_token)
    except UnexpectedToken as error:
        # Report a premature end at the end of the text, not at the last token.
        raise invalid_query(f"Invalid query at position {end + 1}: unexpected end of query{_hint(error)}.") from None


def _syntax_error(text: str, end: int, error: UnexpectedInput) -> BadRequest:
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        return invalid_query(f"Invalid query at position {end + 1}: unexpected end of query{_hint(error)}.")
    if isinstance(error, UnexpectedToken):
        token = error.token
        # Separator tokens carry their leading whitespace; point at what follows it.
        stripped = token.value.lstrip(_WHITESPACE)
        position = token.start_pos + (len(token.value) - len(stripped) if stripped else 0)
    else:
        position = error.pos_in_stream
    fragment = _FRAGMENT.match(text, position, end)
    if position >= end or fragment is None:
        return invalid_query(f"Invalid query at position {end + 1}: unexpected end of query{_hint(error)}.")
    shown = fragment.group()
    if shown in ("'", '"') or (shown[0] in "'\"" and isinstance(error, UnexpectedCharacters)):
        return invalid_query(f"Invalid query at position {position + 1}: unterminated quoted value.")
    if shown.isspace():
        return invalid_query(f"Invalid query at position {position + 1}: unexpected whitespace{_hint(error)}.")
    return invalid_query(f"Invalid query at position {position + 1}: unexpected {excerpt(shown)}{_hint(error)}.")


def _hint(error: UnexpectedInput) -> str:
    expected = set(getattr(error, "expected", None) or getattr(error, "allowed", None) or ())
    if expected == {"COMPARATOR"}:
        return " (expected a comparator such as ':' after the field name)"
    if "NAME" in expected:
        return " (expected a field name, '(', '-' or 'NOT')"
    if "_RPAR" in expected and "_SEP" not in expected:
        return " (expected ')')"
    return ""
