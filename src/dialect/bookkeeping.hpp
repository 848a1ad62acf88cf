#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mig::dialect {

// The text of every statement mig runs on its own tables (mig_version, mig_history), for
// one database, written once by the dialect: the online code prepares these and binds
// parameters; the offline renderer substitutes literals into the same text
// (`render_literals`). Placeholders are `?` (positional, SQLite) or `$N` (numbered,
// PostgreSQL). Table names are qualified by the dialect's schema where it has one.
struct BookkeepingSql {
    // Creates mig_version and mig_history when missing (idempotent); no parameters, each
    // ending with `;`.
    std::vector<std::string> create_tables;
    // (table name without schema) -> one row, one integer column: 1 when the table exists
    // in the schema mig uses, else 0.
    std::string table_exists;
    // -> revision, sorted.
    std::string select_heads;
    // -> id, revision, parents, direction, applied_at, git_commit, sha256, downgrade_sql,
    //    dirty, message; oldest first.
    std::string select_history;
    // (revision) -> the same columns, for the latest row that is not a downgrade of that
    //    revision (what moved the database to it); none when there is no such row.
    std::string select_arrival;
    // (revision) -> a row when that revision is a head.
    std::string select_head;
    // (new revision, old revision): moves one head along a chain; changes exactly one row
    // when the old revision is still the head.
    std::string update_head;
    std::string delete_head;             // (revision)
    std::string insert_head;             // (revision)
    std::string insert_head_if_missing;  // (revision): `stamp` of a head already there is no error
    // (revision, parents, direction, applied_at, git_commit, sha256, downgrade_sql, dirty,
    //  message): the values of `history_parameters`.
    std::string insert_history;
    // An expression for the database's current UTC time as "2026-11-21T10:00:00Z", which the
    // offline SQL records as applied_at (the moment the script runs, not when it was printed).
    std::string now_utc;
};

// A parameter of a bookkeeping statement.
struct SqlValue {
    enum class Kind { null, text, integer, expression };
    Kind kind = Kind::null;
    std::string text;  // text, or the SQL of an expression (rendered as is, never bound)
    long long integer = 0;

    static SqlValue null() { return {}; }
    static SqlValue of(std::string value) { return {Kind::text, std::move(value), 0}; }
    static SqlValue of(long long value) { return {Kind::integer, {}, value}; }
    static SqlValue sql_expression(std::string sql) {
        return {Kind::expression, std::move(sql), 0};
    }
};

}  // namespace mig::dialect
