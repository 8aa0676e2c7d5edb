"""Optimistic locking under concurrency: of many writers holding the same version, one wins."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from wallee.exceptions import ApiException
from wallee.models.space_create import SpaceCreate
from wallee.models.space_update import SpaceUpdate
from wallee.service.spaces_service import SpacesService

from tests.conftest import sdk_config
from tests.services.conftest import unique

WRITERS = 10


ROUNDS = 3  # a race that only sometimes lets two writers through must not slip by


def test_concurrent_updates_of_one_version_let_exactly_one_win(server, admin):
    space = SpacesService(sdk_config(server, admin)).post_spaces(
        SpaceCreate(account=admin.account_id, name=unique("Contended")))
    for round_ in range(ROUNDS):
        version = space.version
        results = _patch_at_once(server, admin, space.id, version, round_)
        statuses = sorted(status for status, _ in results)
        assert statuses == [200] + [409] * (WRITERS - 1), results
        (winner,) = [result for status, result in results if status == 200]
        assert winner.version == version + 1
        space = SpacesService(sdk_config(server, admin)).get_spaces_id(space.id)
        assert space.version == version + 1 and space.name == winner.name


def _patch_at_once(server, admin, space_id: int, version: int, round_: int) -> list:
    start = threading.Barrier(WRITERS)

    def write(writer: int):
        service = SpacesService(sdk_config(server, admin))  # a client (and connection pool) of its own
        update = SpaceUpdate(name=f"Round {round_} writer {writer}", version=version)
        start.wait()
        try:
            return 200, service.patch_spaces_id(space_id, update)
        except ApiException as error:
            return error.status, error.body

    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(write, range(WRITERS)))
