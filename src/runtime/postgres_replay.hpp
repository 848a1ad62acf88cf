#pragma once

// The migrations' head schema on PostgreSQL: the upgrade sections replayed into a scratch
// database (db::PostgresScratch), to be read back from pg_catalog. The SQLite counterpart is
// runtime::replay_schema (replay.hpp), whose behaviour this follows.

#include "db/postgres_connection.hpp"
#include "db/postgres_scratch.hpp"
#include "graph/revision_graph.hpp"
#include "runtime/replay_observer.hpp"
#include "script/script_directory.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace mig::runtime {

struct PostgresReplayOptions {
    // File names in messages are relative to this (the project root).
    std::filesystem::path display_base;
    // Told about each revision replayed; nullptr: nobody.
    ReplayObserver* observer = nullptr;
};

// Runs the upgrade section of every revision up to `targets` (ancestors first, as `mig
// upgrade` from an empty database would) on `connection`, an idle session on a scratch
// database, without bookkeeping tables. Transactional revisions run together in one
// transaction (the speed of a long history: no commit per revision), a `-- mig:transaction
// off` revision outside it, statement by statement as written. Statements follow the
// PostgreSQL dialect's policy as in the runner: in a transactional revision BEGIN/COMMIT are
// skipped and ROLLBACK, COPY ... FROM STDIN and statements that need their own transaction
// are refused; COPY FROM STDIN is refused in any revision. GRANT, REVOKE, ALTER DEFAULT
// PRIVILEGES and ALTER ... OWNER TO are skipped: owners and privileges are not compared, and
// the roles they name may not exist on the scratch database's server.
//
// A failure throws runtime::ReplayError (exit 2: the migrations are broken) naming the
// revision, its file, the statement's number and line and what PostgreSQL said; the
// transaction is rolled back. `scripts` must be loaded in LoadMode::full. Returns how many
// revisions ran.
std::size_t replay_postgres(const db::PgConnection& connection,
                            const script::ScriptDirectory& scripts,
                            const std::vector<graph::RevisionGraph::Index>& targets,
                            const PostgresReplayOptions& options = {});

// replay_postgres into `scratch`, then scratch.reset_session(): what the revisions SET
// (DateStyle changes how pg_catalog prints a date default) is gone before the catalog is read.
std::size_t replay_postgres(db::PostgresScratch& scratch, const script::ScriptDirectory& scripts,
                            const std::vector<graph::RevisionGraph::Index>& targets,
                            const PostgresReplayOptions& options = {});

// What the schema replay_postgres makes at `targets` is made of: a digest of the revisions'
// ids and file SHA-256s in replay order, salted with the PostgreSQL replay's version (never
// equal to a SQLite replay key). Empty at base. Computed from the files alone. A cache of the
// schema's catalog should add the server's version to it (pg_catalog's canonical text
// differs between major versions).
std::string postgres_replay_key(const script::ScriptDirectory& scripts,
                                const std::vector<graph::RevisionGraph::Index>& targets);

}  // namespace mig::runtime
