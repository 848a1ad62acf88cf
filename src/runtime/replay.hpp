#pragma once

#include "graph/revision_graph.hpp"
#include "runtime/replay_observer.hpp"
#include "script/script_directory.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mig::runtime {

struct ReplayOptions {
    // Where replayed schemas are cached (the project's `.mig/cache/`); empty: no cache.
    std::filesystem::path cache_dir;
    // File names in messages are relative to this (the project root).
    std::filesystem::path display_base;
    // Only a full cache hit: on a miss, replay nothing and return no database. For `mig status`,
    // which must stay instant and says "unknown" instead.
    bool cache_only = false;
    // Told about each revision replayed (not about a cache hit); nullptr: nobody.
    ReplayObserver* observer = nullptr;
};

// What replay produced: an in-memory database holding the schema (nullptr after a cache_only
// miss) (only the schema can be
// relied on: rows that data migrations insert are there after a replay, not from the cache).
struct ReplayedSchema {
    enum class Source { replayed, cache };
    std::unique_ptr<SQLite::Database> database;
    Source source = Source::replayed;
    std::size_t revisions = 0;  // how many revisions the schema is made of
    // What the schema is made of, as the cache keys it (empty without a cache_dir, and at
    // base): equal keys mean equal schemas, so results derived from it can be cached too.
    std::string key;
};

// A revision failed while replaying: the migrations themselves are broken, since each must
// apply to the schema its parents leave (exit 2). Names the revision, the file, the
// statement and its line, and SQLite's message.
class ReplayError : public InputError {
public:
    ReplayError(const std::string& message, std::string hint, std::string revision,
                std::string file, int statement_number, int line)
        : InputError(message, std::move(hint)),
          m_revision(std::move(revision)),
          m_file(std::move(file)),
          m_statement_number(statement_number),
          m_line(line) {}
    const std::string& revision() const { return m_revision; }
    const std::string& file() const { return m_file; }
    int statement_number() const { return m_statement_number; }  // 0: not one statement's fault
    int line() const { return m_line; }

private:
    std::string m_revision;
    std::string m_file;
    int m_statement_number;
    int m_line;
};

// The schema the migrations produce at `targets` (every ancestor-or-self applied, as
// `mig upgrade` from an empty database would): each revision's upgrade section runs
// statement by statement on an in-memory database, with foreign keys off, like the real
// runner but without bookkeeping tables or foreign key checks. Transactional revisions all
// run in one transaction (the speed of a long history); a `-- mig:transaction off` revision
// runs outside it, as written. A script's BEGIN/COMMIT and PRAGMA foreign_keys are skipped in
// transactional revisions, and ROLLBACK is an error, as in the runner.
//
// With a cache_dir, the result is cached as a database image (see ReplayCache) under a key
// that chains, revision by revision, each replayed revision's id and file SHA-256, the SQLite
// version and the replay version. A hit restores the image instead of replaying. When only a
// prefix of the plan is cached (a new revision on top of a cached head), the image of the
// longest one is restored and only the rest is replayed (Source::replayed). `scripts` must be
// loaded in LoadMode::full.
ReplayedSchema replay_schema(const script::ScriptDirectory& scripts,
                             const std::vector<graph::RevisionGraph::Index>& targets,
                             const ReplayOptions& options = {});

// The key replay_head_schema gives the schema at `target` (empty at base), computed from the
// revision files alone: nothing is replayed or read from the cache. For answers cached under
// it (status's model drift) that need no schema when the key is known.
std::string schema_key(const script::ScriptDirectory& scripts, std::string_view target);

// replay_schema for a TARGET (graph::resolve_target from base): `head` by default, which
// throws graph::MultipleHeadsError, as `mig upgrade head` does, when there are several heads.
ReplayedSchema replay_head_schema(const script::ScriptDirectory& scripts,
                                  std::string_view target = "head",
                                  const ReplayOptions& options = {});

}  // namespace mig::runtime
