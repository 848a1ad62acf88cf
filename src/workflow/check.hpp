#pragma once

#include "workflow/project.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

struct CheckOptions {
    bool staged = false;                 // --staged: the index instead of the work tree
    std::optional<std::string> against;  // --against REF: this branch's revisions fit REF's
    bool database = false;               // --db: the live database has no drift
};

// What kind of problem `mig check` found: scripts tell problems apart by it (`--json`).
enum class CheckProblemKind {
    multiple_heads,              // the migrations have several heads
    model_difference,            // the model differs from the migrations' head schema
    unknown_database_revision,   // --db: the database is at a revision the migrations lack
    drift,                       // --db: the database's schema differs from its revision's
    changed_revision,            // --db: an applied revision's file changed since it ran
    edited_revision,             // --against: a revision REF has was changed here
    deleted_revision,            // --against: a revision REF has was deleted here
    graph_conflict,              // --against: this branch's revisions and REF's do not fit
    heads_after_merge,           // --against: merging REF would give several heads
    edited_published_revision,   // --staged: a staged edit of a revision the upstream has
    deleted_published_revision,  // --staged: a staged deletion of one
    renamed_published_revision,  // --staged: a staged rename of one
    revision_not_added,          // --staged: a revision file the staged model needs is not staged
};

struct CheckProblem {
    CheckProblemKind kind;
    std::string message;  // one line, in a reviewer's words
};

struct CheckResult {
    std::vector<CheckProblem> problems;
    std::vector<std::string> fixes;  // what to do about them, one per kind of problem
    std::string database;            // with `database`: its name, as messages show it
};

// `mig check`. Always: the graph is sound with a single head, and the model equals the schema
// the migrations produce. A broken graph or model throws (exit 2); everything else found is a
// problem (exit 1).
//
// - staged: the same, on the project as the git index has it (what `git commit` would record;
//   see ProjectSnapshot). Also: no staged change edits, deletes or renames a revision file
//   that is published (see published_refs), and when the staged model differs from the
//   staged migrations, revision files of the work tree that are not staged but would make
//   them match are named with the `git add` that stages them.
// - against REF: no revision that REF has was edited or deleted here, and merging REF would
//   not give the migrations a second head. With staged too, a revision the published check
//   already named is not named again.
// - database: the live database's schema equals the schema its recorded revision(s) produce,
//   replayed like the head schema ("drift"). A database at a revision the migrations do not
//   know is a problem too, and so is an applied revision whose file changed since it ran
//   (its SHA-256 differs from the one mig_history recorded); a missing database is an
//   InputError.
CheckResult check(Project& project, const CheckOptions& options = {});

}  // namespace mig::workflow
