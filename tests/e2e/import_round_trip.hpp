#pragma once

// Round trips of `mig import`: the source tool's up SQL run directly into one SQLite database,
// the imported revisions run by `mig upgrade` into another, and the two compared.

#include "e2e/project.hpp"

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <string>
#include <vector>

namespace mig::test {

inline std::filesystem::path import_fixture(const std::string& format) {
    return std::filesystem::path(MIG_SOURCE_DIR) / "tests" / "fixtures" / "import" / format;
}

// Runs each script in order on `db` (created when missing), as the source tool would.
inline void run_directly(const std::filesystem::path& db, const std::vector<std::string>& scripts) {
    SQLite::Database connection(db.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    connection.exec("PRAGMA foreign_keys = ON");
    for (const std::string& script : scripts) {
        connection.exec(script);
    }
}

// The schema and every row of the user's tables: neither mig's tables nor `ignored` (the
// source tool's version table).
inline std::vector<std::string> schema_and_rows(const std::filesystem::path& db,
                                                const std::string& ignored) {
    std::vector<std::string> lines;
    std::string filter =
        "name NOT LIKE 'sqlite_%' AND name NOT LIKE 'mig_%' AND tbl_name <> '" + ignored + "'";
    for (const auto& row :
         query_rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE " + filter +
                            " ORDER BY type, name")) {
        // Whitespace aside: Alembic's offline SQL indents with spaces where its online DDL
        // has tabs, which SQLite keeps verbatim in sqlite_schema.
        std::string sql;
        for (char c : row[3]) {
            bool space = c == ' ' || c == '\t' || c == '\n';
            if (!space) {
                sql += c;
            } else if (!sql.empty() && sql.back() != ' ') {
                sql += ' ';
            }
        }
        lines.push_back(row[0] + " " + row[1] + ": " + sql);
        if (row[0] == "table") {
            for (const auto& values : query_rows(db, "SELECT * FROM \"" + row[1] + "\"")) {
                std::string line = "  row " + row[1] + ":";
                for (const auto& value : values) {
                    line += " " + value;
                }
                lines.push_back(line);
            }
        }
    }
    return lines;
}

// Text between the line that starts with `begin` and the next line that starts with `end`
// (or the end): one section of a dbmate or goose file.
inline std::string section(const std::string& text, const std::string& begin,
                           const std::string& end) {
    std::string out;
    bool inside = false;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t next = text.find('\n', at);
        next = next == std::string::npos ? text.size() : next + 1;
        std::string line = text.substr(at, next - at);
        at = next;
        if (line.rfind(begin, 0) == 0) {
            inside = true;
            continue;
        }
        if (inside && !end.empty() && line.rfind(end, 0) == 0) {
            break;
        }
        if (inside) {
            out += line;
        }
    }
    return out;
}

}  // namespace mig::test
