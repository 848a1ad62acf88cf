"""Print a Flask-SQLAlchemy app's schema as SQLite DDL, for mig's `[model] command`.

    [model]
    command = "python3 dump_schema.py"

MIG_FLASK_APP names the Flask app, or an app factory called without arguments, as
"module:attribute" (default "app:app"). mig runs the command from mig.toml's folder, which is
put on the import path. Works with Flask-SQLAlchemy 2.x and 3.x on SQLAlchemy 1.4 and 2.x.
"""

import contextlib
import importlib
import os
import sys

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable


def load_db():
    spec = os.environ.get("MIG_FLASK_APP") or "app:app"
    module_name, _, attribute = spec.partition(":")
    sys.path.insert(0, os.getcwd())
    # Anything the app prints while it loads goes to stderr: stdout carries only the DDL.
    with contextlib.redirect_stdout(sys.stderr):
        app = getattr(importlib.import_module(module_name), attribute or "app")
        if not isinstance(app, Flask):
            app = app()  # an app factory
    extension = app.extensions.get("sqlalchemy")
    if extension is None:
        sys.exit(f"dump_schema.py: {spec} has no Flask-SQLAlchemy extension (db.init_app(app))")
    # 3.x registers the db itself; 2.x a state object that holds it.
    return extension if isinstance(extension, SQLAlchemy) else extension.db


def ddl(statement, dialect):
    # SQLAlchemy leaves a space at the end of some lines: keep the revision files clean.
    text = str(statement.compile(dialect=dialect))
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + ";"


def main():
    db = load_db()
    dialect = sqlite.dialect()
    for table in db.metadata.sorted_tables:
        print(ddl(CreateTable(table), dialect))
        for index in sorted(table.indexes, key=lambda index: index.name or ""):
            print(ddl(CreateIndex(index), dialect))
        print()


if __name__ == "__main__":
    main()
