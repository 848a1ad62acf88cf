#include "dialect/postgres_dialect.hpp"

#include "dialect/postgres_lexer.hpp"
#include "dialect/postgres_split.hpp"

#include <vector>

namespace mig::dialect {

namespace {

// A statement's tokens other than blanks, read on demand: most statements are classified
// by their first word alone.
class StatementWords {
public:
    explicit StatementWords(std::string_view sql) : m_sql(sql), m_lexer(sql) {}

    // Whether token `index` is the word `keyword` (lowercase), ignoring case.
    bool is(std::size_t index, std::string_view keyword) {
        const PostgresToken* token = at(index);
        return token != nullptr && token->kind == PostgresToken::Kind::word &&
               is_keyword(text(*token), keyword);
    }

    // Whether the statement has no token at `index` or later but its final `;`.
    bool ends_before(std::size_t index) {
        const PostgresToken* token = at(index);
        return token == nullptr || m_sql[token->begin] == ';';
    }

    // Whether the word `first` is followed by the word `second` outside parentheses
    // (`second` empty: `first` alone). One pass over the statement.
    bool has(std::string_view first, std::string_view second = {}) {
        int depth = 0;
        for (std::size_t i = 0; at(i) != nullptr; ++i) {
            const PostgresToken& token = m_tokens[i];
            if (token.kind == PostgresToken::Kind::other) {
                const char c = m_sql[token.begin];
                depth += c == '(' ? 1 : 0;
                depth -= c == ')' && depth > 0 ? 1 : 0;
            } else if (depth == 0 && is(i, first) && (second.empty() || is(i + 1, second))) {
                return true;
            }
        }
        return false;
    }

    // The first token's first character, or '\0' for a statement of blanks.
    char first_char() {
        const PostgresToken* token = at(0);
        return token == nullptr ? '\0' : m_sql[token->begin];
    }

private:
    std::string_view text(const PostgresToken& token) const {
        return m_sql.substr(token.begin, token.end - token.begin);
    }

    const PostgresToken* at(std::size_t index) {
        while (m_tokens.size() <= index && !m_lexer.at_end()) {
            PostgresToken token = m_lexer.next();
            if (token.kind != PostgresToken::Kind::blank) {
                m_tokens.push_back(token);
            }
        }
        return index < m_tokens.size() ? &m_tokens[index] : nullptr;
    }

    std::string_view m_sql;
    PostgresLexer m_lexer;
    std::vector<PostgresToken> m_tokens;
};

// BEGIN/ABORT/COMMIT/END/ROLLBACK may be followed by WORK or TRANSACTION.
std::size_t after_noise_word(StatementWords& words) {
    return words.is(1, "work") || words.is(1, "transaction") ? 2 : 1;
}

// COPY ... FROM STDIN or TO STDOUT, outside parentheses (COPY (SELECT ...) TO STDOUT).
std::string copy_with_client(StatementWords& words) {
    if (!words.is(0, "copy")) {
        return {};
    }
    if (words.has("from", "stdin")) {
        return "COPY ... FROM STDIN is not supported: mig sends each statement to the server "
               "and has no data stream to follow it";
    }
    if (words.has("to", "stdout")) {
        return "COPY ... TO STDOUT is not supported: a migration has nowhere to send rows";
    }
    return {};
}

// CREATE [UNIQUE] INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY.
bool index_concurrently(StatementWords& words) {
    const std::size_t index = words.is(1, "unique") ? 2 : 1;
    return (words.is(0, "create") || words.is(0, "drop")) && words.is(index, "index") &&
           words.is(index + 1, "concurrently");
}

}  // namespace

std::string needs_own_transaction(const Statement& statement) {
    StatementWords words(statement.sql);
    if (index_concurrently(words)) {
        return std::string(words.is(0, "create") ? "CREATE" : "DROP") +
               " INDEX CONCURRENTLY cannot run inside a transaction";
    }
    if (words.is(0, "reindex")) {
        if (words.has("concurrently")) {
            return "REINDEX CONCURRENTLY cannot run inside a transaction";
        }
        if (words.has("schema") || words.has("database") || words.has("system")) {
            return "REINDEX SCHEMA, DATABASE and SYSTEM cannot run inside a transaction";
        }
        return {};
    }
    if (words.is(0, "vacuum")) {
        return "VACUUM cannot run inside a transaction";
    }
    if ((words.is(0, "create") || words.is(0, "drop")) &&
        (words.is(1, "database") || words.is(1, "tablespace"))) {
        return std::string(words.is(0, "create") ? "CREATE " : "DROP ") +
               (words.is(1, "database") ? "DATABASE" : "TABLESPACE") +
               " cannot run inside a transaction";
    }
    if (words.is(0, "alter") && words.is(1, "database") && words.has("tablespace")) {
        return "ALTER DATABASE ... SET TABLESPACE cannot run inside a transaction";
    }
    if (words.is(0, "alter") && words.is(1, "system")) {
        return "ALTER SYSTEM cannot run inside a transaction";
    }
    if (words.is(0, "alter") && words.is(1, "table") && words.has("detach") &&
        words.has("concurrently")) {
        return "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY cannot run inside a transaction";
    }
    if (words.is(0, "cluster") &&
        (words.ends_before(1) || (words.is(1, "verbose") && words.ends_before(2)))) {
        return "CLUSTER without a table cannot run inside a transaction";
    }
    if (words.is(0, "discard") && words.is(1, "all")) {
        return "DISCARD ALL cannot run inside a transaction";
    }
    if ((words.is(0, "commit") || words.is(0, "rollback")) && words.is(1, "prepared")) {
        return std::string(words.is(0, "commit") ? "COMMIT" : "ROLLBACK") +
               " PREPARED cannot run inside a transaction";
    }
    return {};
}

PostgresDialect::PostgresDialect(std::string schema)
    : m_schema(schema.empty() ? "public" : std::move(schema)) {
    const std::string s = quote_identifier(m_schema) + ".";
    const std::string version = s + "mig_version";
    const std::string history = s + "mig_history";
    auto& b = m_bookkeeping;
    if (m_schema != "public") {
        b.create_tables.push_back("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(m_schema) +
                                  ";");
    }
    b.create_tables.push_back("CREATE TABLE IF NOT EXISTS " + version +
                              " (revision text NOT NULL PRIMARY KEY);");
    // applied_at is a timestamptz, read back in the same UTC text SQLite stores, so `mig
    // history` prints the same either way; dirty a boolean, read back as 0/1.
    b.create_tables.push_back(
        "CREATE TABLE IF NOT EXISTS " + history +
        " (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, revision text, parents text, "
        "direction text NOT NULL, applied_at timestamptz NOT NULL, git_commit text, sha256 text, "
        "downgrade_sql text, dirty boolean NOT NULL DEFAULT false, message text);");
    // to_regclass rather than the pg_tables view: a fresh backend pays ~5 ms to plan the view's
    // joins on its cold catalog caches, and every mig command's first query is this one.
    b.table_exists = "SELECT (pg_catalog.to_regclass(pg_catalog.quote_ident(" +
                     quote_literal(m_schema) +
                     ") || '.' || pg_catalog.quote_ident($1)) IS NOT NULL)::int";
    // COLLATE "C": heads sorted by bytes, as SQLite sorts them, whatever the database's
    // collation.
    b.select_heads = "SELECT revision FROM " + version + " ORDER BY revision COLLATE \"C\"";
    b.select_history =
        "SELECT id, revision, parents, direction, to_char(applied_at AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), git_commit, sha256, downgrade_sql, dirty::int, "
        "message FROM " +
        history + " ORDER BY id";
    b.select_arrival =
        "SELECT id, revision, parents, direction, to_char(applied_at AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), git_commit, sha256, downgrade_sql, dirty::int, "
        "message FROM " +
        history + " WHERE revision = $1 AND direction <> 'downgrade' ORDER BY id DESC LIMIT 1";
    b.select_head = "SELECT 1 FROM " + version + " WHERE revision = $1";
    b.update_head = "UPDATE " + version + " SET revision = $1 WHERE revision = $2";
    b.delete_head = "DELETE FROM " + version + " WHERE revision = $1";
    b.insert_head = "INSERT INTO " + version + " (revision) VALUES ($1)";
    b.insert_head_if_missing =
        "INSERT INTO " + version + " (revision) VALUES ($1) ON CONFLICT (revision) DO NOTHING";
    // dirty arrives as 0 or 1 (history_parameters), bound or as a literal.
    b.insert_history = "INSERT INTO " + history +
                       " (revision, parents, direction, applied_at, git_commit, sha256, "
                       "downgrade_sql, dirty, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8 "
                       "<> 0, $9)";
    b.now_utc = "statement_timestamp()";
}

std::vector<std::string> PostgresDialect::offline_preamble() const {
    return {"SET standard_conforming_strings = on;"};
}

std::vector<Statement> PostgresDialect::split(std::string_view sql, int first_line) const {
    return split_postgres(sql, first_line);
}

StatementKind PostgresDialect::classify(const Statement& statement) const {
    StatementWords words(statement.sql);
    if (words.is(0, "begin") || (words.is(0, "start") && words.is(1, "transaction"))) {
        return StatementKind::begin_transaction;
    }
    if (words.is(0, "commit") || words.is(0, "end")) {
        return words.is(1, "prepared") ? StatementKind::ordinary
                                       : StatementKind::commit_transaction;
    }
    if (words.is(0, "rollback") || words.is(0, "abort")) {
        // ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] name unwinds inside the transaction;
        // ROLLBACK PREPARED 'id' ends another, prepared one.
        const std::size_t after = after_noise_word(words);
        if (words.is(0, "rollback") && (words.is(after, "to") || words.is(1, "prepared"))) {
            return StatementKind::ordinary;
        }
        return StatementKind::rollback_transaction;
    }
    return StatementKind::ordinary;
}

StatementAction PostgresDialect::action(const Statement& statement, bool transactional) const {
    StatementWords words(statement.sql);
    if (words.first_char() == '\\') {
        return StatementAction::refuse(
            "psql meta-commands such as \\copy or \\i are not SQL and the server cannot run them",
            "write the step in SQL (load data with INSERT), or run psql outside mig");
    }
    if (std::string copy = copy_with_client(words); !copy.empty()) {
        return StatementAction::refuse(std::move(copy),
                                       "load data with INSERT, or psql \\copy outside mig");
    }
    if (transactional) {
        if (words.is(0, "prepare") && words.is(1, "transaction")) {
            return StatementAction::refuse(
                "PREPARE TRANSACTION would hand mig's transaction to two-phase commit",
                "remove it; mig commits each revision itself");
        }
        if (std::string reason = needs_own_transaction(statement); !reason.empty()) {
            return StatementAction::refuse(std::move(reason), std::string(k_transaction_off_hint));
        }
    }
    return Dialect::action(statement, transactional);
}

std::string PostgresDialect::quote_literal(std::string_view value) const {
    std::string out;
    out.reserve(value.size() + 2);
    append_literal(out, value);
    return out;
}

// Runs between quotes are copied in one go: offline SQL quotes every downgrade section.
void PostgresDialect::append_literal(std::string& out, std::string_view value) const {
    out += '\'';
    for (std::size_t start = 0;;) {
        const std::size_t quote = value.find('\'', start);
        out.append(value.substr(start, quote - start));
        if (quote == std::string_view::npos) {
            break;
        }
        out += "''";
        start = quote + 1;
    }
    out += '\'';
}

// USING MESSAGE, not a format string: a % in the message stays a %.
std::string PostgresDialect::failing_statement(std::string_view message) const {
    return "DO $mig$ BEGIN RAISE EXCEPTION USING MESSAGE = " + quote_literal(message) +
           "; END $mig$;\n";
}

std::string PostgresDialect::quote_identifier(std::string_view name) const {
    std::string out = "\"";
    for (const char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

}  // namespace mig::dialect
