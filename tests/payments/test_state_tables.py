"""Every edge of every state table, in process (no server): each allowed transition is taken,
stamped and recorded; every other pair of states is refused with the one 422, changing nothing.
The states are wallee's wire enums, and the named groups are made of them."""

from __future__ import annotations

import ast
from enum import StrEnum
from itertools import product
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import paystead
from paystead.contract import model
from paystead.db import models
from paystead.errors import UnprocessableEntity
from paystead.payments import lifecycles
from paystead.payments.lifecycles import MACHINES, TransactionState
from paystead.payments.states import StateMachine, require_state, transition

MACHINE_IDS = [machine.entity for machine in MACHINES]


def _session() -> AsyncSession:
    return AsyncSession()  # unbound: transition() only queues the event for the next flush


def _row(machine: StateMachine, state: str, row_id: int | None = None):
    row = getattr(models, machine.entity)()
    row.id, row.state = row_id, state
    return row


@pytest.mark.parametrize("machine", MACHINES, ids=MACHINE_IDS)
def test_the_states_are_the_wire_enum_of_the_entity(machine):
    assert machine.states is not None
    wire_enum = _state_enum(machine.entity)
    assert machine.states.__name__ == wire_enum
    assert [state.value for state in machine.states] == model(wire_enum)["values"]
    assert all(state.value == state.name for state in machine.states)


# Paystead's own states, not in wallee's contract.
_OWN_ENUMS = {"WebhookDeliveryState"}


def test_every_state_enum_is_a_wire_enum_of_the_contract():
    enums = [value for value in vars(lifecycles).values()
             if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum]
    assert len(enums) >= 17
    for enum in enums:
        if enum.__name__ not in _OWN_ENUMS:
            assert [state.value for state in enum] == model(enum.__name__)["values"], enum.__name__
        for name, group in vars(enum).items():
            if isinstance(group, frozenset):
                assert group and group <= set(enum), (enum.__name__, name)


def _state_enum(entity: str) -> str:
    (field,) = [field for field in model(entity)["fields"] if field["name"] == "state"]
    return field["json"]["enum_ref"]


@pytest.mark.parametrize("machine", MACHINES, ids=MACHINE_IDS)
def test_the_table_stamps_and_groups_name_only_the_entitys_states(machine):
    states = set(machine.states)
    assert set(machine.transitions) <= states
    assert all(targets <= states for targets in machine.transitions.values())
    assert set(machine.stamps) <= states
    for state, attribute in machine.stamps.items():
        assert hasattr(getattr(models, machine.entity), attribute), (state, attribute)
    for name, group in machine.groups.items():
        assert group and group <= states, name


@pytest.mark.parametrize("machine", MACHINES, ids=MACHINE_IDS)
def test_every_allowed_edge_is_taken_and_every_other_pair_is_refused(machine):
    session = _session()
    for source, target in product(machine.states, repeat=2):
        row = _row(machine, source)
        if target in machine.transitions.get(source, frozenset()):
            transition(session, row, machine, target)
            assert row.state == target
            if target in machine.stamps:
                assert getattr(row, machine.stamps[target]) is not None, (source, target)
        else:
            with pytest.raises(UnprocessableEntity) as refused:
                transition(session, row, machine, target)
            assert row.state == source
            assert (refused.value.status, refused.value.code) == (422, "invalid_state_transition")
            assert refused.value.errors == {"state": f"{source} -> {target} is not allowed"}


def test_a_state_that_ends_nothing_is_an_end():
    transaction = {state for state, targets in MACHINES[0].transitions.items() if not targets}
    assert transaction == {"FAILED", "VOIDED", "FULFILL", "DECLINE"}


def test_require_state_refuses_outside_the_group_with_the_transition_422():
    row = _row(MACHINES[0], TransactionState.COMPLETED, row_id=7)
    require_state(row, TransactionState.COMPLETED_OR_LATER, "refunded")
    with pytest.raises(UnprocessableEntity) as refused:
        require_state(row, TransactionState.PROCESSABLE, "processed")
    error = refused.value
    assert (error.status, error.code) == (422, "invalid_state_transition")
    assert error.message == "The Transaction 7 is COMPLETED: it can be processed only when CONFIRMED or PENDING"
    assert error.errors == {"state": "COMPLETED cannot be processed"}
    with pytest.raises(UnprocessableEntity) as named:
        require_state(row, TransactionState.AUTHORIZED, "completed", field="transaction")
    assert named.value.errors == {"transaction": "COMPLETED cannot be completed"}


def test_one_state_is_not_read_as_a_set_of_letters():
    row = _row(MACHINES[0], "PEND")
    with pytest.raises(UnprocessableEntity):
        require_state(row, TransactionState.PENDING, "confirmed")


def test_no_state_check_outside_the_state_machine_writes_its_own_422():
    """Only ``transition`` and ``require_state`` raise ``invalid_state_transition``."""
    source = Path(paystead.__file__).parent
    writers = []
    for path in source.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.keyword) and node.arg == "code" and isinstance(node.value, ast.Constant) \
                    and node.value.value == "invalid_state_transition":
                writers.append(f"{path.relative_to(source)}:{node.value.lineno}")
    assert len(writers) == 2 and all(w.startswith("payments/states.py:") for w in writers), writers
