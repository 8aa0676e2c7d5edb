"""``paystead clock show|advance --space N``: a space's clock, on the server's database (like
``paystead webhooks deliveries``), through the same service as the API."""

from __future__ import annotations

import asyncio
import json

from paystead.db.unit_of_work import unit_of_work
from paystead.domains.spaces.clock import advance_clock, read_clock
from paystead.errors import ApiError
from paystead.modules import create_state
from paystead.settings import Settings


async def _in_unit_of_work(settings: Settings, work, *, writes: bool):
    state = create_state(settings)
    try:
        async with unit_of_work(state.sessions, writes=writes) as session:
            return await work(state, session)
    finally:
        await state.close()


def _print(reading: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(reading))
        return
    print(f"space {reading['spaceId']}: {reading['now']} (offset from the wall clock "
          f"{reading['offsetSeconds']:+.3f} s)")
    if "previous" in reading:
        print(f"  moved from {reading['previous']}")
        for job, count in reading["jobs"].items():
            print(f"  {job}: {count} handled")


def _run(settings: Settings, work, *, writes: bool, as_json: bool) -> int:
    try:
        reading = asyncio.run(_in_unit_of_work(settings, work, writes=writes))
    except ApiError as error:
        print(f"{error.code}: {error.message}")
        return 1
    _print(reading, as_json)
    return 0


def show(settings: Settings, space_id: int, *, as_json: bool = False) -> int:
    return _run(settings, lambda state, session: read_clock(session, space_id), writes=False, as_json=as_json)


def advance(settings: Settings, space_id: int, *, by: str | None, to: str | None, as_json: bool = False) -> int:
    return _run(settings, lambda state, session: advance_clock(state, session, space_id, by=by, to=to),
                writes=True, as_json=as_json)
