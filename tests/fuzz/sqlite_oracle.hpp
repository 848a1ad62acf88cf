#pragma once

// SQLite itself as the judge of what is valid SQL: mig parses CREATE statements that SQLite has
// already accepted, so a round trip need only hold for those. Prepared, never run, on one
// empty in-memory database.

#include <sqlite3.h>

#include <cstdlib>
#include <string>
#include <string_view>

namespace mig::fuzz {

enum class Missing { refuse, allow_missing_table };

// Whether SQLite compiles `sql` as exactly one statement (trailing blanks, comments and `;`
// aside). With allow_missing_table, "no such table" counts as accepted: CREATE INDEX names a
// table this empty database does not have, and SQLite checks that only after the syntax.
inline sqlite3* oracle_database() {
    static sqlite3* db = [] {
        sqlite3* handle = nullptr;
        if (sqlite3_open(":memory:", &handle) != SQLITE_OK) {
            std::abort();
        }
        return handle;
    }();
    return db;
}

// Whether every statement of `sql` is SQLite syntax: errors found after parsing (a table,
// column or function this empty database lacks) do not count. SQLite parses a statement
// completely before it resolves names, so a syntax error always comes first.
inline bool sqlite_parses(std::string_view sql) {
    const std::string text(sql);
    if (text.find('\0') != std::string::npos) {
        return false;
    }
    sqlite3* db = oracle_database();
    for (const char* next = text.c_str(); *next != '\0';) {
        sqlite3_stmt* statement = nullptr;
        const char* tail = nullptr;
        const int rc = sqlite3_prepare_v2(db, next, -1, &statement, &tail);
        sqlite3_finalize(statement);
        if (rc != SQLITE_OK) {
            const std::string_view message = sqlite3_errmsg(db);
            for (std::string_view syntax : {"syntax error", "unrecognized token",
                                            "incomplete input", "parser stack overflow"}) {
                if (message.find(syntax) != std::string_view::npos) {
                    return false;
                }
            }
        }
        if (tail == nullptr || tail <= next) {
            return false;  // SQLite did not say where the statement ends: no judgement
        }
        next = tail;  // past a name error too: the statement parsed to its end
    }
    return true;
}

inline bool sqlite_accepts(std::string_view sql, Missing missing = Missing::refuse) {
    sqlite3* db = oracle_database();
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    const std::string text(sql);  // NUL-terminated
    const int rc =
        sqlite3_prepare_v2(db, text.c_str(), static_cast<int>(text.size() + 1), &statement, &tail);
    sqlite3_finalize(statement);
    if (rc != SQLITE_OK) {
        return missing == Missing::allow_missing_table &&
               std::string_view(sqlite3_errmsg(db)).starts_with("no such table");
    }
    if (statement == nullptr || text.find('\0') != std::string::npos) {
        return false;  // only comments, or a NUL hides what follows it from SQLite
    }
    // Anything after the first statement but `;` and blanks is a second statement.
    sqlite3_stmt* rest = nullptr;
    const bool more =
        sqlite3_prepare_v2(db, tail, -1, &rest, nullptr) != SQLITE_OK || rest != nullptr;
    sqlite3_finalize(rest);
    return !more;
}

}  // namespace mig::fuzz
