"""``metaData``: a map of strings any resource can carry, with wallee's limits, searchable by key.

Limits: at most 25 keys, keys of 1 to 40 characters, values up to 512 characters; a body
beyond them is a 422 naming every offending key. ``metaData.<key>:value`` searches compile
to a JSON path expression (``JSON_EXTRACT`` on SQLite, ``->>`` on PostgreSQL) read as text.
"""

from __future__ import annotations

import re

from paystead.errors import UnprocessableEntity
from paystead.query import FieldType, SearchField

FIELD = "metaData"
MAX_KEYS = 25
MAX_KEY_LENGTH = 40
MAX_VALUE_LENGTH = 512
# Keys a search can name: the query language's name characters (dots allowed between segments).
_SEARCHABLE_KEY = re.compile(r"[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*")


def check_metadata(data: dict) -> None:
    """Raises a 422 when a validated body's ``metaData`` breaks the limits."""
    metadata = data.get(FIELD)
    if not metadata:
        return
    errors: dict[str, str] = {}
    if len(metadata) > MAX_KEYS:
        errors[FIELD] = f"at most {MAX_KEYS} keys, got {len(metadata)}"
    for key, value in metadata.items():
        shown = key[:MAX_KEY_LENGTH + 10]
        if not key:
            errors[f"{FIELD}.{shown}"] = "the key is empty"
        elif len(key) > MAX_KEY_LENGTH:
            errors[f"{FIELD}.{shown}"] = f"the key is longer than {MAX_KEY_LENGTH} characters"
        elif value is not None and len(value) > MAX_VALUE_LENGTH:
            errors[f"{FIELD}.{shown}"] = f"the value is longer than {MAX_VALUE_LENGTH} characters"
    if errors:
        raise UnprocessableEntity("metaData exceeds its limits: " + "; ".join(f"{k}: {v}" for k, v in errors.items()),
                                  code="invalid_metadata", errors=errors)


def metadata_search_field(json_column, name: str) -> SearchField | None:
    """The STRING field for ``metaData.<key>`` over ``json_column``; None for other names."""
    prefix = FIELD + "."
    if not name.startswith(prefix):
        return None
    key = name[len(prefix):]
    if len(key) > MAX_KEY_LENGTH or not _SEARCHABLE_KEY.fullmatch(key):
        return None
    return SearchField(column=json_column[key].as_string(), type=FieldType.STRING)
