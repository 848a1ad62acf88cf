#include "db/schema_loader.hpp"

#include "dialect/sqlite_dialect.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <string>

namespace mig::db {

namespace {

// Long enough to recognise the statement, short enough to keep the error on one line.
constexpr std::size_t k_excerpt_length = 60;

// Offset of the statement's first token: split() keeps the comments before a statement in its
// text (offline output needs them), but an error should show the code.
std::size_t code_start(std::string_view sql) {
    std::size_t pos = 0;
    while (pos < sql.size()) {
        std::string_view rest = util::trim_left(sql.substr(pos));
        pos = sql.size() - rest.size();
        if (rest.substr(0, 2) == "--") {
            std::size_t newline = rest.find('\n');
            pos = newline == std::string_view::npos ? sql.size() : pos + newline + 1;
        } else if (rest.substr(0, 2) == "/*") {
            std::size_t close = rest.find("*/", 2);
            pos = close == std::string_view::npos ? sql.size() : pos + close + 2;
        } else {
            break;
        }
    }
    return pos;
}

// `CREATE TABLE "user" (...`: the first line of code, marked with `...` when more follows.
std::string excerpt(std::string_view sql) {
    std::string_view code = util::trim(sql.substr(code_start(sql)));
    if (code.ends_with(';')) {
        code = util::trim(code.substr(0, code.size() - 1));
    }
    std::string_view line = code.substr(0, code.find('\n'));
    if (line.size() > k_excerpt_length) {
        std::size_t cut = k_excerpt_length;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
            --cut;  // never split a UTF-8 character
        }
        line = line.substr(0, cut);
    }
    line = util::trim(line);
    return std::string(line) + (line.size() < code.size() ? "..." : "");
}

// SQLite's process-wide settings, made before its first use (static initialisation, before
// main): mig never shares a connection between threads, so connections need no mutex of their
// own, and the allocator's statistics, which take a global mutex on every malloc, are never
// read. Together they were about 8% of a `mig check` on a 200-table schema.
const bool k_sqlite_configured = [] {
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
}();

}  // namespace

std::unique_ptr<SQLite::Database> open_memory_database() {
    auto database = std::make_unique<SQLite::Database>(
        ":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_MEMORY);
    // Explicit rather than trusting the build's SQLITE_DEFAULT_FOREIGN_KEYS.
    database->exec("PRAGMA foreign_keys = OFF");
    // These databases hold schemas, mostly empty tables of one page each, and are cached as
    // images (see sqlite_image.hpp): small pages make those images several times smaller.
    database->exec("PRAGMA page_size = 512");
    return database;
}

void load_ddl(SQLite::Database& database, std::string_view ddl, std::string_view source_name,
              int first_line, std::string_view hint) {
    for (const dialect::Statement& statement : dialect::SqliteDialect().split(ddl, first_line)) {
        try {
            database.exec(statement.sql);
        } catch (const SQLite::Exception& error) {
            throw ParseError(std::string(source_name), statement.line,
                             excerpt(statement.sql) + ": " + error.what(), std::string(hint));
        }
    }
}

}  // namespace mig::db
