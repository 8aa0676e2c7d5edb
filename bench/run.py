"""Runs every benchmark, each against its baseline in the same run, and sums them up: a table on
the terminal, bench/results/summary.json, and a chart (bench/results/summary.png) of each
measured/baseline ratio beside its target, so that runs can be compared over time.

    .venv/bin/python bench/run.py [--backend postgresql|sqlite] [--quick] [--only payment_flow ...]

The chart needs matplotlib (`pip install -e '.[bench]'`); without it the table and JSON are
still written.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"


@dataclass
class Figure:
    benchmark: str
    measure: str
    value: float
    baseline: float
    unit: str
    ratio: float
    target: str
    met: bool | None  # None: no target


def _auth_read(data: dict) -> list[Figure]:
    measured, baseline = data["authenticated_read"], data["baseline_health"]
    paced = data["authenticated_read_at_70_percent"]
    return [Figure("auth_read", "authenticated reads/s vs GET /health", measured["rps"], baseline["rps"], "req/s",
                   data["throughput_ratio"], "", None),
            Figure("auth_read", "p99 of reads at 70% of the maximum load (vs /health p99 at full load)",
                   paced["p99_ms"], baseline["p99_ms"], "ms", paced["p99_ms"] / baseline["p99_ms"], "< 50 ms",
                   paced["p99_ms"] < 50)]


def _payment_flow(data: dict) -> list[Figure]:
    sql = data["baseline"]
    figures = []
    for workers, api in sorted(data.get("api_by_workers", {str(data.get("workers", 1)): data["api"]}).items()):
        ratio = api["requests_per_second"] / sql["requests_per_second"]
        figures.append(Figure("payment_flow", f"payment flow requests/s, {data['clients']} clients, {workers} "
                                              "worker(s) vs plain SQL", api["requests_per_second"],
                              sql["requests_per_second"], "req/s", ratio, ">= 0.60x", ratio >= 0.6))
    api = data["api"]
    peak = api.get("rss_worker_peak_mb", api["rss_peak_mb"])
    figures.append(Figure("payment_flow", f"resident memory per worker under that load ({data.get('workers', 1)} "
                                          "workers) vs 250 MB", peak, 250.0, "MB", peak / 250.0, "< 250 MB", peak < 250))
    return figures


def _customer_search(data: dict) -> list[Figure]:
    figures = []
    for row in data["results"]:
        figures.append(Figure("customer_search", f"search p50, engine SQL: {row['scenario']}",
                              row["engine_sql"]["p50_ms"], row["hand_sql"]["p50_ms"], "ms", row["engine_ratio_p50"],
                              "<= 2x", row["engine_ratio_p50"] <= 2))
        figures.append(Figure("customer_search", f"search p50, API request: {row['scenario']}", row["api"]["p50_ms"],
                              row["hand_sql"]["p50_ms"], "ms", row["api_ratio_p50"], "<= 2x",
                              row["api_ratio_p50"] <= 2))
    return figures


def _transaction_search(data: dict) -> list[Figure]:
    return [Figure("transaction_search", f"search p50 over {data['transactions']:,} transactions, API: "
                                         f"{row['scenario']}", row["api"]["p50_ms"], row["hand_sql"]["p50_ms"], "ms",
                   row["api_ratio_p50"], "<= 2x", row["api_ratio_p50"] <= 2) for row in data["results"]]


def _webhook_delivery(data: dict) -> list[Figure]:
    return [Figure("webhook_delivery", f"webhook deliveries/s over {data['listeners']} listeners vs direct POSTs",
                   data["worker_per_second"], data["baseline_per_second"], "msg/s", data["worker_to_baseline"], "",
                   None)]


BENCHMARKS = {
    "auth_read": (["--seconds", "10"], ["--seconds", "4"], _auth_read),
    "payment_flow": (["--seconds", "20"], ["--seconds", "6"], _payment_flow),
    "customer_search": ([], ["--customers", "20000", "--runs", "100"], _customer_search),
    "transaction_search": ([], ["--transactions", "100000", "--runs", "100"], _transaction_search),
    "webhook_delivery": ([], ["--deliveries", "1000"], _webhook_delivery),
}


def run(name: str, backend: str, quick: bool) -> list[Figure]:
    full_args, quick_args, summarise = BENCHMARKS[name]
    print(f"\n=== {name} ({backend}) ===", flush=True)
    command = [sys.executable, str(BENCH / f"{name}.py"), "--backend", backend, *(quick_args if quick else full_args)]
    completed = subprocess.run(command)
    if completed.returncode != 0:
        print(f"{name} failed (exit {completed.returncode})", flush=True)
        return []
    return summarise(json.loads((RESULTS / f"{name}_{backend}.json").read_text()))


def chart(figures: list[Figure], out: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    labels = [f"{f.benchmark}: {f.measure}"[:70] for f in figures]
    colours = ["#2e7d32" if f.met else "#c62828" if f.met is False else "#546e7a" for f in figures]
    fig, axis = plt.subplots(figsize=(11, 0.55 * len(figures) + 1.5))
    axis.barh(range(len(figures)), [f.ratio for f in figures], color=colours)
    axis.set_yticks(range(len(figures)), labels, fontsize=8)
    axis.invert_yaxis()
    axis.axvline(1.0, color="#333", linewidth=0.8)
    for index, figure in enumerate(figures):
        axis.text(figure.ratio, index, f" {figure.ratio:.2f}x {figure.target}", va="center", fontsize=8)
    axis.set_xlabel("measured / baseline (same run)")
    axis.set_title(f"Paystead benchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
                   "(green: target met, red: missed, grey: no target)", fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--quick", action="store_true", help="shorter runs, for a first look")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="run only these")
    args = parser.parse_args()
    figures: list[Figure] = []
    for name in args.only or BENCHMARKS:
        figures += run(name, args.backend, args.quick)
    print(f"\n{'benchmark':<18}{'measure':<62}{'value':>10}{'baseline':>10}{'ratio':>8}  target")
    for f in figures:
        verdict = "" if f.met is None else ("met" if f.met else "MISSED")
        print(f"{f.benchmark:<18}{f.measure[:60]:<62}{f.value:>10.1f}{f.baseline:>10.1f}{f.ratio:>7.2f}x  "
              f"{f.target} {verdict}")
    RESULTS.mkdir(exist_ok=True)
    summary = RESULTS / "summary.json"
    summary.write_text(json.dumps({"backend": args.backend, "quick": args.quick,
                                   "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                   "figures": [asdict(f) for f in figures]}, indent=2))
    picture = RESULTS / "summary.png"
    drawn = chart(figures, picture)
    print(f"\nwritten: {summary}" + (f", {picture}" if drawn else " (no chart: pip install -e '.[bench]')"))
    return 0 if figures else 1


if __name__ == "__main__":
    raise SystemExit(main())
