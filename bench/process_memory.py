"""Resident memory of a server process (and its children) while a benchmark loads it."""

from __future__ import annotations

import asyncio
from pathlib import Path


def resident_mb(pid: int) -> float:
    """VmRSS of ``pid`` plus its direct children (uvicorn's workers), from /proc."""
    total_kb = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total_kb / 1024


async def sample_while(pid: int, work, interval: float = 0.25):
    """Runs ``work`` (an awaitable) and samples the process's memory meanwhile: (result, figures)."""
    samples: list[float] = []
    done = asyncio.Event()

    async def sampler():
        while not done.is_set():
            samples.append(resident_mb(pid))
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
    return result, {"rss_peak_mb": max(samples, default=0.0), "rss_mean_mb": sum(samples) / max(len(samples), 1)}
