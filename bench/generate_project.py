#!/usr/bin/env python3
"""Generate a mig project with N linear revisions, and the equivalent plain SQL for sqlite3.

    bench/generate_project.py DIR --revisions 1000

writes

    DIR/mig.toml                      [database] url = "sqlite:///app.db"
    DIR/migrations/script.sql.tmpl    the stock template (so the project is complete)
    DIR/migrations/versions/<rev>_<slug>.sql   N revisions in the contract format
    DIR/baseline.sql                  the same upgrade statements for the sqlite3 CLI:
                                      a version table first, then per revision
                                      BEGIN; <statement>; UPDATE version; COMMIT;

Revisions alternate between CREATE TABLE and ALTER TABLE ... ADD COLUMN (the column goes
on the table the previous revision created). Ids are 12 lowercase hex characters derived
from the revision number, so every run produces byte-identical files and the benchmark
results are comparable across runs. DIR is replaced if it already holds a generated
project (idempotent); anything else in DIR is refused.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from bench_project import TEMPLATE, created_at, prepare_directory, slug



def revision_id(number: int) -> str:
    return hashlib.sha1(f"mig-bench-{number}".encode()).hexdigest()[:12]


def revision_sql(number: int) -> tuple[str, str, str]:
    """(message, upgrade statement, downgrade statement) of revision `number` (0-based)."""
    table = f"t{number // 2:05d}"
    if number % 2 == 0:
        return (
            f"Create table {table}",
            f'CREATE TABLE "{table}" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL);',
            f'DROP TABLE "{table}";',
        )
    column = f"c{number:05d}"
    return (
        f"Add column {column} to {table}",
        f'ALTER TABLE "{table}" ADD COLUMN "{column}" INTEGER;',
        f'ALTER TABLE "{table}" DROP COLUMN "{column}";',
    )


def revision_script(number: int) -> str:
    message, upgrade, downgrade = revision_sql(number)
    lines = [f"-- mig:revision {revision_id(number)}"]
    if number > 0:
        lines.append(f"-- mig:parents {revision_id(number - 1)}")
    lines += [
        f"-- mig:message {message}",
        f"-- mig:created {created_at(number)}",
        "",
        "-- mig:upgrade",
        upgrade,
        "",
        "-- mig:downgrade",
        downgrade,
        "",
    ]
    return "\n".join(lines)


def baseline_sql(count: int) -> str:
    # What a hand-written migration runner does with the sqlite3 CLI: one transaction per
    # revision holding its statement and the version-row update. Same journal mode and
    # synchronous setting as mig (SQLite's defaults: DELETE, FULL), so nothing is set here.
    out = [
        "CREATE TABLE version (revision TEXT);",
        "INSERT INTO version (revision) VALUES (NULL);",
    ]
    for number in range(count):
        _, upgrade, _ = revision_sql(number)
        out += [
            "BEGIN;",
            upgrade,
            f"UPDATE version SET revision = '{revision_id(number)}';",
            "COMMIT;",
        ]
    return "\n".join(out) + "\n"


def generate(root: Path, count: int) -> None:
    prepare_directory(root, "generate_project.py")
    (root / "mig.toml").write_text(
        '[database]\nurl = "sqlite:///app.db"\n\n[migrations]\ndirectory = "migrations"\n')
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    (root / "migrations" / "script.sql.tmpl").write_text(TEMPLATE)
    for number in range(count):
        message, _, _ = revision_sql(number)
        name = f"{revision_id(number)}_{slug(message)}.sql"
        (versions / name).write_text(revision_script(number))
    (root / "baseline.sql").write_text(baseline_sql(count))
    (root / "HEAD_REVISION").write_text(revision_id(count - 1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--revisions", "-n", type=int, default=1000,
                        help="number of linear revisions (default 1000)")
    args = parser.parse_args()
    if args.revisions < 1:
        parser.error("--revisions must be at least 1")
    generate(args.directory, args.revisions)


if __name__ == "__main__":
    main()
