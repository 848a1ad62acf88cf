#pragma once

// The model on PostgreSQL: `[model] paths` files or `[model] command`'s output, run statement
// by statement in a scratch database (db::PostgresScratch), to be read back from pg_catalog.
// The SQLite counterpart is workflow::load_model (model.hpp).

#include "db/postgres_connection.hpp"
#include "db/postgres_scratch.hpp"
#include "workflow/project.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace mig::workflow {

// One piece of the model's DDL: a file, or the command's output.
struct PostgresModelSource {
    std::string name;  // for messages: the file relative to the project, or `[model] command`
    std::string sql;
    std::string hint;  // what to do about a failing statement in it
};

// The model's DDL, read but not loaded.
struct PostgresModelText {
    std::vector<PostgresModelSource> sources;  // in load order
    std::vector<std::filesystem::path> files;  // [model] paths: the files read, in order
    // A digest of each source's name and DDL in order, salted for PostgreSQL (never equal to
    // the SQLite model's key): equal keys, equal models on one server. A cache of the model's
    // catalog should add the server's version to it.
    std::string key;
};

// Reads `[model] paths` (expand_model_paths: globs, order, errors) or runs `[model] command`
// (run_model_command: timeout, exit status, stderr), with load_model's InputErrors.
PostgresModelText read_postgres_model(const Project& project);

// Runs the model's statements, split by the PostgreSQL dialect, in order on `connection`
// (autocommit: a statement PostgreSQL refuses in a transaction may be part of a model, and the
// model's own BEGIN/COMMIT run as written). What `pg_dump --schema-only` writes loads without
// the roles and privileges of the database it came from:
//   - `SET ...` and `SELECT pg_catalog.set_config(...)` run (they shape how the rest reads);
//   - `ALTER ... OWNER TO`, `GRANT`, `REVOKE` and `ALTER DEFAULT PRIVILEGES` are skipped: the
//     roles may not exist here, and ownership and privileges are no part of the schema mig
//     compares;
//   - `COMMENT ON EXTENSION` that the user may not run (not the extension's owner) and
//     `CREATE SCHEMA` of a schema that exists (`public`) are tolerated;
//   - psql's `\restrict` / `\unrestrict` lines (pg_dump 15.14 and later) are skipped; any other
//     psql meta-command and COPY ... FROM STDIN are refused.
// A failing statement throws a ParseError (exit 2) naming the file (or `[model] command`) and
// line, the statement's first line and PostgreSQL's message; a lost connection or a server in
// trouble is a FailedError (exit 1). The caller resets the session afterwards (the overload
// below does).
void load_postgres_model(const db::PgConnection& connection, const PostgresModelText& model);

// load_postgres_model into `scratch`, then scratch.reset_session(): what the model SET is
// gone before the catalog is read.
void load_postgres_model(db::PostgresScratch& scratch, const PostgresModelText& model);

}  // namespace mig::workflow
