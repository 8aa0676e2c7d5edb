"""How a resource describes the fields its search endpoint can filter and sort by.

Storage each field type expects (the compiler relies on it):

* INTEGER, DECIMAL, BOOLEAN, DATE: the matching SQLAlchemy type.
* STRING: text; equality and ``:~`` are case-insensitive through ``lower()``.
  On SQLite ``lower()`` folds ASCII letters only.
* ENUM: text holding the canonical (upper-case) name, e.g. ``"PENDING"``.
* DATETIME: ``DateTime(timezone=True)`` (or ``paystead.db.base.UtcDateTime``).
  Values are compared as UTC; on SQLite, where the column is naive text, the
  stored values must be UTC wall time (UtcDateTime guarantees this). A
  ``DateTime(timezone=False)`` column is compared with naive UTC values.
* STRING_LIST: a JSON array of strings, in a ``JSON``/``JSONB`` column or in
  text holding JSON (``NULL`` for no list). Elements are matched whole and
  case-insensitively; ``:~a,b`` means "contains a and contains b".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Protocol


class FieldType(enum.Enum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    STRING = "string"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    ENUM = "enum"
    STRING_LIST = "string_list"


@dataclass(frozen=True)
class SearchField:
    column: Any  # a SQLAlchemy column expression, e.g. table.c.name or Model.name
    type: FieldType
    enum_values: tuple[str, ...] = ()


class FieldResolver(Protocol):
    def resolve(self, name: str) -> SearchField | None:
        """The field for a (possibly dotted) name as written in the query; None if unknown."""


class MappingResolver(dict[str, SearchField]):
    """Resolves exact names only: ``MappingResolver({"id": SearchField(t.c.id, FieldType.INTEGER)})``."""

    def resolve(self, name: str) -> SearchField | None:
        return self.get(name)
