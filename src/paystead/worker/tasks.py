"""Periodic tasks, as jobs modules declare them (``@periodic(name, interval)``); the worker runs
the ones ``paystead.modules`` brings in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

# A task's run: the process's state (``paystead.app_state.AppState``) -> done.
Task = Callable[[Any], Awaitable[None]]


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
