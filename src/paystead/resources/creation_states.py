"""The states a client may give an object whose lifecycle is wallee's CreationEntityState:
deleting goes through the delete operation, never through a state."""

from __future__ import annotations

from paystead.errors import UnprocessableEntity

SETTABLE_STATES = ("CREATE", "ACTIVE", "INACTIVE")


def settable_state(data: dict, default: str | None = None) -> str | None:
    state = data.get("state", default)
    if state is not None and state not in SETTABLE_STATES:
        raise UnprocessableEntity(f"state must be one of {', '.join(SETTABLE_STATES)} (delete to remove)",
                                  code="invalid_state", errors={"state": f"{state} cannot be set"})
    return state
