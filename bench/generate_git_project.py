#!/usr/bin/env python3
"""Generate a mig project inside a git repository with a long history, for issue 8's budgets.

    bench/generate_git_project.py DIR --commits 20000 --revisions 500 --mig build/mig

writes, with one `git fast-import` run (20,000 commits take a few seconds):

    DIR/.git                      branch main, COMMITS commits on one first-parent line
    DIR/mig.toml                  [database] url = "sqlite:///app.db", [model], [migrations]
    DIR/models/schema.sql         the tables of every revision so far (changes with each one)
    DIR/migrations/versions/      REVISIONS revisions in a linear chain, one small table each
    DIR/src/app_NN.txt            100 unrelated files; every other commit changes one of them
    DIR/app.db                    upgraded to head with `mig upgrade` (unless --no-upgrade)
    DIR/HEAD_REVISION             the head revision id (not committed, like app.db)

Commit 1 adds mig.toml, the template, .gitignore and revision 0. Revision k is added by
commit 1 + k * (COMMITS // REVISIONS), together with the model holding tables 0..k; every
other commit changes one file under src/. With the defaults the last revision comes with
commit 19,961 and 39 unrelated commits follow it, so `mig rollback --dry-run` (target -1)
plans to reset the code to commit 19,960 and lists 40 commits that would leave the branch.

Everything is deterministic (ids, timestamps, contents), so two runs give the same commit
ids. DIR is replaced if it already holds a generated project; anything else is refused.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from bench_project import TEMPLATE, created_at, prepare_directory

UNRELATED_FILES = 100
START_TIME = 1_780_000_000  # commit timestamps: one minute apart from here
IDENTITY = "mig bench <bench@example.invalid>"
GITIGNORE = ".mig/\n/app.db\n/app.db-journal\n/HEAD_REVISION\n/.mig-bench-project\n"
MIG_TOML = """[database]
url = "sqlite:///app.db"

[model]
paths = ["models/schema.sql"]

[migrations]
directory = "migrations"
"""


def revision_id(number: int) -> str:
    return hashlib.sha1(f"mig-git-bench-{number}".encode()).hexdigest()[:12]


def table_sql(number: int) -> str:
    return f'CREATE TABLE "t{number:05d}" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL);'


def revision_path(number: int) -> str:
    return f"migrations/versions/{revision_id(number)}_create_table_t{number:05d}.sql"


def revision_script(number: int) -> str:
    lines = [f"-- mig:revision {revision_id(number)}"]
    if number > 0:
        lines.append(f"-- mig:parents {revision_id(number - 1)}")
    lines += [
        f"-- mig:message Create table t{number:05d}",
        f"-- mig:created {created_at(number)}",
        "",
        "-- mig:upgrade",
        table_sql(number),
        "",
        "-- mig:downgrade",
        f"-- mig:destructive drops table t{number:05d} and all its rows",
        f'DROP TABLE "t{number:05d}";',
        "",
    ]
    return "\n".join(lines)


class FastImport:
    """Writes a `git fast-import` stream: one commit at a time, files given inline."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.commits = 0

    def _data(self, text: str) -> None:
        raw = text.encode()
        self.stream.write(b"data %d\n" % len(raw))
        self.stream.write(raw)
        self.stream.write(b"\n")

    def commit(self, message: str, files: dict[str, str]) -> None:
        self.commits += 1
        when = START_TIME + 60 * self.commits
        self.stream.write(b"commit refs/heads/main\n")
        self.stream.write(b"mark :%d\n" % self.commits)
        self.stream.write(f"author {IDENTITY} {when} +0000\n".encode())
        self.stream.write(f"committer {IDENTITY} {when} +0000\n".encode())
        self._data(message)
        if self.commits > 1:
            self.stream.write(b"from :%d\n" % (self.commits - 1))
        for path, content in files.items():
            self.stream.write(f"M 100644 inline {path}\n".encode())
            self._data(content)


def write_history(root: Path, commits: int, revisions: int) -> None:
    step = commits // revisions
    tables: list[str] = []
    process = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=root,
                               stdin=subprocess.PIPE)
    assert process.stdin is not None
    out = FastImport(process.stdin)
    for index in range(commits):
        files: dict[str, str] = {}
        if index == 0:
            files = {
                ".gitignore": GITIGNORE,
                "mig.toml": MIG_TOML,
                "migrations/script.sql.tmpl": TEMPLATE,
            }
        if index % step == 0 and index // step < revisions:
            number = index // step
            tables.append(table_sql(number))
            files[revision_path(number)] = revision_script(number)
            files["models/schema.sql"] = "\n".join(tables) + "\n"
            message = f"Create table t{number:05d}"
        else:
            name = f"src/app_{index % UNRELATED_FILES:02d}.txt"
            files[name] = f"change {index}\n"
            message = f"Change {name} ({index})"
        out.commit(message, files)
    process.stdin.close()
    if process.wait() != 0:
        sys.exit("generate_git_project.py: git fast-import failed")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True)


def age_work_tree(root: Path) -> None:
    """Every file dated in the past, and git's index told so. mig's content cache never caches a
    file modified in the last 2 seconds, so a project measured right after it was written
    would stay uncached through the warm-up runs; refreshing the index keeps `git status`
    (and libgit2's) from re-hashing every file."""
    long_ago = START_TIME  # any fixed time in the past will do
    for path in root.rglob("*"):
        if ".git" not in path.relative_to(root).parts and path.is_file():
            os.utime(path, (long_ago, long_ago))
    git(root, "update-index", "-q", "--really-refresh")


def generate(root: Path, commits: int, revisions: int, mig: str | None) -> None:
    prepare_directory(root, "generate_git_project.py")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "user.name", "mig bench")
    git(root, "config", "user.email", "bench@example.invalid")
    write_history(root, commits, revisions)
    git(root, "reset", "--quiet", "--hard", "main")  # the work tree and index of the tip
    age_work_tree(root)
    (root / "HEAD_REVISION").write_text(revision_id(revisions - 1) + "\n")
    if mig is not None:
        env = dict(os.environ, NO_COLOR="1")
        subprocess.run([mig, "-C", str(root), "upgrade", "--no-backup"], check=True, env=env,
                       stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--commits", type=int, default=20000,
                        help="commits on the branch (default 20000)")
    parser.add_argument("--revisions", "-n", type=int, default=500,
                        help="revisions, each added by its own commit (default 500)")
    parser.add_argument("--mig", help="the mig binary that upgrades the database to head")
    parser.add_argument("--no-upgrade", action="store_true",
                        help="leave the database absent (no mig needed)")
    args = parser.parse_args()
    if args.revisions < 1 or args.commits < args.revisions:
        parser.error("need 1 <= --revisions <= --commits")
    if args.mig is None and not args.no_upgrade:
        parser.error("give --mig BIN (to upgrade the database to head) or --no-upgrade")
    generate(args.directory, args.commits, args.revisions,
             None if args.no_upgrade else args.mig)


if __name__ == "__main__":
    main()
