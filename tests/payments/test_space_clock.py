"""A clock per space: a sandbox space started in the past (``paystead bootstrap --clock-start``)
stamps and decides everything on its own clock, and moves forward through Paystead's API or
``paystead clock``, running the time-outs that fall due on the way. Other spaces on the same
server keep the wall clock."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from wallee.service.spaces_service import SpacesService
from wallee.service.transaction_voids_service import TransactionVoidsService
from wallee.service.transactions_service import TransactionsService

from tests.conftest import BACKENDS, running_server, sdk_config
from tests.payments.support import create_transaction, pay
from tests.services.conftest import SPACE_READ, create_application_user, create_role, unique
from tests.support.jwt_client import WalleeHttp
from tests.support.servers import Credentials

START = "2026-01-01T00:00:00Z"
JANUARY_FIRST = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _past_space(server, *, by_command: bool = False) -> tuple[Credentials, WalleeHttp, TransactionsService]:
    """A new tenant whose space's clock starts at START; ``by_command``: made by `paystead
    bootstrap --clock-start` itself (the other tests make it the same way in the test process)."""
    credentials = server.cli_bootstrap("--clock-start", START) if by_command else server.bootstrap(clock_start=START)
    http = WalleeHttp(server.base_url, credentials.user_id, credentials.key)
    return credentials, http, TransactionsService(sdk_config(server, credentials))


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _clock(http: WalleeHttp, space_id: int) -> dict:
    answer = http.get("/paystead/clock", space=space_id)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _advance(http: WalleeHttp, space_id: int, **body) -> dict:
    answer = http.post("/paystead/clock/advance", space=space_id, json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _near(value: datetime, expected: datetime, seconds: float = 600) -> bool:
    return abs((value - expected).total_seconds()) < seconds


def _since(value: datetime, instant: datetime) -> bool:
    """A clock moved to ``instant`` has run on from it since (for a while on a busy machine);
    a time-out computed a moment before the timestamp it is compared with is a moment early."""
    return instant - timedelta(seconds=1) <= value < instant + timedelta(minutes=10)


def test_a_space_started_in_the_past_has_history_and_moves_to_now(server, admin, http):
    credentials, space_http, transactions = _past_space(server, by_command=True)
    space_id = credentials.space_id
    reading = _clock(space_http, space_id)
    assert _near(_instant(reading["now"]), JANUARY_FIRST) and reading["offsetSeconds"] < -86_400
    # The space itself was created when its clock started.
    assert _near(SpacesService(sdk_config(server, credentials)).get_spaces_id(space_id).created_on, JANUARY_FIRST)

    # A transaction created, paid with the simulator and completed: on the space's clock.
    paid = create_transaction(transactions, space_id, completion_behavior="COMPLETE_DEFERRED")
    pay(transactions, space_id, paid.id)
    transactions.post_payment_transactions_id_complete_online(paid.id, space_id)
    done = transactions.get_payment_transactions_id(paid.id, space_id)
    assert done.state.value == "FULFILL"
    for stamp in (done.created_on, done.authorized_on, done.completed_on):
        assert stamp.date() == date(2026, 1, 1), stamp
    # The simulator's "today" is the space's too: a card that expired in June 2026 (by the wall
    # clock) is still good in January.
    early = create_transaction(transactions, space_id)
    pay(transactions, space_id, early.id, expiry="2026-06")
    assert transactions.get_payment_transactions_id(early.id, space_id).state.value in ("AUTHORIZED", "FULFILL")

    # What the official suite searches for in wallee's test space, with its history.
    found = transactions.get_payment_transactions_search(space_id, [], 10, 0, "", "completedOn:<'2026-01-15'")
    assert paid.id in [t.id for t in found.data]

    # Another space on the same server is on the wall clock, unaffected.
    wall = datetime.now(timezone.utc)
    other = _clock(http, admin.space_id)
    assert other["offsetSeconds"] == 0 and _near(_instant(other["now"]), wall)
    admin_transactions = TransactionsService(sdk_config(server, admin))
    today = create_transaction(admin_transactions, admin.space_id)
    assert _near(today.created_on, wall)
    pay(admin_transactions, admin.space_id, today.id, expiry="2026-06")
    assert admin_transactions.get_payment_transactions_id(today.id, admin.space_id).state.value == "FAILED"

    # The clock only moves forward.
    backward = space_http.post("/paystead/clock/advance", space=space_id, json={"to": "2025-12-31T00:00:00Z"})
    assert backward.status_code == 422 and backward.json()["code"] == "clock_backward"
    for body in ({"by": "-P1D"}, {"by": "soon"}, {"to": "2027-06-01T00:00:00"}, {}, {"by": 1, "to": "now"}):
        assert space_http.post("/paystead/clock/advance", space=space_id, json=body).status_code == 422, body

    # To now: the space joins the wall clock and keeps its history.
    moved = _advance(space_http, space_id, to="now")
    assert moved["offsetSeconds"] == 0 and _instant(moved["previous"]).date() == date(2026, 1, 1)
    assert _near(_instant(moved["now"]), datetime.now(timezone.utc))
    later = create_transaction(transactions, space_id)
    assert _near(later.created_on, datetime.now(timezone.utc))
    found = transactions.get_payment_transactions_search(space_id, [], 10, 0, "", "completedOn:<'2026-01-15'")
    assert paid.id in [t.id for t in found.data]
    assert _clock(http, admin.space_id)["offsetSeconds"] == 0


def test_advancing_runs_the_time_outs_at_the_instant_each_falls_due(server):
    credentials, space_http, transactions = _past_space(server)
    space_id = credentials.space_id
    unpaid = create_transaction(transactions, space_id)
    authorized = create_transaction(transactions, space_id, completion_behavior="COMPLETE_DEFERRED")
    pay(transactions, space_id, authorized.id)
    authorized = transactions.get_payment_transactions_id(authorized.id, space_id)
    assert authorized.state.value == "AUTHORIZED"

    # Two days: past the authorization time-out (a day), not yet the completion time-out (a week).
    moved = _advance(space_http, space_id, by="P2D")
    assert moved["jobs"] == {"transaction-timeouts": 1, "processing": 0}
    assert _since(_instant(moved["now"]), JANUARY_FIRST + timedelta(days=2))
    failed = transactions.get_payment_transactions_id(unpaid.id, space_id)
    assert failed.state.value == "FAILED"
    # Failed when its time-out fell due on the space's clock, not when the clock stopped.
    assert _since(failed.failed_on, unpaid.created_on + timedelta(days=1))
    assert transactions.get_payment_transactions_id(authorized.id, space_id).state.value == "AUTHORIZED"

    # The same from the command line, on the server's database: a month on, the authorized
    # transaction was voided a week after its authorization.
    shown = json.loads(server.cli("clock", "show", "--space", str(space_id), "--json").stdout)
    assert _since(_instant(shown["now"]), JANUARY_FIRST + timedelta(days=2))
    advanced = json.loads(server.cli("clock", "advance", "--space", str(space_id), "--by", "30d", "--json").stdout)
    assert advanced["jobs"] == {"transaction-timeouts": 1, "processing": 0}
    assert _since(_instant(advanced["now"]), JANUARY_FIRST + timedelta(days=32))
    assert transactions.get_payment_transactions_id(authorized.id, space_id).state.value == "VOIDED"
    (void,) = TransactionVoidsService(sdk_config(server, credentials)).get_payment_transactions_voids_search(
        space_id, query=f"transaction.id:{authorized.id}").data
    assert _since(void.succeeded_on, authorized.authorized_on + timedelta(days=7))
    assert _since(_instant(_clock(space_http, space_id)["now"]), JANUARY_FIRST + timedelta(days=32))

    text = server.cli("clock", "advance", "--space", str(space_id), "--to", "2026-03-01T00:00:00Z").stdout
    assert "space %d: 2026-03-01T00:0" % space_id in text and "transaction-timeouts: 0 handled" in text
    refused = server.cli("clock", "advance", "--space", str(space_id), "--to", "2026-02-01T00:00:00Z", check=False)
    assert refused.returncode == 1 and "clock_backward" in refused.stdout
    assert "space %d: 2026-03-01T00:" % space_id in server.cli("clock", "show", "--space", str(space_id)).stdout


def test_reading_needs_space_read_and_moving_needs_space_update(server):
    credentials, space_http, _ = _past_space(server)
    role = create_role(space_http, credentials.account_id, [SPACE_READ], unique("Clock reader"))
    _, _, reader = create_application_user(server, sdk_config(server, credentials), credentials.account_id,
                                           grant=(role["id"], False))
    assert reader.get("/paystead/clock", space=credentials.space_id).status_code == 200
    refused = reader.post("/paystead/clock/advance", space=credentials.space_id, json={"by": "1d"})
    assert refused.status_code == 403
    # A space outside the caller's tenant is not there.
    assert reader.get("/paystead/clock", space=credentials.space_id + 100_000).status_code == 403


@pytest.fixture(scope="module", params=BACKENDS)
def production_server(request, tmp_path_factory):
    import base64
    import os

    with running_server(request.param, tmp_path_factory, PAYSTEAD_MODE="production",
                        PAYSTEAD_MASTER_KEY=base64.b64encode(os.urandom(32)).decode()) as server:
        yield server


def test_production_spaces_run_on_the_wall_clock(production_server):
    credentials = production_server.credentials
    space_http = WalleeHttp(production_server.base_url, credentials.user_id, credentials.key)
    reading = _clock(space_http, credentials.space_id)
    assert reading["offsetSeconds"] == 0
    refused = space_http.post("/paystead/clock/advance", space=credentials.space_id, json={"by": "P1D"})
    assert refused.status_code == 403 and refused.json()["code"] == "sandbox_only"
    started = production_server.cli("bootstrap", "--json", "--clock-start", START, check=False)
    assert started.returncode == 2 and "sandbox mode" in started.stderr
    moved = production_server.cli("clock", "advance", "--space", str(credentials.space_id), "--by", "1d",
                                  check=False)
    assert moved.returncode == 1 and "sandbox_only" in moved.stdout
