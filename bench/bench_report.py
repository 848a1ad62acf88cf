#!/usr/bin/env python3
"""Helpers for bench/run_benchmarks.sh: peak memory of a command, and the summary table.

    bench_report.py rss [--runs N] [--cwd DIR] [--remove FILE] [--ignore-failure] -- CMD ARGS...
        Runs CMD N times (default 3) and prints the largest peak resident set size in KiB,
        as GNU time (/usr/bin/time -f %M) reports it. Not os.wait4 on a child of this
        script: Python starts children with vfork, and Linux then charges the parent's
        pages to the child's ru_maxrss (exec records the old mm's high-water mark), so every
        figure would be at least Python's own ~14 MiB. GNU time forks from a ~2 MiB process.
        --remove deletes FILE before every run (a file the command writes, such as
        `mig migrate`'s revision); --ignore-failure accepts a non-zero exit (`mig check`
        exits 1 when it finds differences).

    bench_report.py summary RESULTS_DIR
        Reads RESULTS_DIR/manifest.tsv (written by run_benchmarks.sh) and the hyperfine JSON
        exports it names, and prints the summary as Markdown tables: the read commands, the
        upgrade comparison, and the autogenerate benchmarks (issue 3's budgets, the scaling
        series with milliseconds per table, the foreign-key chain, the git rows). Exit status
        0 always: a missed budget is reported in the table, not as a failure.
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


def peak_rss_kib(command: list[str], cwd: str | None, ignore_failure: bool = False) -> int:
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        result = subprocess.run([GNU_TIME, "-f", "%M", "-o", report.name, *command], cwd=cwd,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if result.returncode != 0 and not ignore_failure:
            sys.exit(f"bench_report.py: {' '.join(command)} exited with {result.returncode}")
        # GNU time writes "Command exited with non-zero status N" first when it does.
        return int(report.read().split()[-1])  # KiB (GNU time >= 1.8)


def cmd_rss(args: argparse.Namespace) -> None:
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        sys.exit("bench_report.py rss: no command given")
    peaks = []
    for _ in range(args.runs):
        if args.remove:
            Path(args.remove).unlink(missing_ok=True)
        peaks.append(peak_rss_kib(command, args.cwd, args.ignore_failure))
    print(max(peaks))


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


AUTOGEN_GROUPS = [
    ("budget200", "Autogenerate budgets (issue 3): 200 tables, 1,000 revisions"),
    ("scale", "`mig migrate` as the model grows (5 revisions per table, 1 table in 40 changed)"),
    ("newrev", "The first `mig check` after a new revision (written by `mig migrate` just before)"),
    ("fkchain", "A 2,000-table chain of foreign keys"),
    ("git", "The 200-table projects committed in a git repository"),
]


def autogen_rows(results: Path, rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        if row["kind"] != "autogen":
            continue
        group, label, desc, tables, cache, json_file, budget_ms, rss_kib = row["fields"]
        result = load_hyperfine(results / json_file)[0]
        out.append({
            "group": group, "label": label, "desc": desc, "tables": int(tables),
            "cache": cache, "runs": len(result.get("times") or [result["mean"]]),
            "mean": ms(result["mean"]), "sd": ms(result["stddev"] or 0.0),
            "min": ms(result["min"]), "cpu": ms(result["user"] + result["system"]),
            "budget": float(budget_ms) if budget_ms else None,
            "rss": int(rss_kib) if rss_kib else None,
        })
    return out


def summary_autogen(results: Path, rows: list[dict]) -> list[str]:
    data = autogen_rows(results, rows)
    out: list[str] = []
    for group, title in AUTOGEN_GROUPS:
        members = [row for row in data if row["group"] == group]
        if not members:
            continue
        out += ["", f"{title}:", "",
                "| command | project | cache | runs | mean ± σ | min | user+sys | budget "
                "| time | peak RSS |",
                "|---|---|---|---:|---:|---:|---:|---:|---|---:|"]
        for row in members:
            budget = row["budget"]
            out.append(
                f"| `{row['label']}` | {row['desc']} | {row['cache']} | {row['runs']} "
                f"| {fmt_ms(row['mean'])} ± {fmt_ms(row['sd'])} | {fmt_ms(row['min'])} "
                f"| {fmt_ms(row['cpu'])} | "
                + (f"< {budget:,g} ms | {verdict_missed(row['mean'] < budget)}" if budget
                   else "— | info")
                + " | " + (f"{row['rss'] / 1024:.1f} MiB" if row["rss"] else "—") + " |")
        if group == "scale":
            out += scaling_table(members)
    return out


CACHE_ORDER = ["warm", "model-edited", "new-revision", "cold"]


def scaling_table(members: list[dict]) -> list[str]:
    """Milliseconds per table for every cache state, and how they grow from the smallest model."""
    by_tables: dict[int, dict[str, dict]] = {}
    for row in members:
        by_tables.setdefault(row["tables"], {})[row["cache"]] = row
    sizes = sorted(by_tables)
    states = [c for c in CACHE_ORDER if any(c in by_tables[t] for t in sizes)]
    if not sizes or not states:
        return []
    header = "| tables | " + " | ".join(f"{c}: mean | {c}: ms per table" for c in states) + " |"
    out = ["", header, "|---:|" + "---:|---:|" * len(states)]
    for tables in sizes:
        cells = [f"{tables:,}"]
        for cache in states:
            row = by_tables[tables].get(cache)
            cells += ([fmt_ms(row["mean"]), f"{row['mean'] / tables:.3f}"] if row
                      else ["—", "—"])
        out.append("| " + " | ".join(cells) + " |")
    first, last = sizes[0], sizes[-1]
    if first == last:
        return out
    out.append("")
    for cache in states:
        a, b = by_tables[first].get(cache), by_tables[last].get(cache)
        if not (a and b):
            continue
        # Linear within noise: the time per table may grow by a quarter over the series
        # (fixed costs such as start-up shrink per table, so real linear growth reads < 1).
        growth = (b["mean"] / a["mean"]) / (last / first)
        out.append(f"- {cache}: {b['mean'] / a['mean']:.1f}× the time for {last / first:g}× the "
                   f"tables, {growth:.2f}× the time per table; linear (at most 1.25×): "
                   f"{verdict_missed(growth <= 1.25)}")
    return out


def verdict_missed(ok: bool) -> str:
    return "pass" if ok else "**MISSED**"


def cmd_summary(args: argparse.Namespace) -> None:
    results = Path(args.results)
    rows = read_manifest(results)
    lines = []
    if any(row["kind"] == "command" for row in rows):
        lines += summary_commands(results, rows)
    upgrades = summary_upgrades(results, rows)
    if upgrades:
        lines += [""] + upgrades
    lines += summary_autogen(results, rows)
    print("\n".join(lines).strip("\n"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    rss = sub.add_parser("rss", help="peak RSS (KiB) of a command")
    rss.add_argument("--runs", type=int, default=3)
    rss.add_argument("--cwd")
    rss.add_argument("--remove", help="delete this file before every run")
    rss.add_argument("--ignore-failure", action="store_true",
                     help="accept a non-zero exit status")
    rss.add_argument("command", nargs=argparse.REMAINDER)
    rss.set_defaults(run=cmd_rss)
    summary = sub.add_parser("summary", help="Markdown summary of a results directory")
    summary.add_argument("results")
    summary.set_defaults(run=cmd_summary)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
