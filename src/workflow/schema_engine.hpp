#pragma once

// The one seam between the workflow verbs that compare schemas (`mig migrate`, `mig check`,
// `mig status`'s drift) and the database they compare for. Each database has an engine that
// knows how to build its schemas (SQLite: in-memory databases; PostgreSQL: scratch databases
// on the server), introspect, compare and render them, and how to cache the results; the
// verbs only ask for lines, SQL and answers. make_schema_engine chooses the engine once, by
// the project's database URL, as db::open_database chooses the database.

#include "autogen/compare.hpp"
#include "graph/revision_graph.hpp"
#include "workflow/project.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::workflow {

// What `mig migrate` writes, in the database's own SQL.
struct GeneratedRevision {
    std::string upgrade_sql;  // empty when the schemas agree
    std::string downgrade_sql;
    std::vector<std::string> operations;   // one line per operation, in a reviewer's words
    std::vector<std::string> destructive;  // the operations that can lose data, with why
    std::vector<autogen::LikelyRename> likely_renames;
    // The upgrade holds a statement the server refuses, or cannot use at once, inside a
    // transaction (PostgreSQL's ALTER TYPE ... ADD VALUE): the revision is written with
    // `-- mig:transaction off`.
    bool transaction_off = false;

    bool changed() const { return !operations.empty(); }
};

// What the caches tell about the model's differences without building a schema.
struct CachedDifferences {
    std::optional<std::vector<std::string>> lines;  // nullopt: not known from the caches
    std::string why_unknown;                        // with nullopt: why, and what to run
};

// The live database's schema as an engine reads it for `--db` or `--from-db`; what it holds
// is the engine's business.
class LiveSchema {
public:
    virtual ~LiveSchema() = default;
};

class SchemaEngine {
public:
    virtual ~SchemaEngine() = default;

    // The differences between the migrations' head schema and the model, one line each in a
    // reviewer's words, as `mig check` prints them ("table users: column age missing in
    // migrations (model has INTEGER)"); none when they agree. Cached under the keys of both
    // schemas, which come from the files alone: a warm call builds neither schema.
    // graph::MultipleHeadsError when the migrations have several heads.
    virtual std::vector<std::string> model_differences(Project& project) = 0;

    // The same, from what is cached only, for `mig status`, which must stay fast: it never
    // replays the migrations nor talks to a server other than the project's database.
    virtual CachedDifferences cached_model_differences(Project& project) = 0;

    // Whether the model equals the head schema, caching no answer: for `mig check --staged`'s
    // question "would staging these files make them match", asked of a throwaway project.
    virtual bool model_matches_head(Project& project) = 0;

    // The revision that turns the migrations' head schema (with `from_db`, the live
    // database's) into the model: `mig migrate`. InputError for a --rename naming nothing.
    virtual GeneratedRevision generate(Project& project,
                                       const std::vector<autogen::RenameHint>& renames,
                                       bool from_db) = 0;

    // The live database's schema, read now for `option` (`--db`, `--from-db`, for messages):
    // InputError when the database does not exist, FailedError when it cannot be read.
    virtual std::unique_ptr<LiveSchema> read_live_schema(Project& project,
                                                         std::string_view option) = 0;

    // The live database as messages name it: a SQLite file relative to the project, a
    // server's URL without its password.
    virtual std::string database_name(const Project& project) const = 0;

    // The differences between `live` and the schema the migrations produce with exactly
    // `revisions` (and their ancestors) applied, one line each ("table users: column age
    // missing in migrations (database has INTEGER)"): `mig check --db`'s drift.
    virtual std::vector<std::string> drift(
        Project& project, LiveSchema& live,
        const std::vector<graph::RevisionGraph::Index>& revisions) = 0;
};

// The engine for the project's database URL.
std::unique_ptr<SchemaEngine> make_schema_engine(const Project& project);

}  // namespace mig::workflow
