"""The two ways a search request can be rejected, as wallee-style 400 errors."""

from __future__ import annotations

from paystead.errors import BadRequest

# Offending text is echoed back to the client; cut it so a 4,000 character
# value does not come back in full.
_MAX_ECHO = 40


def excerpt(text: str) -> str:
    """``text`` quoted for a message, shortened when long."""
    if len(text) > _MAX_ECHO:
        text = text[:_MAX_ECHO] + "…"
    return repr(text)


def invalid_query(message: str) -> BadRequest:
    return BadRequest(message, code="invalid_query", errors={"query": message})


def invalid_order(message: str) -> BadRequest:
    return BadRequest(message, code="invalid_order", errors={"order": message})
