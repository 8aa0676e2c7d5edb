"""The parsed form of a search query: a small immutable tree.

The server never sees lark's trees; the parser builds these nodes directly,
and the compiler turns them into one SQL expression.
"""

from __future__ import annotations

from dataclasses import dataclass

# The comparison operators, by the comparator that spells them.
OPERATORS = {
    ":": "eq",
    "=": "eq",
    ":<": "lt",
    ":>": "gt",
    ":<=": "le",
    ":>=": "ge",
    ":*": "null",
    ":~": "contains",
}

# How an operator is written back in error messages.
OPERATOR_SYMBOLS = {
    "eq": ":",
    "lt": ":<",
    "gt": ":>",
    "le": ":<=",
    "ge": ":>=",
    "null": ":*",
    "contains": ":~",
}


@dataclass(frozen=True)
class Comparison:
    """``name`` compared by ``op`` with ``value`` (None when no value was written).

    ``position`` is the 1-based character column of the field name in the query.
    """

    name: str
    op: str
    value: str | None
    position: int

    def text(self) -> str:
        """The term as it could be written again, for error messages."""
        value = "" if self.value is None else self.value
        return f"{self.name}{OPERATOR_SYMBOLS.get(self.op, ':')}{value}"


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: object


Node = Comparison | And | Or | Not
