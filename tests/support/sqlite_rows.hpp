#pragma once

// Query results as text, for tests that compare what a database holds.

#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

namespace mig::test {

// The rows `sql` returns, one string per row in the order SQLite gives them: the values joined
// by " | ", NULL written as "<null>" (so it differs from the text 'NULL' and from '').
std::vector<std::string> rows_as_text(SQLite::Database& db, const std::string& sql);

}  // namespace mig::test
