// SqliteDialect::split against an oracle: the splitter it replaced, which asked SQLite's own
// sqlite3_complete() about every growing prefix ending at a `;` (correct, but quadratic in
// the semicolons of a trigger body). The single-pass splitter must agree with it on every
// statement's text, line and number, for generated sections full of the awkward cases:
// triggers, EXPLAIN, strings, quoted identifiers, comments, \v, NUL bytes, unterminated
// tokens and UTF-8.

#include "dialect/sqlite_dialect.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace mig::dialect {
namespace {

// --- The oracle: the previous implementation, unchanged -----------------------------------

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

bool starts_at(std::string_view text, std::size_t pos, std::string_view prefix) {
    return text.substr(pos, prefix.size()) == prefix;
}

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

bool is_complete_statement(std::string_view candidate) {
    std::string terminated(candidate);
    return sqlite3_complete(terminated.c_str()) != 0;
}

std::size_t end_of_token(std::string_view text, std::size_t pos) {
    char c = text[pos];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
        std::size_t close = text.find(c == '[' ? ']' : c, pos + 1);
        return close == std::string_view::npos ? text.size() : close + 1;
    }
    return pos + 1;
}

std::size_t end_of_last_token(std::string_view text) {
    std::size_t end = 0;
    for (std::size_t pos = skip_blanks(text, 0); pos < text.size(); pos = skip_blanks(text, end)) {
        end = end_of_token(text, pos);
    }
    return end;
}

class StatementCollector {
public:
    StatementCollector(std::string_view sql, int first_line) : m_sql(sql), m_line(first_line) {}

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

std::vector<Statement> oracle_split(std::string_view sql, int first_line) {
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
    collector.add(start, sql.size());
    return collector.take();
}

// --- The comparison ------------------------------------------------------------------------

std::string describe(const std::vector<Statement>& statements) {
    std::string out;
    for (const auto& statement : statements) {
        out += std::to_string(statement.number) + "@" + std::to_string(statement.line) + ": [" +
               statement.sql + "]\n";
    }
    return out;
}

void expect_same_split(std::string_view sql) {
    EXPECT_EQ(describe(SqliteDialect().split(sql, 7)), describe(oracle_split(sql, 7)))
        << "section: [" << std::string(sql) << "]";
}

// Pieces that exercise every branch of the splitter when glued together at random.
constexpr std::array<std::string_view, 61> k_pieces{
    "CREATE",
    "create",
    "CrEaTe",
    "TEMP",
    "temporary",
    "TRIGGER",
    "trigger",
    "END",
    "end",
    "EXPLAIN",
    "explain",
    "BEGIN",
    "SELECT",
    "TABLE",
    "QUERY",
    "PLAN",
    "INSERT INTO t VALUES (1)",
    "ends",
    "created",
    "tempo",
    "x",
    "t_1$",
    "trigger$",
    "trigger_",
    "\xC3\xA9"
    "end",
    "\xC3\xA9t\xC3\xA9",
    ";",
    ";",
    ";",
    " ",
    " ",
    "\n",
    "\n",
    "\t",
    "\r\n",
    "\f",
    "\v",
    "'a;b'",
    "'it''s; fine'",
    "'",
    "\"c;d\"",
    "\"",
    "`e;f`",
    "`",
    "[g;h]",
    "[",
    "]",
    "-- note; here\n",
    "--",
    "-",
    "- -",
    "/* block; comment */",
    "/*",
    "*/",
    "/",
    "*",
    "(",
    ")",
    ",",
    std::string_view("\0", 1),
    "END;",
};

TEST(SqliteDialectSplitOracle, AgreesOnHandPickedSections) {
    const std::vector<std::string_view> sections = {
        "",
        ";",
        " ; ;\n",
        "SELECT 1",
        "SELECT 1;",
        "SELECT 1;SELECT 2",
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END; SELECT 2;",
        "CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END; X;",
        "EXPLAIN CREATE TRIGGER t BEGIN SELECT 1; END; X;",
        "CREATE TRIGGER t BEGIN SELECT 1; END x; SELECT 2; END; Y;",
        "CREATE TRIGGER t BEGIN SELECT 1; END",
        "CREATE TEMPORARY TRIGGER t BEGIN SELECT 1; END; X;",
        "CREATE TRIGGER_X (a); SELECT 1; END; X;",
        "CREATE TRIGGER$ (a); SELECT 1; END; X;",
        "CREATE \xC3\xA9TRIGGER (a); SELECT 1; END; X;",
        "CREATE TABLE trigger (x); SELECT 1;",
        "SELECT 'a;b' -- c;\n; SELECT 2",
        "SELECT 1 /* ; */ ; SELECT 2 /* unterminated ;",
        "SELECT 'unterminated ; SELECT 2;",
        "SELECT [a;b], `c;d`, \"e;f\"; SELECT 2",
        "\v;\vSELECT 1\v;\v",
        "SELECT 1; -- trailing; comment",
        "SELECT 1; -- trailing comment\n",
        "-- only a comment",
        "/* only */ /* comments */",
        std::string_view("SELECT 1; SELECT\0 2; SELECT 3;", 30),
        std::string_view("SELECT '\0;'; SELECT 2;", 22),
        std::string_view("\0; SELECT 1;", 12),
    };
    for (std::string_view sql : sections) {
        expect_same_split(sql);
    }
}

TEST(SqliteDialectSplitOracle, AgreesOnGeneratedSections) {
    std::mt19937 random(20261121);  // fixed: the same sections on every run
    std::uniform_int_distribution<std::size_t> piece(0, k_pieces.size() - 1);
    std::uniform_int_distribution<int> length(0, 40);
    for (int round = 0; round < 20000; ++round) {
        std::string sql;
        for (int n = length(random); n > 0; --n) {
            sql += k_pieces[piece(random)];
            if (random() % 2 == 0) {
                sql += ' ';
            }
        }
        expect_same_split(sql);
        if (HasFailure()) {
            return;  // one counterexample is enough to read
        }
    }
}

}  // namespace
}  // namespace mig::dialect
