#include "support/sqlite_rows.hpp"

#include <SQLiteCpp/Statement.h>

namespace mig::test {

std::vector<std::string> rows_as_text(SQLite::Database& db, const std::string& sql) {
    std::vector<std::string> rows;
    SQLite::Statement query(db, sql);
    while (query.executeStep()) {
        std::string row;
        for (int i = 0; i < query.getColumnCount(); ++i) {
            SQLite::Column value = query.getColumn(i);
            row += (i == 0 ? "" : " | ");
            row += value.isNull() ? std::string("<null>") : value.getString();
        }
        rows.push_back(row);
    }
    return rows;
}

}  // namespace mig::test
