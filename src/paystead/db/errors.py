"""Telling "the database is unreachable" apart from other database errors."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# SQLSTATE classes and codes that mean the connection or the server is not usable right now.
_UNAVAILABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300", "55000", "3D000")


def _sqlstate(exc: BaseException) -> str | None:
    for candidate in (getattr(exc, "orig", None), getattr(getattr(exc, "orig", None), "__cause__", None)):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str):
            return code
    return None


def is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, (OperationalError, InterfaceError, ConnectionError, TimeoutError)):
        return True
    if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        code = _sqlstate(exc)
        if code and any(code.startswith(prefix) for prefix in _UNAVAILABLE_SQLSTATES):
            return True
        # asyncpg reports a connection broken mid-protocol as an internal client error.
        return type(getattr(exc, "orig", None)).__name__ in ("InternalClientError", "ConnectionDoesNotExistError")
    return False
