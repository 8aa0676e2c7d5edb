"""State machines as data: one transition table per entity and one ``transition()`` that checks
the table, stamps the state's timestamp and records the event row webhooks are built from.

The caller holds the row's lock (``get_for(..., lock=True)`` or a locked select) so that two
requests cannot both take the same edge.

Events of rows not yet inserted wait in the session until a flush gives the rows their ids
(``_write_waiting_events``), so that recording a state never forces a flush of its own: a card
payment walks a dozen states, and one flush per state was most of its database round trips.
Events keep the order in which they were recorded.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from paystead.db.base import utcnow
from paystead.db.models import Event
from paystead.errors import UnprocessableEntity


@dataclass(frozen=True)
class StateMachine:
    entity: str  # wire model name, e.g. "Transaction"
    transitions: Mapping[str, frozenset[str]]
    # The attribute stamped with the time a state is reached, e.g. {"AUTHORIZED": "authorized_on"}.
    stamps: Mapping[str, str] = field(default_factory=dict)
    # The entity's states (wallee's wire enum), with its named groups of states.
    states: type[StrEnum] | None = None

    def allows(self, source: str, target: str) -> bool:
        return target in self.transitions.get(source, frozenset())

    @property
    def groups(self) -> dict[str, frozenset[str]]:
        """The named groups of states declared on the state enum, e.g. {"PROCESSABLE": ...}."""
        if self.states is None:
            return {}
        return {name: value for name, value in vars(self.states).items()
                if isinstance(value, frozenset) and not name.startswith("_")}


def edges(table: Mapping[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    return {source: frozenset(targets) for source, targets in table.items()}


_WAITING = "paystead.states.waiting_events"


def record(session: AsyncSession, row, machine: StateMachine, previous: str | None, detail: str | None = None,
           *, state: str | None = None) -> None:
    """The event of ``row`` having reached its current state (or ``state``); written once the
    row has its id."""
    waiting = session.sync_session.info.setdefault(_WAITING, [])
    waiting.append((row, machine.entity, state or row.state, previous, detail))
    if row.id is not None and len(waiting) == 1:
        _write_waiting_events(session.sync_session)


def _write_waiting_events(session: Session) -> None:
    """Adds the waiting events, in order, up to the first whose row has no id yet; drops those of
    rows that left the session (a rolled-back savepoint)."""
    waiting = session.info.get(_WAITING)
    while waiting:
        row, entity, state, previous, detail = waiting[0]
        status = inspect(row)
        if status.pending:
            return
        waiting.pop(0)
        if status.persistent:
            session.add(Event(space_id=row.space_id, entity=entity, entity_id=row.id, state=state,
                              previous_state=previous, detail=detail))


def _after_flush(session: Session, _context) -> None:
    _write_waiting_events(session)


def _before_commit(session: Session) -> None:
    _write_waiting_events(session)


def _forget_waiting_events(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WAITING, None)


# Installed on Paystead's sessions (``paystead.modules`` lists them ahead of the webhook outbox's,
# so that the outbox sees the events added here in the same flush).
SESSION_HOOKS = (
    ("after_flush", _after_flush),
    ("before_commit", _before_commit),
    ("after_transaction_end", _forget_waiting_events),
)


def enter(session: AsyncSession, row, machine: StateMachine, initial: str, *, detail: str | None = None) -> None:
    """Sets a new row's first state (stamped) and records it."""
    row.state = initial
    _stamp(row, machine, initial)
    record(session, row, machine, None, detail)


def plan_path(row, machine: StateMachine, path: list[str]) -> None:
    """For a row not yet inserted: walks ``path`` (checked against the table) and leaves the row
    in its last state with every state's stamp, so that it is inserted once, at version 1.
    ``record_path`` adds its events."""
    for source, target in zip(path, path[1:]):
        if not machine.allows(source, target):
            raise ValueError(f"{machine.entity}: {source} -> {target} is not in the transition table")
    row.state = path[-1]
    for state in path:
        _stamp(row, machine, state)


def record_path(session: AsyncSession, row, machine: StateMachine, path: list[str]) -> None:
    for previous, state in zip([None, *path[:-1]], path):
        record(session, row, machine, previous, state=state)


def insert_through(session: AsyncSession, row, machine: StateMachine, path: list[str]) -> None:
    """Adds a new row that walked ``path`` at once (inserted once, at version 1), with its events."""
    plan_path(row, machine, path)
    session.add(row)
    record_path(session, row, machine, path)


def transition(session: AsyncSession, row, machine: StateMachine, target: str, *, detail: str | None = None) -> None:
    """Moves ``row`` to ``target`` if the table allows it; a forbidden edge is a 422 that changes nothing."""
    source = row.state
    if not machine.allows(source, target):
        raise UnprocessableEntity(
            f"The {machine.entity} {row.id} is {source}: it cannot become {target}",
            code="invalid_state_transition", errors={"state": f"{source} -> {target} is not allowed"})
    row.state = target
    _stamp(row, machine, target)
    record(session, row, machine, source, detail)


def require_state(row, allowed: str | Collection[str], action: str, *, field: str = "state") -> None:
    """Refuses, with the 422 of a forbidden transition, to ``action`` a row whose state is not
    one of ``allowed`` (a named group such as ``TransactionState.PROCESSABLE``). ``field`` names
    where the state came from: ``transaction`` when it is a referenced transaction's."""
    if isinstance(allowed, str):  # one state: not a substring test
        allowed = (allowed,)
    if row.state in allowed:
        return
    entity = type(row).__name__
    raise UnprocessableEntity(
        f"The {entity} {row.id} is {row.state}: it can be {action} only when {_listed(allowed)}",
        code="invalid_state_transition", errors={field: f"{row.state} cannot be {action}"})


def _listed(states: Collection[str]) -> str:
    names = sorted(states)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _stamp(row, machine: StateMachine, state: str) -> None:
    attribute = machine.stamps.get(state)
    if attribute is not None and getattr(row, attribute, None) is None:
        setattr(row, attribute, utcnow())
