"""The transactional outbox: after each flush, the changes it wrote that a listener watches
become delivery rows in the same database transaction. A change that is rolled back takes its
deliveries with it; a change that commits cannot lose them.

What counts as a change (see ``catalog``): a new Event of a state machine (every step of a
state change), a row of a watched ``row`` entity that was created or changed state, and, for
listeners with ``notifyEveryChange``, any other update of a watched row (recorded as an Event
of its own, so that every message has an ``eventId``).

The hook runs inside SQLAlchemy's flush (``after_flush``); the rows it adds are written by the
flush that follows, which a commit always runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import Session

from paystead.db.models import (
    Event,
    PaymentConnectorConfiguration,
    PaymentLink,
    PaymentMethodConfiguration,
    PaymentProcessorConfiguration,
    Refund,
    Token,
    TokenVersion,
    Transaction,
    TransactionCompletion,
    TransactionVoid,
    WebhookDelivery,
    WebhookListener,
)
from paystead.webhooks.catalog import BY_NAME, ListenerEntity

# Rows watched directly (entities without a state machine recording Events).
_ROW_ENTITIES = {
    PaymentMethodConfiguration: BY_NAME["PaymentMethodConfiguration"],
    PaymentProcessorConfiguration: BY_NAME["PaymentProcessorConfiguration"],
    PaymentConnectorConfiguration: BY_NAME["PaymentConnectorConfiguration"],
    PaymentLink: BY_NAME["PaymentLink"],
}
# Rows of state machines whose other updates a notifyEveryChange listener wants too.
_EVENT_ROWS = {
    Transaction: BY_NAME["Transaction"],
    TransactionCompletion: BY_NAME["TransactionCompletion"],
    TransactionVoid: BY_NAME["TransactionVoid"],
    Refund: BY_NAME["Refund"],
    Token: BY_NAME["Token"],
    TokenVersion: BY_NAME["TokenVersion"],
}
# Set on an Event once the outbox has looked at it (an attribute of the object, not a column).
_SEEN = "_paystead_outboxed"
_LISTENERS = "paystead.webhooks.listeners"


@dataclass
class _Change:
    space_id: int
    entity: ListenerEntity
    entity_id: int
    state: str | None
    every_change_only: bool  # an update without a state change
    event: Event | None = None


def _state_changed(row) -> bool:
    return inspect(row).attrs.state.history.has_changes()


def _changes(session: Session) -> list[_Change]:
    changes = []
    for row in session.new:
        if isinstance(row, Event):
            if getattr(row, _SEEN, False):
                continue
            setattr(row, _SEEN, True)
            entity = BY_NAME.get(row.entity)
            if entity is not None and entity.source == "event":
                changes.append(_Change(row.space_id, entity, row.entity_id, row.state, False, row))
        elif type(row) in _ROW_ENTITIES:
            changes.append(_Change(row.space_id, _ROW_ENTITIES[type(row)], row.id, row.state, False))
    for row in session.dirty:
        kind = type(row)
        if kind not in _ROW_ENTITIES and kind not in _EVENT_ROWS:
            continue
        if not session.is_modified(row, include_collections=False):
            continue
        if kind in _ROW_ENTITIES:
            changes.append(_Change(row.space_id, _ROW_ENTITIES[kind], row.id, row.state, not _state_changed(row)))
        elif not _state_changed(row):
            changes.append(_Change(row.space_id, _EVENT_ROWS[kind], row.id, row.state, True))
    return changes


# Built once, run as Core on the session's connection: listeners are only read here, and loading
# them as ORM objects cost more than the query (this runs in every unit of work that changes).
_ACTIVE_LISTENERS = select(
    WebhookListener.id, WebhookListener.space_id, WebhookListener.entity, WebhookListener.entity_states,
    WebhookListener.notify_every_change,
).where(WebhookListener.space_id.in_(bindparam("space_ids", expanding=True)), WebhookListener.state == "ACTIVE")


def _listeners(session: Session, space_ids: set[int]) -> dict[int, list]:
    """The active listeners of the spaces (rows with id, space_id, entity, entity_states and
    notify_every_change), read once per unit of work."""
    cache: dict[int, list] = session.info.setdefault(_LISTENERS, {})
    missing = space_ids - cache.keys()
    if missing:
        for space_id in missing:
            cache[space_id] = []
        rows = session.connection().execute(_ACTIVE_LISTENERS, {"space_ids": sorted(missing)}).all()
        for listener in rows:
            cache[listener.space_id].append(listener)
    return {space_id: cache[space_id] for space_id in space_ids}


def _wants(listener, change: _Change) -> bool:
    if listener.entity != change.entity.id:
        return False
    if change.every_change_only and not listener.notify_every_change:
        return False
    states = listener.entity_states or []
    return not states or change.state in states


def _after_flush(session: Session, _context) -> None:
    changes = _changes(session)
    if not changes:
        return
    listeners = _listeners(session, {change.space_id for change in changes})
    for change in changes:
        wanting = [listener for listener in listeners[change.space_id] if _wants(listener, change)]
        if not wanting:
            continue
        source = change.event
        if source is None:
            source = Event(space_id=change.space_id, entity=change.entity.technical_name, entity_id=change.entity_id,
                           state=change.state or "", previous_state=None,
                           detail="updated" if change.every_change_only else "state")
            setattr(source, _SEEN, True)
            session.add(source)
        for listener in wanting:
            delivery = WebhookDelivery(space_id=change.space_id, listener_id=listener.id, entity=change.entity.id,
                                       entity_id=change.entity_id, entity_state=change.state, state="PENDING",
                                       attempts=0)
            if source.id is not None:
                delivery.event_id = source.id
            else:
                delivery.event = source
            session.add(delivery)


def forget_listeners(session: Session) -> None:
    """A change to listeners in this unit of work: read them again for what follows."""
    session.info.pop(_LISTENERS, None)


# Installed on Paystead's sessions, after the state machines' hooks (see ``paystead.modules``).
SESSION_HOOKS = (("after_flush", _after_flush),)
