#pragma once

// The python program that reads an Alembic script folder for mig import (see
// alembic_reader.cpp): arguments FOLDER DIALECT; prints JSON on stdout, a list of
// {id, parents, depends_on, message, path, upgrade, downgrade, downgrade_error} in
// topological order (parents first); exit 3 with one line on stderr when alembic cannot be
// imported, 4 when the folder is not an Alembic script folder, 5 when a revision's upgrade
// cannot be rendered offline.
//
// Each revision's upgrade() and downgrade() run against an offline MigrationContext
// (as_sql, the project's dialect) through alembic's Operations, which is what `alembic
// upgrade A:B --sql` does inside env.py's run_migrations_offline, without env.py: no
// sqlalchemy.url, no Flask application (Flask-Migrate's env.py needs one), no
// alembic_version bookkeeping to strip, and merges render as the nothing they are.

namespace mig::importer {

inline constexpr const char* k_alembic_bridge = R"PY(
import io, json, os, sys

try:
    from alembic.config import Config
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
except ImportError as error:
    sys.stderr.write("cannot import alembic (%s)\n" % error)
    sys.exit(3)

folder, dialect = sys.argv[1], sys.argv[2]
location = folder
ini = os.path.join(folder, "alembic.ini")
if not os.path.isdir(os.path.join(folder, "versions")) and os.path.isfile(ini):
    configured = Config(ini).get_main_option("script_location") or ""
    location = os.path.join(folder, configured.replace("%(here)s", folder))
if not os.path.isdir(os.path.join(location, "versions")):
    sys.stderr.write("%s is not an Alembic script folder (no versions/ in it, nor an "
                     "alembic.ini naming one)\n" % folder)
    sys.exit(4)
sys.path.insert(0, os.path.dirname(os.path.abspath(location)))

config = Config()
config.set_main_option("script_location", location)
script = ScriptDirectory.from_config(config)
revisions = list(script.walk_revisions())
revisions.reverse()


def render(revision, name):
    buffer = io.StringIO()
    context = MigrationContext.configure(
        dialect_name=dialect,
        opts={"as_sql": True, "output_buffer": buffer, "literal_binds": True})
    with Operations.context(context):
        getattr(revision.module, name)()
    return buffer.getvalue()


def as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


result = []
for revision in revisions:
    item = {
        "id": revision.revision,
        "parents": as_list(revision.down_revision),
        "depends_on": as_list(revision.dependencies),
        "message": (revision.doc or "").strip(),
        "path": os.path.relpath(revision.path, location),
        "downgrade_error": "",
    }
    try:
        item["upgrade"] = render(revision, "upgrade")
    except Exception as error:
        sys.stderr.write("%s: upgrade() cannot be rendered as SQL: %s: %s\n"
                         % (item["path"], type(error).__name__, str(error).splitlines()[0]
                            if str(error) else ""))
        sys.exit(5)
    try:
        item["downgrade"] = render(revision, "downgrade")
    except Exception as error:
        item["downgrade"] = None
        item["downgrade_error"] = "%s: %s" % (type(error).__name__, str(error).splitlines()[0]
                                               if str(error) else "")
    result.append(item)
json.dump(result, sys.stdout)
)PY";

}  // namespace mig::importer
