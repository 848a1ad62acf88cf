#include "db/table_rows.hpp"

#include "db/postgres_connection.hpp"
#include "db/sqlite_reader.hpp"

#include <SQLiteCpp/Statement.h>

#include <system_error>

namespace mig::db {

namespace {

constexpr int k_busy_timeout_ms = 5000;

TableRows read_sqlite(const DatabaseUrl& url, const std::string& table, const std::string& query) {
    TableRows result;
    std::error_code error;
    if (!std::filesystem::is_regular_file(url.sqlite_path, error)) {
        return result;
    }
    auto database = open_for_reading(url.sqlite_path, k_busy_timeout_ms);
    try {
        SQLite::Statement exists(*database,
                                 "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
        exists.bind(1, table);
        if (!exists.executeStep()) {
            result.found = TableRows::Found::no_table;
            return result;
        }
        result.found = TableRows::Found::rows;
        SQLite::Statement select(*database, query);
        while (select.executeStep()) {
            TextRow row;
            for (int column = 0; column < select.getColumnCount(); ++column) {
                SQLite::Column value = select.getColumn(column);
                row.push_back(value.isNull() ? std::nullopt
                                             : std::optional<std::string>(value.getString()));
            }
            result.rows.push_back(std::move(row));
        }
    } catch (const SQLite::Exception& failure) {
        throw sqlite_failure(url.sqlite_path, failure, database->getHandle(),
                             "cannot read " + table + " in");
    }
    return result;
}

TableRows read_postgres(const DatabaseUrl& url, const ConnectionOptions& options,
                        const std::string& schema, const std::string& table,
                        const std::string& query) {
    SessionSettings settings;
    settings.statement_timeout = options.statement_timeout;
    settings.lock_timeout = options.lock_timeout;
    settings.read_only = true;
    PgConnection connection = PgConnection::open(url, settings);
    TableRows result;
    PgResult exists = connection.exec(
        "SELECT to_regclass(CASE WHEN $1 = '' THEN quote_ident($2) "
        "ELSE quote_ident($1) || '.' || quote_ident($2) END) IS NOT NULL",
        {schema, table});
    if (exists.text(0, 0) != "t") {
        result.found = TableRows::Found::no_table;
        return result;
    }
    result.found = TableRows::Found::rows;
    PgResult rows = connection.exec(query);
    for (int row = 0; row < rows.rows(); ++row) {
        TextRow values;
        for (int column = 0; column < rows.columns(); ++column) {
            values.push_back(rows.optional_text(row, column));
        }
        result.rows.push_back(std::move(values));
    }
    return result;
}

}  // namespace

TableRows read_table_rows(const DatabaseUrl& url, const ConnectionOptions& options,
                          const std::string& schema, const std::string& table,
                          const std::string& query) {
    if (url.scheme == "sqlite") {
        return read_sqlite(url, table, query);
    }
    return read_postgres(url, options, schema, table, query);
}

}  // namespace mig::db
