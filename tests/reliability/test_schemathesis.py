"""Schemathesis against Paystead's own OpenAPI document (/api/v2.0/openapi.json, OpenAPI 3.1).

Stateless: every documented operation with generated valid and invalid input. Stateful: chains
that follow the document's links, from each create to the reads, updates, deletes and actions
of the new object. Every response must be no 5xx, carry a documented status code, content type
and headers, and have a body the document's schema accepts.

The document describes exactly the implemented operations (the application builds it from its
routes), so the run needs no list of its own. The fuzzing identity is a tenant of its own, and
calls that would change its own user, account, space or role go to an id no object has
(schemathesis_support.shield_identity). Reduced counts by default (2 examples per operation, 20
chains of up to 6 steps); PAYSTEAD_TEST_FULL=1 runs 25 examples per operation and 300 chains.
"""

from __future__ import annotations

import pytest

from tests.reliability.conftest import count
from tests.reliability.schemathesis_support import (
    FuzzIdentity,
    fuzz_every_operation,
    identity_still_works,
    load_schema,
    new_identity,
    run_chains,
)
from tests.security.support import implemented_operations

STATELESS_EXAMPLES = count(2, 25)  # per operation
STATEFUL_SCENARIOS = count(20, 300)
STATEFUL_STEPS = count(6, 10)  # at most, per scenario


@pytest.fixture(scope="module")
def fuzz_identity(server) -> FuzzIdentity:
    identity = new_identity(server)
    log_start = len(server.log_text())
    yield identity
    # The guard worked (or the whole run may have been 401s that test nothing), and nothing
    # the run set off failed out of sight (a background job, a response already sent).
    status, text = identity_still_works(server, identity)
    assert status == 200, f"the fuzzing identity no longer works: {status} {text}"
    assert "Traceback" not in server.log_text()[log_start:], server.log_text()[log_start:][-4000:]


def test_every_operation_answers_within_the_document(server, fuzz_identity):
    schema = load_schema(server, fuzz_identity, max_examples=STATELESS_EXAMPLES)
    statuses, problems = fuzz_every_operation(schema, fuzz_identity)
    # The document describes exactly the routed operations (those authorised by a transaction's
    # credentials instead of a JWT are fuzzed too: every call of theirs is a documented 401).
    routed = {f"{op.method} {op.path}" for op in implemented_operations()}
    assert routed <= set(statuses), f"not in the document: {sorted(routed - set(statuses))}"
    assert all("{credentials}" in label for label in set(statuses) - routed), sorted(set(statuses) - routed)
    assert not problems, f"{len(problems)} of {len(statuses)} operations failed:\n\n" + "\n\n".join(problems)
    # The calls got past authentication and permissions to the handlers.
    succeeded = [label for label, answered in statuses.items() if any(200 <= s < 300 for s in answered)]
    assert len(succeeded) > 50, f"only {len(succeeded)} operations ever answered with a success"


def test_create_read_update_delete_chains_answer_within_the_document(server, fuzz_identity):
    schema = load_schema(server, fuzz_identity, max_examples=STATEFUL_SCENARIOS, max_steps=STATEFUL_STEPS,
                         stateful_links=True)
    answered, failures = run_chains(schema, fuzz_identity, scenarios=STATEFUL_SCENARIOS, steps=STATEFUL_STEPS)
    assert not failures, f"{len(failures)} failed steps:\n\n" + "\n\n".join(failures)
    # Chains went on: objects were created, and operations on an object named in the path
    # (only a link's id finds one) succeeded.
    created = sum(n for (label, status), n in answered.items() if label.startswith("POST") and status == 201)
    followed = sum(n for (label, status), n in answered.items() if "{" in label and 200 <= status < 300)
    assert created and followed, f"the chains did not get far: {sorted(answered.items())}"
