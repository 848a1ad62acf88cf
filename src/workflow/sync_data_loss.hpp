#pragma once

#include "dialect/statement.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// A statement of a downgrade that `mig sync` will not run without `--yes`: it is marked
// `-- mig:destructive`, or it drops a table or a column that holds rows.
struct DataLoss {
    std::string revision;
    int statement = 0;  // its number in the downgrade section
    int line = 0;       // its line in the revision file (or in the SQL mig_history recorded)
    std::string sql;    // the statement on one line, shortened
    std::string why;    // "marked destructive: drop column age", "drops table t (3 rows)"
    std::optional<long long> rows;  // the rows that would go, when that is what it drops
};

// Rows of a table in the live database (`schema` empty or "main" for the main one), or
// nullopt when there is no such table.
using RowCounter =
    std::function<std::optional<long long>(const std::string& schema, const std::string& table)>;

// The statements of one downgrade that would lose data. Reads the statements' text and asks
// `rows` only about the tables they drop, so the decision is tested without a database:
//   - a statement after a `-- mig:destructive REASON` line, whatever it does;
//   - DROP TABLE of a table holding rows, unless the same downgrade creates a table of that
//     name again or renames one to it (SQLite's table rebuild: create the new table, copy,
//     drop the old one, rename the new one), following renames within the step so that
//     `ALTER TABLE t RENAME TO t_old; ...; DROP TABLE t_old` counts t's rows;
//   - ALTER TABLE ... DROP [COLUMN] on a table holding rows.
// Row counts are those of the live database before anything runs.
std::vector<DataLoss> find_data_loss(const std::string& revision,
                                     const std::vector<dialect::Statement>& statements,
                                     const RowCounter& rows);

}  // namespace mig::workflow
