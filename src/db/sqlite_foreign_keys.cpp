#include "db/sqlite_foreign_keys.hpp"

#include "util/strings.hpp"

#include <SQLiteCpp/Statement.h>

#include <set>
#include <string_view>

namespace mig::db {

std::vector<std::string> tables_with_foreign_keys(SQLite::Database& db) {
    SQLite::Statement query(
        db,
        "SELECT DISTINCT m.name FROM sqlite_master AS m "
        "JOIN pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table' ORDER BY m.name");
    std::vector<std::string> tables;
    while (query.executeStep()) {
        tables.push_back(query.getColumn(0).getString());
    }
    return tables;
}

namespace {

constexpr std::size_t k_rowids_shown = 5;

std::string foreign_key_check_sql(const dialect::Dialect& dialect, const std::string& table) {
    return "PRAGMA foreign_key_check(" + dialect.quote_identifier(table) + ")";
}

}  // namespace

long long count_violations(SQLite::Database& db, const dialect::Dialect& dialect,
                           const std::string& table) {
    try {
        SQLite::Statement check(db, foreign_key_check_sql(dialect, table));
        long long count = 0;
        while (check.executeStep()) {
            ++count;
        }
        return count;
    } catch (const SQLite::Exception& error) {
        if (std::string_view(error.what()).find("foreign key mismatch") != std::string_view::npos) {
            return k_check_failed;
        }
        throw;
    }
}

// `table "child": 2 rows reference missing rows of "parent" (rowids 3, 7)`.
std::string describe_violations(SQLite::Database& db, const dialect::Dialect& dialect,
                                const std::string& table, long long count) {
    const std::string quoted = dialect.quote_identifier(table);
    if (count == k_check_failed) {
        try {
            SQLite::Statement check(db, foreign_key_check_sql(dialect, table));
            while (check.executeStep()) {
            }
        } catch (const SQLite::Exception& error) {
            return "table " + quoted + ": " + error.what();
        }
        return "table " + quoted + ": foreign key mismatch";
    }
    SQLite::Statement check(db, foreign_key_check_sql(dialect, table));
    std::set<std::string> parents;
    std::vector<std::string> rowids;
    while (check.executeStep()) {
        parents.insert(dialect.quote_identifier(check.getColumn(2).getString()));
        if (rowids.size() < k_rowids_shown && !check.getColumn(1).isNull()) {
            rowids.push_back(check.getColumn(1).getString());
        }
    }
    std::string text = "table " + quoted + ": " + std::to_string(count) +
                       (count == 1 ? " row references" : " rows reference") + " missing rows of " +
                       util::quoted_list({parents.begin(), parents.end()});
    if (!rowids.empty()) {
        text += " (rowid" + std::string(rowids.size() == 1 ? " " : "s ") +
                util::join(rowids, ", ") +
                (count > static_cast<long long>(rowids.size()) ? ", ..." : "") + ")";
    }
    return text;
}

}  // namespace mig::db
