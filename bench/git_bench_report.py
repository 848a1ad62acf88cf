#!/usr/bin/env python3
"""Print the summary table of bench/git_bench.sh from its hyperfine exports.

    bench/git_bench_report.py RESULTS_DIR

RESULTS_DIR/manifest.tsv has one line per row:
    bench  DESCRIPTION  COMMAND  STATE  BUDGET_MS|""  FILE.json
    pair   LABEL  BUDGET_MS  FILE.json,FILE.json,...   (each file: "inside git", "outside git")
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path


def load(path: Path) -> dict[str, dict]:
    """The results of one hyperfine export, by command name."""
    return {r["command"]: r for r in json.loads(path.read_text())["results"]}


def cpu(result: dict) -> float:
    return result["user"] + result["system"]  # hyperfine's means of the runs


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def verdict(value: float, budget: str) -> str:
    if not budget:
        return "info"
    return "pass" if value * 1000 < float(budget) else "MISSED"


def main() -> None:
    results = Path(sys.argv[1])
    print("| command | repository | cache | mean ± σ | min | user+sys | budget | verdict |")
    print("|---|---|---|---:|---:|---:|---:|---|")
    pairs = []
    for line in (results / "manifest.tsv").read_text().splitlines():
        kind, *fields = line.split("\t")
        if kind == "pair":
            pairs.append(fields)
            continue
        description, command, state, budget, file = fields
        (result,) = load(results / file).values()
        mean = result["mean"]
        print(f"| `{command}` | {description} | {state} | {ms(mean)} ± {ms(result['stddev'])}"
              f" | {ms(result['min'])} | {ms(cpu(result))} | "
              f"{'< ' + budget + ' ms' if budget else '—'} | {verdict(mean, budget)} |")
    for label, budget, files in pairs:
        rounds = [load(results / f) for f in files.split(",")]
        wall = [r["inside git"]["mean"] - r["outside git"]["mean"] for r in rounds]
        times = [cpu(r["inside git"]) - cpu(r["outside git"]) for r in rounds]
        inside = statistics.median(r["inside git"]["mean"] for r in rounds)
        outside = statistics.median(r["outside git"]["mean"] for r in rounds)
        print()
        print(f"{label}, {len(rounds)} rounds in alternating order:")
        print(f"  inside git {ms(inside)}, outside git {ms(outside)} (medians of the round means)")
        print(f"  difference: {ms(statistics.median(wall))} wall (rounds: "
              f"{', '.join(ms(w) for w in wall)}), {ms(statistics.median(times))} user+sys; "
              f"budget < {budget} ms: {verdict(statistics.median(wall), budget)}")


if __name__ == "__main__":
    main()
