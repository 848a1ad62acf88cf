#include "dialect/sqlite_dialect.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace mig::dialect {

namespace {

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

// Whether the two characters at `pos` are `first` and `second` (comment openers).
bool pair_at(std::string_view text, std::size_t pos, char first, char second) {
    return pos + 1 < text.size() && text[pos] == first && text[pos + 1] == second;
}

// Offset of the first character at or after `pos` that is neither whitespace nor part of a
// `--` or `/* */` comment; text.size() when only blanks remain. An unterminated block
// comment runs to the end, as in SQLite.
std::size_t skip_blanks(std::string_view text, std::size_t pos) {
    while (pos < text.size()) {
        if (is_space(text[pos])) {
            ++pos;
        } else if (pair_at(text, pos, '-', '-')) {
            std::size_t newline = text.find('\n', pos);
            pos = newline == std::string_view::npos ? text.size() : newline + 1;
        } else if (pair_at(text, pos, '/', '*')) {
            std::size_t close = text.find("*/", pos + 2);
            pos = close == std::string_view::npos ? text.size() : close + 2;
        } else {
            break;
        }
    }
    return pos;
}

// The statement's first tokens, enough to classify it: words and identifiers (quotes
// removed) and single punctuation characters. Read on demand, as views into the statement:
// most statements are classified by their first word alone.
class LeadingTokens {
public:
    explicit LeadingTokens(std::string_view sql) : m_sql(sql), m_pos(skip_blanks(sql, 0)) {}

    // Whether token `index` is `word`, ignoring case.
    bool is(std::size_t index, std::string_view word) {
        while (m_count <= index && m_count < k_capacity && m_pos < m_sql.size()) {
            read_token();
        }
        return index < m_count && util::equals_ci(m_tokens[index], word);
    }

private:
    static constexpr std::size_t k_capacity = 5;

    void read_token() {
        const char c = m_sql[m_pos];
        std::size_t end = m_pos + 1;
        if (is_word_char(c)) {
            while (end < m_sql.size() && is_word_char(m_sql[end])) {
                ++end;
            }
            m_tokens[m_count++] = m_sql.substr(m_pos, end - m_pos);
        } else if (c == '"' || c == '`' || c == '[') {
            char close = c == '[' ? ']' : c;
            end = std::min(m_sql.find(close, m_pos + 1), m_sql.size());
            m_tokens[m_count++] = m_sql.substr(m_pos + 1, end - m_pos - 1);
            end = std::min(end + 1, m_sql.size());
        } else {
            m_tokens[m_count++] = m_sql.substr(m_pos, 1);
        }
        m_pos = skip_blanks(m_sql, end);
    }

    std::string_view m_sql;
    std::size_t m_pos;
    std::array<std::string_view, k_capacity> m_tokens;
    std::size_t m_count = 0;
};

// Statement ends follow SQLite's own sqlite3_complete() (complete.c, in a build with triggers
// and EXPLAIN, as Debian's): a statement ends at a `;` outside strings, quoted identifiers and
// comments, except inside the BEGIN ... END body of a CREATE [TEMP] TRIGGER. Calling
// sqlite3_complete() on every prefix that ends at a `;` is quadratic in the semicolons of a
// trigger body, so its state machine runs here in one pass instead;
// tests/unit/dialect/sqlite_dialect_split_oracle_test.cpp checks the two agree.
//
// The tokens that drive the machine:
enum CompletionToken : unsigned char {
    k_semi,
    k_ws,
    k_other,
    k_explain,
    k_create,
    k_temp,
    k_trigger,
    k_end
};

// sqlite3_complete's state machine. States: 0 start of input, 1 after a complete statement,
// 2 inside an ordinary statement, 3 after EXPLAIN, 4 after CREATE [TEMP], 5 inside a
// trigger, 6 after a `;` inside a trigger, 7 after that `;` and END.
constexpr unsigned char k_transitions[8][8] = {
    // semi ws other explain create temp trigger end
    {1, 0, 2, 3, 4, 2, 2, 2},  // 0
    {1, 1, 2, 3, 4, 2, 2, 2},  // 1
    {1, 2, 2, 2, 2, 2, 2, 2},  // 2
    {1, 3, 3, 2, 4, 2, 2, 2},  // 3
    {1, 4, 2, 2, 2, 4, 5, 2},  // 4
    {6, 5, 5, 5, 5, 5, 5, 5},  // 5
    {6, 6, 5, 5, 5, 5, 5, 7},  // 6
    {1, 7, 5, 5, 5, 5, 5, 5},  // 7
};
constexpr unsigned char k_complete = 1;

// SQLite's identifier characters (IdChar): ASCII letters and digits, `_`, `$`, and every
// byte of a multi-byte UTF-8 character.
bool is_id_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
           (byte >= '0' && byte <= '9') || byte == '_' || byte == '$' || byte >= 0x80;
}

// The keywords sqlite3_complete() tells apart; any other word is k_other.
CompletionToken keyword_token(std::string_view word) {
    switch (word.front()) {
        case 'c':
        case 'C':
            return util::equals_ci(word, "create") ? k_create : k_other;
        case 't':
        case 'T':
            if (util::equals_ci(word, "trigger")) {
                return k_trigger;
            }
            return util::equals_ci(word, "temp") || util::equals_ci(word, "temporary") ? k_temp
                                                                                       : k_other;
        case 'e':
        case 'E':
            if (util::equals_ci(word, "end")) {
                return k_end;
            }
            return util::equals_ci(word, "explain") ? k_explain : k_other;
        default:
            return k_other;
    }
}

// One pass over a section: where each statement ends (by sqlite3_complete's rules, so a
// statement ends where the sqlite3 shell would end it), and where its first and last
// tokens are (by skip_blanks' rules, which also count \v as a blank).
class StatementScanner {
public:
    StatementScanner(std::string_view sql, int first_line) : m_sql(sql), m_line(first_line) {}

    std::vector<Statement> split() {
        // sqlite3_complete() reads a C string, which ends at a NUL byte: no statement ends
        // after one, so from the statement holding it to the end of the section is one.
        const std::size_t nul = m_sql.find('\0');
        std::size_t pos = 0;
        unsigned char state = 0;
        while (pos < m_sql.size()) {
            const std::size_t begin = pos;
            CompletionToken token = k_other;
            bool blank = false;
            const char c = m_sql[pos];
            switch (c) {
                case ';':
                    token = k_semi;
                    ++pos;
                    break;
                case ' ':
                case '\t':
                case '\n':
                case '\f':
                case '\r':
                    token = k_ws;
                    blank = true;
                    ++pos;
                    break;
                case '\v':  // a blank to skip_blanks, another character to SQLite
                    blank = true;
                    ++pos;
                    break;
                case '-':
                    if (pair_at(m_sql, pos, '-', '-')) {
                        token = k_ws;
                        blank = true;
                        pos = std::min(m_sql.find('\n', pos), m_sql.size());
                    } else {
                        ++pos;
                    }
                    break;
                case '/':
                    if (pair_at(m_sql, pos, '/', '*')) {
                        token = k_ws;
                        blank = true;
                        pos = after(m_sql.find("*/", pos + 2), 2);
                    } else {
                        ++pos;
                    }
                    break;
                case '\'':
                case '"':
                case '`':
                case '[':
                    pos = after(m_sql.find(c == '[' ? ']' : c, pos + 1), 1);
                    break;
                default:
                    if (is_id_char(c)) {
                        while (++pos < m_sql.size() && is_id_char(m_sql[pos])) {
                        }
                        token = keyword_token(m_sql.substr(begin, pos - begin));
                    } else {
                        ++pos;
                    }
                    break;
            }
            if (!blank) {
                if (m_first == std::string_view::npos) {
                    m_first = begin;
                }
                m_last_end = pos;
            }
            state = k_transitions[state][token];
            if (state == k_complete && begin < nul) {
                add_statement(pos);
                state = 0;
            }
        }
        add_statement(m_sql.size());  // a last statement without `;`, if it has content
        return std::move(m_statements);
    }

private:
    // The offset `length` past `found`, or the end of the text when not found (an
    // unterminated string or comment runs to the end, as in SQLite).
    std::size_t after(std::size_t found, std::size_t length) const {
        return found == std::string_view::npos ? m_sql.size() : found + length;
    }

    // Ends the statement that started at m_start at `end`, and adds it unless it holds
    // nothing but blanks, comments and `;`. Comments before the statement stay in it;
    // comments after its end belong to the next one.
    void add_statement(std::size_t end) {
        if (m_first != std::string_view::npos && m_sql[m_first] != ';') {
            Statement statement;
            statement.sql = std::string(util::trim(m_sql.substr(m_start, m_last_end - m_start)));
            statement.line = line_at(m_first);
            statement.number = static_cast<int>(m_statements.size()) + 1;
            m_statements.push_back(std::move(statement));
        }
        m_start = end;
        m_first = std::string_view::npos;
    }

    // Lines are counted incrementally: one pass over the text, however many statements.
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
    std::size_t m_start = 0;                       // where the current statement's text begins
    std::size_t m_first = std::string_view::npos;  // its first token, if any yet
    std::size_t m_last_end = 0;                    // the end of its last token so far
    std::vector<Statement> m_statements;
};

// Appends `value` with its single quotes doubled. Runs between quotes are copied in one go:
// offline SQL quotes every revision's downgrade SQL.
void append_escaped(std::string& out, std::string_view value) {
    for (std::size_t start = 0;;) {
        std::size_t quote = value.find('\'', start);
        out.append(value.substr(start, quote - start));
        if (quote == std::string_view::npos) {
            return;
        }
        out += "''";
        start = quote + 1;
    }
}

// Appends `value` as a string literal.
void append_quoted(std::string& out, std::string_view value) {
    out += '\'';
    append_escaped(out, value);
    out += '\'';
}

}  // namespace

std::vector<Statement> SqliteDialect::split(std::string_view sql, int first_line) const {
    return StatementScanner(sql, first_line).split();
}

StatementKind SqliteDialect::classify(const Statement& statement) const {
    LeadingTokens tokens(statement.sql);
    auto is = [&](std::size_t index, std::string_view word) { return tokens.is(index, word); };
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
    append_quoted(out, value);
    return out;
}

void SqliteDialect::append_literal(std::string& out, std::string_view value) const {
    append_quoted(out, value);
}

// SQLite has no RAISE outside triggers: a CHECK constraint named by the message fails with
// "CHECK constraint failed: <message>", inside the step's transaction, leaving nothing.
std::string SqliteDialect::failing_statement(std::string_view message) const {
    return "CREATE TEMP TABLE mig_irreversible (refused INTEGER CONSTRAINT " +
           quote_identifier(message) + " CHECK (refused = 0));\n" +
           "INSERT INTO mig_irreversible VALUES (1);\n";
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
const BookkeepingSql& SqliteDialect::bookkeeping() const {
    static const BookkeepingSql sql{
        .create_tables =
            {
                "CREATE TABLE IF NOT EXISTS mig_version (revision TEXT NOT NULL PRIMARY KEY);",
                "CREATE TABLE IF NOT EXISTS mig_history (id INTEGER PRIMARY KEY, revision TEXT, "
                "parents TEXT, direction TEXT NOT NULL, applied_at TEXT NOT NULL, git_commit "
                "TEXT, sha256 TEXT, downgrade_sql TEXT, dirty INTEGER NOT NULL DEFAULT 0, "
                "message TEXT);",
            },
        .table_exists = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
        .select_heads = "SELECT revision FROM mig_version ORDER BY revision",
        .select_history =
            "SELECT id, revision, parents, direction, applied_at, git_commit, "
            "sha256, downgrade_sql, dirty, message FROM mig_history ORDER BY id",
        .select_arrival =
            "SELECT id, revision, parents, direction, applied_at, git_commit, "
            "sha256, downgrade_sql, dirty, message FROM mig_history WHERE revision = ? AND "
            "direction <> 'downgrade' ORDER BY id DESC LIMIT 1",
        .select_head = "SELECT 1 FROM mig_version WHERE revision = ?",
        .update_head = "UPDATE mig_version SET revision = ? WHERE revision = ?",
        .delete_head = "DELETE FROM mig_version WHERE revision = ?",
        .insert_head = "INSERT INTO mig_version (revision) VALUES (?)",
        .insert_head_if_missing = "INSERT OR IGNORE INTO mig_version (revision) VALUES (?)",
        .insert_history =
            "INSERT INTO mig_history (revision, parents, direction, applied_at, "
            "git_commit, sha256, downgrade_sql, dirty, message) VALUES (?, ?, ?, "
            "?, ?, ?, ?, ?, ?)",
        .now_utc = "strftime('%Y-%m-%dT%H:%M:%SZ','now')",
    };
    return sql;
}

std::vector<std::string> SqliteDialect::offline_preamble() const {
    return {
        "PRAGMA foreign_keys = OFF;  -- table rebuilds need it; SQLite ignores it inside a "
        "transaction",
    };
}

}  // namespace mig::dialect
