#!/usr/bin/env python3
"""Generate a mig project for the autogenerate benchmarks: a model and a revision history.

    bench/generate_autogen_project.py DIR --tables 200 --revisions 1000 [--changed 20]
    bench/generate_autogen_project.py DIR --fk-chain 2000

writes

    DIR/mig.toml                      [database] url = "sqlite:///app.db",
                                      [model] paths = ["models/schema.sql"]
    DIR/migrations/script.sql.tmpl    the stock template (so the project is complete)
    DIR/migrations/versions/<rev>_<slug>.sql   the history, chained by `-- mig:parents`
    DIR/models/schema.sql             the model (declarative DDL)
    DIR/HEAD_REVISION                 the last revision's id (empty without revisions)

History (`--tables T --revisions R`, R >= T): a linear chain of R revisions in the contract
format with 12-hex ids. T of them create a table, spread evenly (with T=200 and R=1000 every
fifth revision); the others change a table that already exists, picked by a seeded random
generator: 3 in 4 add a column (INTEGER, TEXT NOT NULL DEFAULT '', REAL DEFAULT 0.0, or a
foreign key to an older table), 1 in 4 create an index (plain, UNIQUE, or on two columns).
Every third table is created with a foreign key to the table before it. Each revision has a
working downgrade (DROP TABLE / DROP COLUMN / DROP INDEX).

Model: the schema that history produces, written as one CREATE TABLE per table (all its
columns, in the order ADD COLUMN appends them) and its CREATE INDEX statements, so `mig check`
exits 0. `--changed C` then makes the model differ from the history in C tables, spread
evenly: half of them (rounded up) get a new column (`"note" TEXT`: a plain ADD COLUMN), the
others change the `amount` column's type from INTEGER to NUMERIC(12, 2), which SQLite cannot
ALTER: `mig migrate` writes a table rebuild (new table, copy, drop, rename, indexes).

FK chain (`--fk-chain N`): no revisions; the model has N tables, table i with a foreign key
to table i-1, so `mig migrate` has to create all N in dependency order. `--reverse-model`
writes the model's CREATE TABLE statements newest first (every reference then points forward
in the file).

`--postgres` writes the model so that PostgreSQL can load it (it checks a REFERENCES clause
when the table is created): a foreign key to a table further down the file is left out of its
CREATE TABLE and added by `ALTER TABLE ... ADD FOREIGN KEY` at the end of the file.

The output is deterministic: the same options write byte-identical files. DIR is replaced if
it already holds a generated project (idempotent); anything else in DIR is refused.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench_project import TEMPLATE, created_at, prepare_directory, slug


MIG_TOML = """[database]
url = "sqlite:///app.db"

[model]
paths = ["models/schema.sql"]

[migrations]
directory = "migrations"
"""


def q(name: str) -> str:
    return f'"{name}"'


def revision_id(seed: str, number: int) -> str:
    return hashlib.sha1(f"mig-autogen-bench-{seed}-{number}".encode()).hexdigest()[:12]


def table_name(index: int) -> str:
    return f"t{index:05d}"


@dataclass
class Table:
    name: str
    columns: list[tuple[str, str]] = field(default_factory=list)  # (name, definition after name)
    indexes: list[str] = field(default_factory=list)  # CREATE INDEX statements

    def create_sql(self, overrides: dict[str, str] | None = None,
                   extra: list[tuple[str, str]] | None = None) -> str:
        overrides = overrides or {}
        lines = [f"    {q(name)} {overrides.get(name, definition)}"
                 for name, definition in self.columns + (extra or [])]
        return f"CREATE TABLE {q(self.name)} (\n" + ",\n".join(lines) + "\n);"


def new_table(index: int, references: str | None) -> Table:
    table = Table(table_name(index))
    table.columns = [
        ("id", "INTEGER PRIMARY KEY"),
        ("name", "TEXT NOT NULL"),
        ("amount", "INTEGER NOT NULL DEFAULT 0"),
        ("created_at", "TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP"),
    ]
    if references is not None:
        table.columns.append(
            ("parent_id", f"INTEGER REFERENCES {q(references)} ({q('id')}) ON DELETE CASCADE"))
    return table


@dataclass
class Revision:
    message: str
    upgrade: str
    downgrade: str


def build_history(tables: int, revisions: int, seed: int) -> tuple[list[Revision], list[Table]]:
    """The revisions, and the tables (in creation order) they leave behind."""
    rng = random.Random(seed)
    history: list[Revision] = []
    created: list[Table] = []
    for number in range(revisions):
        # Table k is created by revision floor(k * R / T): evenly spread, the first at 0.
        creates = len(created) < tables and number >= len(created) * revisions // tables
        if creates:
            index = len(created)
            references = table_name(index - 1) if index > 0 and index % 3 == 0 else None
            table = new_table(index, references)
            created.append(table)
            history.append(Revision(f"Create table {table.name}", table.create_sql(),
                                    f"DROP TABLE {q(table.name)};"))
            continue
        table = rng.choice(created)
        kind = rng.randrange(4)
        if kind < 3:
            column = f"c{number:05d}"
            flavour = rng.randrange(4)
            if flavour == 0:
                definition = "INTEGER"
            elif flavour == 1:
                definition = "TEXT NOT NULL DEFAULT ''"
            elif flavour == 2:
                definition = "REAL DEFAULT 0.0"
            else:
                target = created[rng.randrange(len(created))].name
                definition = f"INTEGER REFERENCES {q(target)} ({q('id')})"
            table.columns.append((column, definition))
            history.append(Revision(
                f"Add column {column} to {table.name}",
                f"ALTER TABLE {q(table.name)} ADD COLUMN {q(column)} {definition};",
                f"ALTER TABLE {q(table.name)} DROP COLUMN {q(column)};"))
        else:
            index_name = f"ix_{table.name}_{number:05d}"
            flavour = rng.randrange(3)
            column = rng.choice(table.columns[1:])[0]
            if flavour == 0:
                statement = f"CREATE INDEX {q(index_name)} ON {q(table.name)} ({q(column)});"
            elif flavour == 1:
                statement = (f"CREATE UNIQUE INDEX {q(index_name)} ON {q(table.name)} "
                             f"({q(column)});")
            else:
                statement = (f"CREATE INDEX {q(index_name)} ON {q(table.name)} "
                             f"({q('name')}, {q(column)} DESC);")
            table.indexes.append(statement)
            history.append(Revision(f"Add index {index_name}", statement,
                                    f"DROP INDEX {q(index_name)};"))
    return history, created


def changed_tables(count: int, changed: int) -> dict[int, str]:
    """Which tables the model changes, evenly spread: index -> "add" or "type"."""
    if changed > count:
        sys.exit(f"generate_autogen_project.py: --changed {changed} > --tables {count}")
    picks = [k * count // changed for k in range(changed)] if changed else []
    return {index: ("add" if k % 2 == 0 else "type") for k, index in enumerate(picks)}


def forward_references(tables: list[Table], index: int) -> dict[str, tuple[str, str]]:
    """The columns of tables[index] whose foreign key names a table created after it:
    column -> (definition without the REFERENCES clause, the referenced table)."""
    later = {table.name for table in tables[index + 1:]}
    forward = {}
    for name, definition in tables[index].columns:
        if " REFERENCES " in definition:
            plain, target = definition.split(" REFERENCES ", 1)
            target_name = target.split(" ", 1)[0].strip('"')
            if target_name in later:
                forward[name] = (plain, target_name)
    return forward


def model_sql(tables: list[Table], changes: dict[int, str], header: str,
              postgres: bool = False) -> str:
    out = [header, ""]
    deferred = []
    for index, table in enumerate(tables):
        change = changes.get(index)
        overrides = {}
        if postgres:
            # PostgreSQL checks a REFERENCES clause when the table is created: a foreign key
            # to a table further down the file is added once every table exists.
            for column, (plain, target) in forward_references(tables, index).items():
                overrides[column] = plain
                deferred.append(f"ALTER TABLE {q(table.name)} ADD FOREIGN KEY ({q(column)}) "
                                f"REFERENCES {q(target)} ({q('id')});")
        if change == "add":
            out.append(table.create_sql(overrides=overrides, extra=[("note", "TEXT")]))
        elif change == "type":
            overrides["amount"] = "NUMERIC(12, 2) NOT NULL DEFAULT 0"
            out.append(table.create_sql(overrides=overrides))
        else:
            out.append(table.create_sql(overrides=overrides))
        out += table.indexes
        out.append("")
    out += deferred
    return "\n".join(out)


def revision_script(seed: str, number: int, revision: Revision) -> str:
    lines = [f"-- mig:revision {revision_id(seed, number)}"]
    if number > 0:
        lines.append(f"-- mig:parents {revision_id(seed, number - 1)}")
    lines += [
        f"-- mig:message {revision.message}",
        f"-- mig:created {created_at(number)}",
        "",
        "-- mig:upgrade",
        revision.upgrade,
        "",
        "-- mig:downgrade",
        revision.downgrade,
        "",
    ]
    return "\n".join(lines)


def write_project(root: Path, seed: str, history: list[Revision], model: str) -> None:
    prepare_directory(root, "generate_autogen_project.py")
    (root / "mig.toml").write_text(MIG_TOML)
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    (root / "migrations" / "script.sql.tmpl").write_text(TEMPLATE)
    for number, revision in enumerate(history):
        name = f"{revision_id(seed, number)}_{slug(revision.message)}.sql"
        (versions / name).write_text(revision_script(seed, number, revision))
    (root / "models").mkdir()
    (root / "models" / "schema.sql").write_text(model)
    head = revision_id(seed, len(history) - 1) if history else ""
    (root / "HEAD_REVISION").write_text(head + "\n")


def fk_chain_model(count: int, reverse: bool) -> str:
    statements = []
    for index in range(count):
        columns = [f'    {q("id")} INTEGER PRIMARY KEY', f'    {q("name")} TEXT NOT NULL']
        if index > 0:
            columns.append(f'    {q("prev_id")} INTEGER NOT NULL '
                           f'REFERENCES {q(table_name(index - 1))} ({q("id")})')
        statements.append(f"CREATE TABLE {q(table_name(index))} (\n" + ",\n".join(columns)
                          + "\n);")
        if index > 0:
            statements.append(f'CREATE INDEX {q("ix_" + table_name(index) + "_prev_id")} '
                              f'ON {q(table_name(index))} ({q("prev_id")});')
    if reverse:
        pairs = [statements[0:1]] + [statements[i:i + 2] for i in range(1, len(statements), 2)]
        statements = [s for pair in reversed(pairs) for s in pair]
    header = (f"-- {count} tables, each with a foreign key to the one before it "
              "(bench/generate_autogen_project.py)")
    return header + "\n\n" + "\n".join(statements) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--tables", type=int, default=200, help="tables in the model (200)")
    parser.add_argument("--revisions", type=int, default=1000,
                        help="revisions in the history, at least --tables (1000)")
    parser.add_argument("--changed", type=int, default=0,
                        help="tables where the model differs from the history (0)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the history (1)")
    parser.add_argument("--fk-chain", type=int, metavar="N",
                        help="instead: an empty history and an N-table foreign-key chain model")
    parser.add_argument("--reverse-model", action="store_true",
                        help="with --fk-chain: write the model's tables newest first")
    parser.add_argument("--postgres", action="store_true",
                        help="a model PostgreSQL can load: foreign keys to tables further down "
                             "the file added by ALTER TABLE at its end")
    args = parser.parse_args()

    if args.fk_chain is not None:
        if args.fk_chain < 1:
            parser.error("--fk-chain must be at least 1")
        write_project(args.directory, "fk", [], fk_chain_model(args.fk_chain, args.reverse_model))
        return
    if args.tables < 1 or args.revisions < args.tables:
        parser.error("need 1 <= --tables <= --revisions")
    history, tables = build_history(args.tables, args.revisions, args.seed)
    changes = changed_tables(args.tables, args.changed)
    header = (f"-- The schema of {args.revisions} revisions over {args.tables} tables"
              + (f", changed in {args.changed} tables" if args.changed else "")
              + " (bench/generate_autogen_project.py)")
    # The seed goes into the ids so that projects of different shapes never share ids.
    seed = f"{args.tables}-{args.revisions}-{args.seed}"
    write_project(args.directory, seed, history,
                  model_sql(tables, changes, header, postgres=args.postgres))


if __name__ == "__main__":
    main()
