#pragma once

// mig's version tables as status reads them, kept in `.mig/cache/version-tables` under the
// database's content token (db::content_token) so that a warm `mig status` need not open the
// database: opening a SQLite database parses its whole schema first (12 ms for 1,000 tables).

#include "db/database.hpp"
#include "workflow/project.hpp"

#include <string>
#include <vector>

namespace mig::workflow {

struct VersionTables {
    std::vector<std::string> heads;  // mig_version
    // mig_history, oldest first; empty at base. Without the downgrade SQL (never set), which
    // status does not need and which is most of a row's bytes.
    std::vector<db::HistoryEntry> history;
};

// From the cache when the database's content token matches it, else from the database (read
// only), cached when the token was known before reading. A cache that cannot be read or
// written only costs the open.
VersionTables read_version_tables(const Project& project);

}  // namespace mig::workflow
