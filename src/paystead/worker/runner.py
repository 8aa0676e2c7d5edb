"""Runs periodic tasks until stopped. In the embedded mode it lives inside the API process;
in production it runs as its own process (``paystead worker``).

Tasks must be safe to run on several workers at once (they claim rows with SKIP LOCKED);
nothing here relies on being the only worker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from paystead.app_state import AppState
from paystead.worker.tasks import PeriodicTask

log = logging.getLogger("paystead.worker")


class Worker:
    def __init__(self, state: AppState, tasks: Iterable[PeriodicTask]) -> None:
        self.state = state
        self.tasks = tuple(tasks)
        self._stopping = asyncio.Event()
        self._loops: list[asyncio.Task] = []

    def start(self) -> None:
        self._loops = [asyncio.create_task(self._loop(task), name=f"worker:{task.name}") for task in self.tasks]

    async def _loop(self, task: PeriodicTask) -> None:
        while not self._stopping.is_set():
            try:
                await task.run(self.state)
            except Exception:  # noqa: BLE001 - one failing run must not stop the worker
                log.exception("worker task %s failed", task.name)
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=task.interval(self.state.settings))
            except TimeoutError:
                pass

    async def stop(self) -> None:
        self._stopping.set()
        if self._loops:
            await asyncio.gather(*self._loops, return_exceptions=True)
