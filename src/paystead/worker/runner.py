"""Runs periodic tasks until stopped. In the embedded mode it lives inside the API process;
in production it runs as its own process (``paystead worker``).

Tasks must be safe to run on several workers at once (they claim rows with SKIP LOCKED);
nothing here relies on being the only worker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from paystead.app_state import AppState

log = logging.getLogger("paystead.worker")

Task = Callable[[AppState], Awaitable[None]]


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    # Seconds between runs, or a function of the settings giving them.
    interval_seconds: float | Callable[[Any], float]
    run: Task

    def interval(self, settings) -> float:
        return self.interval_seconds(settings) if callable(self.interval_seconds) else self.interval_seconds


TASKS: list[PeriodicTask] = []


def periodic(name: str, interval_seconds: float | Callable[[Any], float]):
    def register(run: Task) -> Task:
        TASKS.append(PeriodicTask(name, interval_seconds, run))
        return run

    return register


def load_jobs() -> None:
    """Importing a domain's jobs module registers its periodic tasks."""
    from paystead.domains.transactions import deferred as _deferred_processing  # noqa: F401
    from paystead.domains.transactions import jobs as _transaction_jobs  # noqa: F401
    from paystead.webhooks import delivery as _webhook_delivery  # noqa: F401


class Worker:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self._stopping = asyncio.Event()
        self._loops: list[asyncio.Task] = []

    def start(self) -> None:
        load_jobs()
        self._loops = [asyncio.create_task(self._loop(task), name=f"worker:{task.name}") for task in TASKS]

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
