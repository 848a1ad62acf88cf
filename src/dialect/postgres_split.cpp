#include "dialect/postgres_split.hpp"

#include "dialect/postgres_lexer.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <array>

namespace mig::dialect {

namespace {

// psql's heuristic for SQL-standard function bodies (psqlscan.l, the {identifier} rule):
// the first four words of a statement are remembered by their initial when they are one of
// CREATE, OR, REPLACE, FUNCTION, PROCEDURE; in a statement that starts CREATE [OR REPLACE]
// FUNCTION|PROCEDURE, BEGIN opens a block, CASE inside a block opens one too, END closes
// one, all only outside parentheses. A `;` inside a block does not end the statement.
class AtomicBodyTracker {
public:
    void word(std::string_view text, int paren_depth) {
        if (m_count == 0) {
            m_initials.fill('\0');
        }
        if (m_count < m_initials.size() &&
            (is_keyword(text, "create") || is_keyword(text, "function") ||
             is_keyword(text, "procedure") || is_keyword(text, "or") ||
             is_keyword(text, "replace"))) {
            const char initial = text.front();
            m_initials[m_count] =
                initial >= 'A' && initial <= 'Z' ? static_cast<char>(initial - 'A' + 'a') : initial;
        }
        ++m_count;
        if (!creates_routine() || paren_depth != 0) {
            return;
        }
        if (is_keyword(text, "begin")) {
            ++m_depth;
        } else if (is_keyword(text, "case")) {
            if (m_depth >= 1) {
                ++m_depth;
            }
        } else if (is_keyword(text, "end")) {
            if (m_depth > 0) {
                --m_depth;
            }
        }
    }

    bool inside_block() const { return m_depth > 0; }

    // A statement ended (its block depth is 0 then): the next one starts afresh.
    void statement_ended() { m_count = 0; }

private:
    bool creates_routine() const {
        const auto& i = m_initials;
        return i[0] == 'c' && (i[1] == 'f' || i[1] == 'p' ||
                               (i[1] == 'o' && i[2] == 'r' && (i[3] == 'f' || i[3] == 'p')));
    }

    std::array<char, 4> m_initials{};
    std::size_t m_count = 0;
    int m_depth = 0;
};

// One pass over a section: psql's rules decide where statements end; what a statement's
// text is (first token, last token, line) follows the SQLite splitter.
class StatementCollector {
public:
    StatementCollector(std::string_view sql, int first_line) : m_sql(sql), m_line(first_line) {}

    std::vector<Statement> split() {
        PostgresLexer lexer(m_sql);
        while (!lexer.at_end()) {
            const PostgresToken token = lexer.next();
            if (token.kind == PostgresToken::Kind::blank) {
                continue;
            }
            if (m_first == std::string_view::npos) {
                m_first = token.begin;
            }
            m_last_end = token.end;
            if (token.kind == PostgresToken::Kind::word) {
                m_atomic.word(m_sql.substr(token.begin, token.end - token.begin), m_paren_depth);
            } else if (token.kind == PostgresToken::Kind::other) {
                const char c = m_sql[token.begin];
                if (c == '(') {
                    ++m_paren_depth;
                } else if (c == ')') {
                    m_paren_depth = m_paren_depth > 0 ? m_paren_depth - 1 : 0;
                } else if (c == ';' && m_paren_depth == 0 && !m_atomic.inside_block()) {
                    add_statement(token.end);
                    m_atomic.statement_ended();
                }
            }
        }
        add_statement(m_sql.size());  // a last statement without `;`, if it has content
        return std::move(m_statements);
    }

private:
    // Ends the statement that started at m_start at `end`, and adds it unless it holds
    // nothing but blanks, comments and `;`. Comments before the statement stay in it;
    // comments after its last token belong to the next one.
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
    int m_paren_depth = 0;
    AtomicBodyTracker m_atomic;
    int m_line;
    std::size_t m_counted = 0;
    std::size_t m_start = 0;                       // where the current statement's text begins
    std::size_t m_first = std::string_view::npos;  // its first token, if any yet
    std::size_t m_last_end = 0;                    // the end of its last token so far
    std::vector<Statement> m_statements;
};

}  // namespace

std::vector<Statement> split_postgres(std::string_view sql, int first_line) {
    return StatementCollector(sql, first_line).split();
}

}  // namespace mig::dialect
