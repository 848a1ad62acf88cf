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

struct CheckResult {
    std::vector<std::string> problems;  // one line each, in a reviewer's words
    std::vector<std::string> fixes;     // what to do about them, one per kind of problem
    std::string database;               // with `database`: its name, as messages show it
};

// `mig check`. Always: the graph is sound with a single head, and the model equals the schema
// the migrations produce. A broken graph or model throws (exit 2); everything else found is a
// problem (exit 1).
//
// - staged: the same, on the project as the git index has it (what `git commit` would record;
//   see ProjectSnapshot).
// - against REF: no revision that REF has was edited or deleted here, and merging REF would
//   not give the migrations a second head.
// - database: the live database's schema equals the schema its recorded revision(s) produce,
//   replayed like the head schema ("drift"). A database at a revision the migrations do not
//   know is a problem too; a missing database is an InputError.
CheckResult check(Project& project, const CheckOptions& options = {});

}  // namespace mig::workflow
