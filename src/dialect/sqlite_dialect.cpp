#include "dialect/sqlite_dialect.hpp"

#include "util/strings.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>

namespace mig::dialect {

namespace {

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

bool starts_at(std::string_view text, std::size_t pos, std::string_view prefix) {
    return text.substr(pos, prefix.size()) == prefix;
}

// Offset of the first character at or after `pos` that is neither whitespace nor part of a
// `--` or `/* */` comment; text.size() when only blanks remain. An unterminated block
// comment runs to the end, as in SQLite.
std::size_t skip_blanks(std::string_view text, std::size_t pos) {
    while (pos < text.size()) {
        if (is_space(text[pos])) {
            ++pos;
        } else if (starts_at(text, pos, "--")) {
            std::size_t newline = text.find('\n', pos);
            pos = newline == std::string_view::npos ? text.size() : newline + 1;
        } else if (starts_at(text, pos, "/*")) {
            std::size_t close = text.find("*/", pos + 2);
            pos = close == std::string_view::npos ? text.size() : close + 2;
        } else {
            break;
        }
    }
    return pos;
}

// The statement's first tokens, enough to classify it: words and identifiers (quotes
// removed) and single punctuation characters.
std::vector<std::string> leading_tokens(std::string_view sql, std::size_t wanted) {
    std::vector<std::string> tokens;
    std::size_t pos = skip_blanks(sql, 0);
    while (pos < sql.size() && tokens.size() < wanted) {
        char c = sql[pos];
        std::size_t end = pos + 1;
        if (is_word_char(c)) {
            while (end < sql.size() && is_word_char(sql[end])) {
                ++end;
            }
            tokens.emplace_back(sql.substr(pos, end - pos));
        } else if (c == '"' || c == '`' || c == '[') {
            char close = c == '[' ? ']' : c;
            end = std::min(sql.find(close, pos + 1), sql.size());
            tokens.emplace_back(sql.substr(pos + 1, end - pos - 1));
            end = std::min(end + 1, sql.size());
        } else {
            tokens.emplace_back(1, c);
        }
        pos = skip_blanks(sql, end);
    }
    return tokens;
}

// SQLite's own verdict: does `candidate` end with a complete statement? Its tokenizer knows
// strings, comments and CREATE TRIGGER bodies, so a `;` inside any of them does not count.
bool is_complete_statement(std::string_view candidate) {
    std::string terminated(candidate);  // sqlite3_complete needs a NUL-terminated string
    return sqlite3_complete(terminated.c_str()) != 0;
}

// End of the token starting at `pos`: strings and quoted identifiers whole (a doubled quote
// just reads as two adjacent tokens), anything else one character at a time.
std::size_t end_of_token(std::string_view text, std::size_t pos) {
    char c = text[pos];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
        std::size_t close = text.find(c == '[' ? ']' : c, pos + 1);
        return close == std::string_view::npos ? text.size() : close + 1;
    }
    return pos + 1;
}

// End of the last character of `text` that is not whitespace or comment, so a statement
// ends with its `;` or last token and a renderer can append a missing `;` safely.
std::size_t end_of_last_token(std::string_view text) {
    std::size_t end = 0;
    for (std::size_t pos = skip_blanks(text, 0); pos < text.size(); pos = skip_blanks(text, end)) {
        end = end_of_token(text, pos);
    }
    return end;
}

// Builds Statements from the chunks of a section, numbering them and tracking lines
// incrementally (one pass over the text, however many statements).
class StatementCollector {
public:
    StatementCollector(std::string_view sql, int first_line) : m_sql(sql), m_line(first_line) {}

    // Adds sql[begin, end) unless it holds nothing but blanks, comments and `;`. Comments
    // before the statement stay in it; comments after its end belong to the next one.
    void add(std::size_t begin, std::size_t end) {
        std::string_view chunk = m_sql.substr(begin, end - begin);
        std::size_t token = skip_blanks(chunk, 0);
        if (token == chunk.size() || chunk[token] == ';') {
            return;
        }
        Statement statement;
        statement.sql = std::string(util::trim(chunk.substr(0, end_of_last_token(chunk))));
        statement.line = line_at(begin + token);
        statement.number = static_cast<int>(m_statements.size()) + 1;
        m_statements.push_back(std::move(statement));
    }

    std::vector<Statement> take() { return std::move(m_statements); }

private:
    int line_at(std::size_t offset) {
        auto from = m_sql.begin() + static_cast<std::ptrdiff_t>(m_counted);
        auto to = m_sql.begin() + static_cast<std::ptrdiff_t>(offset);
        m_line += static_cast<int>(std::count(from, to, '\n'));
        m_counted = offset;
        return m_line;
    }

    std::string_view m_sql;
    int m_line;
    std::size_t m_counted = 0;
    std::vector<Statement> m_statements;
};

}  // namespace

std::vector<Statement> SqliteDialect::split(std::string_view sql, int first_line) const {
    StatementCollector collector(sql, first_line);
    std::size_t start = 0;
    for (std::size_t pos = sql.find(';'); pos != std::string_view::npos;
         pos = sql.find(';', pos + 1)) {
        if (!is_complete_statement(sql.substr(start, pos + 1 - start))) {
            continue;
        }
        collector.add(start, pos + 1);
        start = pos + 1;
    }
    collector.add(start, sql.size());  // a last statement without `;`, if it has content
    return collector.take();
}

StatementKind SqliteDialect::classify(const Statement& statement) const {
    const std::vector<std::string> tokens = leading_tokens(statement.sql, 5);
    auto is = [&](std::size_t index, std::string_view word) {
        return index < tokens.size() && util::equals_ci(tokens[index], word);
    };
    if (is(0, "BEGIN")) {
        return StatementKind::begin_transaction;
    }
    if (is(0, "COMMIT") || is(0, "END")) {
        return StatementKind::commit_transaction;
    }
    if (is(0, "ROLLBACK")) {
        // ROLLBACK [TRANSACTION] TO name only unwinds a savepoint inside the transaction.
        std::size_t after = is(1, "TRANSACTION") ? 2 : 1;
        return is(after, "TO") ? StatementKind::ordinary : StatementKind::rollback_transaction;
    }
    if (is(0, "PRAGMA")) {
        std::size_t name = is(2, ".") ? 3 : 1;  // PRAGMA [schema.]foreign_keys
        bool assigns = is(name + 1, "=") || is(name + 1, "(");
        if (is(name, "foreign_keys") && assigns) {
            return StatementKind::pragma_foreign_keys;
        }
    }
    return StatementKind::ordinary;
}

std::string SqliteDialect::quote_literal(std::string_view value) const {
    std::string out;
    out.reserve(value.size() + 2);
    out += '\'';
    // Copy runs between quotes in one go: offline SQL quotes every revision's downgrade SQL.
    for (std::size_t start = 0;;) {
        std::size_t quote = value.find('\'', start);
        out.append(value.substr(start, quote - start));
        if (quote == std::string_view::npos) {
            break;
        }
        out += "''";
        start = quote + 1;
    }
    out += '\'';
    return out;
}

std::string SqliteDialect::quote_identifier(std::string_view name) const {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

// No AUTOINCREMENT: it would create sqlite_sequence, a third table, and mig's footprint is
// exactly these two. `INTEGER PRIMARY KEY` already numbers rows in insertion order.
std::vector<std::string> SqliteDialect::create_version_tables() const {
    return {
        "CREATE TABLE IF NOT EXISTS mig_version (revision TEXT NOT NULL PRIMARY KEY);",
        "CREATE TABLE IF NOT EXISTS mig_history (id INTEGER PRIMARY KEY, revision TEXT, parents "
        "TEXT, "
        "direction TEXT NOT NULL, applied_at TEXT NOT NULL, git_commit TEXT, sha256 TEXT, "
        "downgrade_sql TEXT, dirty INTEGER NOT NULL DEFAULT 0, message TEXT);",
    };
}

std::vector<std::string> SqliteDialect::version_update(
    const std::vector<std::string>& removed, const std::vector<std::string>& added) const {
    std::vector<std::string> sql;
    sql.reserve(removed.size() + added.size());
    for (const auto& revision : removed) {
        sql.push_back("DELETE FROM mig_version WHERE revision = " + quote_literal(revision) + ";");
    }
    for (const auto& revision : added) {
        sql.push_back("INSERT INTO mig_version (revision) VALUES (" + quote_literal(revision) +
                      ");");
    }
    return sql;
}

std::string SqliteDialect::history_insert(const HistoryRecord& record) const {
    auto text_or_null = [this](std::string_view value) {
        return value.empty() ? std::string("NULL") : quote_literal(value);
    };
    auto optional_or_null = [this](const std::optional<std::string>& value) {
        return value ? quote_literal(*value) : std::string("NULL");
    };
    const std::string applied_at = record.applied_at.empty()
                                       ? "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
                                       : quote_literal(record.applied_at);
    return "INSERT INTO mig_history (revision, parents, direction, applied_at, git_commit, sha256, "
           "downgrade_sql, dirty, message) VALUES (" +
           text_or_null(record.revision) + ", " + text_or_null(util::join(record.parents, " ")) +
           ", " + quote_literal(record.direction) + ", " + applied_at + ", " +
           optional_or_null(record.git_commit) + ", " + text_or_null(record.sha256) + ", " +
           optional_or_null(record.downgrade_sql) + ", " + (record.dirty ? "1" : "0") + ", " +
           text_or_null(record.message) + ");";
}

}  // namespace mig::dialect
