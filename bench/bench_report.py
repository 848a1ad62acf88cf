#!/usr/bin/env python3
"""Helpers for bench/run_benchmarks.sh: peak memory of a command, and the summary table.

    bench_report.py rss [--runs N] [--cwd DIR] -- CMD ARGS...
        Runs CMD N times (default 3) and prints the largest peak resident set size in KiB,
        as GNU time (/usr/bin/time -f %M) reports it. Not os.wait4 on a child of this
        script: Python starts children with vfork, and Linux then charges the parent's
        pages to the child's ru_maxrss (exec records the old mm's high-water mark), so every
        figure would be at least Python's own ~14 MiB. GNU time forks from a ~2 MiB process.

    bench_report.py summary RESULTS_DIR
        Reads RESULTS_DIR/manifest.tsv (written by run_benchmarks.sh) and the hyperfine JSON
        exports it names, and prints the summary as a Markdown table. Exit status 0 always:
        a missed budget is reported in the table, not as a failure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


GNU_TIME = "/usr/bin/time"


def peak_rss_kib(command: list[str], cwd: str | None) -> int:
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        result = subprocess.run([GNU_TIME, "-f", "%M", "-o", report.name, *command], cwd=cwd,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if result.returncode != 0:
            sys.exit(f"bench_report.py: {' '.join(command)} exited with {result.returncode}")
        return int(report.read().split()[-1])  # KiB (GNU time >= 1.8)


def cmd_rss(args: argparse.Namespace) -> None:
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        sys.exit("bench_report.py rss: no command given")
    print(max(peak_rss_kib(command, args.cwd) for _ in range(args.runs)))


def load_hyperfine(path: Path) -> list[dict]:
    return json.loads(path.read_text())["results"]


def ms(seconds: float) -> float:
    return seconds * 1000.0


def fmt_ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def read_manifest(results: Path) -> list[dict[str, str]]:
    rows = []
    for line in (results / "manifest.tsv").read_text().splitlines():
        if not line.strip():
            continue
        kind, *fields = line.split("\t")
        rows.append({"kind": kind, "fields": fields})
    return rows


def verdict(ok: bool) -> str:
    return "pass" if ok else "**MISS**"


def summary_commands(results: Path, rows: list[dict]) -> list[str]:
    out = [
        "| command | revisions | mean ± σ | min | user+sys | budget | time | peak RSS | RSS budget |",
        "|---|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for row in rows:
        if row["kind"] != "command":
            continue
        label, revisions, json_file, budget_ms, rss_kib, rss_budget_kib = row["fields"]
        result = load_hyperfine(results / json_file)[0]
        mean, sd, low = ms(result["mean"]), ms(result["stddev"] or 0.0), ms(result["min"])
        cpu = ms(result["user"] + result["system"])
        budget = float(budget_ms) if budget_ms else None
        rss = int(rss_kib) if rss_kib else None
        rss_budget = int(rss_budget_kib) if rss_budget_kib else None
        out.append(
            f"| `{label}` | {revisions} | {fmt_ms(mean)} ± {sd:.1f} | {fmt_ms(low)} | "
            f"{fmt_ms(cpu)} | "
            + (f"< {budget:g} ms | {verdict(mean < budget)}" if budget else "— | info")
            + " | "
            + (f"{rss / 1024:.1f} MiB" if rss else "—")
            + " | "
            + (f"< {rss_budget / 1024:g} MiB: {verdict(rss < rss_budget)}" if rss and rss_budget
               else "—")
            + " |")
    return out


def summary_upgrades(results: Path, rows: list[dict]) -> list[str]:
    out = []
    for row in rows:
        if row["kind"] != "upgrade":
            continue
        label, json_files, limit = row["fields"]
        times: dict[str, list[float]] = {"mig": [], "sqlite3": []}
        cpu: dict[str, float] = {"mig": 0.0, "sqlite3": 0.0}
        ratios = []
        for json_file in json_files.split(","):
            by_side = {}
            for result in load_hyperfine(results / json_file):
                side = "mig" if result["command"].startswith("mig") else "sqlite3"
                by_side[side] = result["mean"]  # one run per round
                times[side].append(result["mean"])
                cpu[side] += result["user"] + result["system"]
            ratios.append(by_side["mig"] / by_side["sqlite3"])
        ratio = statistics.median(ratios)
        if not out:
            out += [
                "| upgrade 1,000 revisions | rounds | mig: median (min … max) "
                "| sqlite3: median (min … max) | ratio: median of pairs (range) "
                "| ratio of user+sys | budget |",
                "|---|---:|---:|---:|---:|---:|---|",
            ]

        def spread(values: list[float]) -> str:
            return (f"{statistics.median(values):.2f} s ({min(values):.2f} … "
                    f"{max(values):.2f})")

        out.append(
            f"| {label} | {len(ratios)} | {spread(times['mig'])} | {spread(times['sqlite3'])} "
            f"| **{ratio:.2f}×** ({min(ratios):.2f} … {max(ratios):.2f}) "
            f"| {cpu['mig'] / cpu['sqlite3']:.2f}× "
            f"| ≤ {float(limit):g}×: {verdict(ratio <= float(limit))} |")
    return out


def cmd_summary(args: argparse.Namespace) -> None:
    results = Path(args.results)
    rows = read_manifest(results)
    lines = summary_commands(results, rows)
    upgrades = summary_upgrades(results, rows)
    if upgrades:
        lines += [""] + upgrades
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    rss = sub.add_parser("rss", help="peak RSS (KiB) of a command")
    rss.add_argument("--runs", type=int, default=3)
    rss.add_argument("--cwd")
    rss.add_argument("command", nargs=argparse.REMAINDER)
    rss.set_defaults(run=cmd_rss)
    summary = sub.add_parser("summary", help="Markdown summary of a results directory")
    summary.add_argument("results")
    summary.set_defaults(run=cmd_summary)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
