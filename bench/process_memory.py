"""Resident memory of a server process (and its children) while a benchmark loads it."""

from __future__ import annotations

import asyncio
from pathlib import Path


def _vm_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def resident_mb(pid: int) -> float:
    """VmRSS of ``pid`` plus its direct children (uvicorn's workers), from /proc."""
    return _vm_rss_mb(pid) + sum(_vm_rss_mb(child) for child in _children(pid))


def worker_resident_mb(pid: int) -> float:
    """The largest VmRSS of one process among ``pid`` and its children: the serving process
    when it serves alone, else the busiest of uvicorn's workers (the supervisor is smaller)."""
    return max(_vm_rss_mb(each) for each in [pid, *_children(pid)])


async def sample_while(pid: int, work, interval: float = 0.25):
    """Runs ``work`` (an awaitable) and samples the process's memory meanwhile: (result, figures)."""
    samples: list[float] = []
    per_worker: list[float] = []
    done = asyncio.Event()

    async def sampler():
        while not done.is_set():
            samples.append(resident_mb(pid))
            per_worker.append(worker_resident_mb(pid))
            try:
                await asyncio.wait_for(done.wait(), timeout=interval)
            except asyncio.TimeoutError:
                pass

    task = asyncio.create_task(sampler())
    try:
        result = await work
    finally:
        done.set()
        await task
    return result, {"rss_peak_mb": max(samples, default=0.0), "rss_mean_mb": sum(samples) / max(len(samples), 1),
                    "rss_worker_peak_mb": max(per_worker, default=0.0)}
