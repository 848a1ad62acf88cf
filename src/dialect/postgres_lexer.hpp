#pragma once

#include <cstddef>
#include <string_view>

namespace mig::dialect {

// One token of PostgreSQL SQL text, as psql's lexer (src/fe_utils/psqlscan.l, PostgreSQL
// 15) delimits it: enough to find where statements end and to read a statement's words.
struct PostgresToken {
    enum class Kind {
        blank,                 // whitespace, a `--` comment, a closed /* */ comment (they nest)
        word,                  // an identifier or keyword: letters, digits, _, $; not quoted
        quoted,                // "identifier" or U&"identifier"
        string,                // '...', E'...', U&'...', B'...', X'...', N'...', $tag$ ... $tag$
        number,                // 12, 1.5, 1e3 (with PostgreSQL 15's one character of trailing junk)
        parameter,             // $1
        unterminated_comment,  // /* without its */: content, so the server reports it
        other,                 // one character: ; ( ) , and operators
    };
    Kind kind = Kind::other;
    std::size_t begin = 0;
    std::size_t end = 0;
};

// Reads tokens one by one from `sql`. An unterminated string, quoted identifier or dollar
// body runs to the end of the text. Assumes standard_conforming_strings = on (the default
// since PostgreSQL 9.1): in '...' a backslash is an ordinary character.
class PostgresLexer {
public:
    explicit PostgresLexer(std::string_view sql) : m_sql(sql) {}

    bool at_end() const { return m_pos >= m_sql.size(); }
    // The next token; call only when !at_end().
    PostgresToken next();

private:
    char at(std::size_t pos) const { return pos < m_sql.size() ? m_sql[pos] : '\0'; }
    PostgresToken::Kind scan();
    void skip_past(std::size_t from, char quote);
    void skip_escape_string(std::size_t from);
    bool skip_block_comment();
    PostgresToken::Kind scan_dollar();
    void scan_number();
    void skip_junk();

    std::string_view m_sql;
    std::size_t m_pos = 0;
};

// Whether `word` equals `lower` (a lowercase keyword), ignoring ASCII case.
bool is_keyword(std::string_view word, std::string_view lower);

}  // namespace mig::dialect
