#pragma once

// A name for the current content of a database that can be read without opening it, so that
// answers derived from mig's version tables can be cached (mig status). Opening a SQLite
// database parses its whole schema before the first query: 12 ms for 1,000 tables on the
// benchmark machine, more than status's budget.

#include "db/database_url.hpp"

#include <optional>
#include <string>

namespace mig::db {

// For a SQLite database in rollback-journal mode: its file's device, inode, size, times and
// the file change counter of its header, which SQLite increments on every write transaction.
// nullopt when no such name is sure: no file, a WAL-mode database (its counter does not move
// per transaction), a `-wal` or `-journal` file beside it (uncheckpointed or unfinished
// writes), an unreadable header, or another database than SQLite.
std::optional<std::string> content_token(const DatabaseUrl& url);

}  // namespace mig::db
