"""Authenticated reads against `/health`, measured in the same run on the same server.

Starts `paystead serve` on a fresh database, bootstraps credentials, then drives both endpoints
with the same keep-alive load generator: GET /health (no auth, one trivial query) is the
baseline; GET /api/v2.0/spaces/{id} with a wallee JWT is the measured path (JWT check, key
lookup, grants, scoped read, serialisation). Prints a table and writes JSON to bench/results/.

    .venv/bin/python bench/auth_read.py [--backend postgresql|sqlite] [--seconds 10] [--connections 16]
                                        [--workers N]

The server runs one worker process by default: on a 2-core machine, the load generator and
PostgreSQL need the other core, and with a worker per core the paced (open-loop) generator itself
starves, so that "70% of the maximum" measures the generator's queue (measured: p99 654 ms with
2 workers, 25 ms with 1). `--workers N` measures other set-ups.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import statistics
import sys
import time
from pathlib import Path

import jwt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from process_memory import sample_while  # noqa: E402
from bench_server import UNLIMITED, fresh_server, write_results  # noqa: E402
from tests.support.servers import Server  # noqa: E402



async def _exchange(reader, writer, request: bytes) -> bytes:
    """Sends one request on a keep-alive connection and reads its answer; returns the status line."""
    writer.write(request)
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        if line[:15].lower() == b"content-length:":
            length = int(line[15:].strip())
    await reader.readexactly(length)
    return status_line


async def _connection_loop(port: int, request: bytes, stop_at: float, latencies: list[float], errors: list[int]):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            status_line = await _exchange(reader, writer, request)
            latencies.append(time.perf_counter() - started)
            if not status_line.startswith(b"HTTP/1.1 200"):
                errors.append(int(status_line.split()[1]))
    finally:
        writer.close()


async def drive(port: int, request: bytes, seconds: float, connections: int) -> dict:
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(*[_connection_loop(port, request, stop_at, latencies, errors) for _ in range(connections)])
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return {"requests": len(latencies), "errors": len(errors), "rps": len(latencies) / elapsed,
            "p50_ms": pct(0.50), "p99_ms": pct(0.99), "mean_ms": statistics.fmean(ordered) * 1000}


async def drive_paced(port: int, request: bytes, seconds: float, rate: float, connections: int) -> dict:
    """An open-loop load: ``rate`` requests per second spread over the connections, each request
    timed from when it was due (so that a slow answer is not hidden by sending less)."""
    latencies: list[float] = []
    errors: list[int] = []
    interval = connections / rate

    async def loop(offset: float):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        due = time.perf_counter() + offset
        stop_at = time.perf_counter() + seconds
        try:
            while due < stop_at:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                status_line = await _exchange(reader, writer, request)
                latencies.append(time.perf_counter() - due)
                if not status_line.startswith(b"HTTP/1.1 200"):
                    errors.append(int(status_line.split()[1]))
                due += interval
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*[loop(index * interval / connections) for index in range(connections)])
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return {"requests": len(latencies), "errors": len(errors), "rps": len(latencies) / (time.perf_counter() - started),
            "target_rps": rate, "p50_ms": pct(0.50), "p99_ms": pct(0.99)}


def build_requests(server: Server, credentials) -> tuple[bytes, bytes]:
    health = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    path = f"/api/v2.0/spaces/{credentials.space_id}"
    # A wallee token stays valid for its window: replaying it is legitimate and keeps the
    # load generator's CPU out of the measurement.
    token = jwt.encode({"sub": credentials.user_id, "iat": int(time.time()), "requestPath": path,
                        "requestMethod": "GET"}, base64.b64decode(credentials.key), algorithm="HS256",
                       headers={"typ": "JWT", "ver": 1})
    read = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
            f"Authorization: Bearer {token}\r\nSpace: {credentials.space_id}\r\n\r\n").encode()
    return health, read


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    args = parser.parse_args()
    with fresh_server(args.backend, UNLIMITED, ("--workers", str(args.workers))) as server:
        credentials = server.bootstrap()
        server.start()
        health, read = build_requests(server, credentials)
        print(f"warming up ({args.backend}, {args.connections} connections, {args.workers} worker(s))...", flush=True)
        asyncio.run(drive(server.port, read, 2, args.connections))
        asyncio.run(drive(server.port, health, 2, args.connections))
        print(f"measuring /health for {args.seconds:.0f} s...", flush=True)
        baseline = asyncio.run(drive(server.port, health, args.seconds, args.connections))
        print(f"measuring authenticated GET /spaces/{{id}} for {args.seconds:.0f} s...", flush=True)
        measured, memory = asyncio.run(sample_while(server.process.pid, drive(server.port, read, args.seconds,
                                                                                args.connections)))
        measured.update(memory)
        paced_rate = 0.7 * measured["rps"]
        print(f"measuring authenticated reads at 70% of that maximum ({paced_rate:.0f} req/s) for "
              f"{args.seconds:.0f} s...", flush=True)
        paced = asyncio.run(drive_paced(server.port, read, args.seconds, paced_rate, args.connections))

    ratio = measured["rps"] / baseline["rps"]
    print()
    print(f"{'endpoint':<34}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    for name, row in (("GET /health (baseline)", baseline), ("GET /spaces/{id} + JWT", measured)):
        print(f"{name:<34}{row['rps']:>10.0f}{row['p50_ms']:>10.2f}{row['p99_ms']:>10.2f}{row['errors']:>8}")
    print(f"{'same reads at 70% of the maximum':<34}{paced['rps']:>10.0f}{paced['p50_ms']:>10.2f}"
          f"{paced['p99_ms']:>10.2f}{paced['errors']:>8}")
    print(f"\nauthenticated read throughput = {ratio:.2f} x /health "
          f"(p99 {measured['p99_ms'] / baseline['p99_ms']:.2f} x); at 70% load p99 = {paced['p99_ms']:.1f} ms "
          f"(target < 50 ms); server memory peak {measured['rss_peak_mb']:.0f} MB")
    write_results("auth_read", args.backend, {
        "connections": args.connections, "seconds": args.seconds, "workers": args.workers,
        "baseline_health": baseline, "authenticated_read": measured, "authenticated_read_at_70_percent": paced,
        "throughput_ratio": ratio})
    return 0 if measured["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
