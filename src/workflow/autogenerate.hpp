#pragma once

#include "autogen/compare.hpp"
#include "workflow/project.hpp"
#include "workflow/revision.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

struct AutogenerateOptions {
    std::string message;
    std::vector<std::string> renames;   // --rename A=B, as given
    bool from_db = false;               // compare with the live database instead of the migrations
    bool sql_only = false;              // --sql: print, write nothing
    std::optional<std::string> rev_id;  // --rev-id ID
};

struct AutogenerateResult {
    bool changed = false;
    std::string upgrade_sql;
    std::string downgrade_sql;
    std::vector<std::string> operations;   // one line per operation, in reviewer's words
    std::vector<std::string> destructive;  // the operations that can lose data, with why
    std::vector<autogen::LikelyRename> likely_renames;
    // The upgrade must run outside a transaction: the file says `-- mig:transaction off`.
    bool transaction_off = false;
    std::optional<RevisionResult> written;  // absent with sql_only or when nothing changed
};

// `mig migrate -m MSG` (= `mig revision --autogenerate`): compares the model with the schema
// the migrations produce (or, with from_db, the live database), and writes a revision whose
// upgrade turns one into the other and whose downgrade is derived by reversing the operations.
AutogenerateResult autogenerate(Project& project, const AutogenerateOptions& options);

}  // namespace mig::workflow
