#include "dialect/postgres_lexer.hpp"

#include <algorithm>

namespace mig::dialect {

namespace {

// Character classes of PostgreSQL's lexer (scan.l, which psqlscan.l copies). Every byte of a
// multi-byte UTF-8 character is an identifier character.
bool is_space(char c) {
    // scan.l's {space}, plus \v, which PostgreSQL 16 added.
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_ident_start(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || byte == '_' ||
           byte >= 0x80;
}

bool is_ident_cont(char c) {
    return is_ident_start(c) || is_digit(c) || c == '$';
}

// A dollar-quote tag may not contain `$` (scan.l's dolq_cont).
bool is_tag_cont(char c) {
    return is_ident_start(c) || is_digit(c);
}

}  // namespace

bool is_keyword(std::string_view word, std::string_view lower) {
    if (word.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        char c = word[i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (c != lower[i]) {
            return false;
        }
    }
    return true;
}

PostgresToken PostgresLexer::next() {
    PostgresToken token;
    token.begin = m_pos;
    token.kind = scan();
    token.end = m_pos;
    return token;
}

PostgresToken::Kind PostgresLexer::scan() {
    using Kind = PostgresToken::Kind;
    const char c = m_sql[m_pos];
    const char next = at(m_pos + 1);
    if (is_space(c)) {
        ++m_pos;
        return Kind::blank;
    }
    if (c == '-' && next == '-') {
        // To the end of the line: \n or \r, as scan.l's {non_newline}. An operator that
        // holds `--` ends before it, so `--` always starts a comment.
        m_pos = std::min(m_sql.find_first_of("\r\n", m_pos), m_sql.size());
        return Kind::blank;
    }
    if (c == '/' && next == '*') {
        return skip_block_comment() ? Kind::blank : Kind::unterminated_comment;
    }
    switch (c) {
        case '\'':
            // '' inside a standard string lexes as closing and opening again: same ends.
            skip_past(m_pos + 1, '\'');
            return Kind::string;
        case '"':
            skip_past(m_pos + 1, '"');
            return Kind::quoted;
        case '$':
            return scan_dollar();
        default:
            break;
    }
    if (next == '\'') {
        switch (c) {
            case 'e':
            case 'E':
                skip_escape_string(m_pos + 2);
                return Kind::string;
            case 'b':
            case 'B':
            case 'x':
            case 'X':
            case 'n':
            case 'N':
                skip_past(m_pos + 2, '\'');
                return Kind::string;
            default:
                break;
        }
    }
    if ((c == 'u' || c == 'U') && next == '&') {
        const char quote = at(m_pos + 2);
        if (quote == '\'' || quote == '"') {
            skip_past(m_pos + 3, quote);  // U&'...' and U&"...": '' or "" only
            return quote == '\'' ? Kind::string : Kind::quoted;
        }
        ++m_pos;  // psql's xufailed: `U` alone, not an identifier
        return Kind::other;
    }
    if (is_ident_start(c)) {
        while (++m_pos < m_sql.size() && is_ident_cont(m_sql[m_pos])) {
        }
        return Kind::word;
    }
    if (is_digit(c) || (c == '.' && is_digit(next))) {
        scan_number();
        return Kind::number;
    }
    ++m_pos;
    return Kind::other;
}

// Past the next `quote` at or after `from`; the end of the text when there is none.
void PostgresLexer::skip_past(std::size_t from, char quote) {
    const std::size_t close = m_sql.find(quote, from);
    m_pos = close == std::string_view::npos ? m_sql.size() : close + 1;
}

// E'...': a backslash escapes the next character; '' is a quote.
void PostgresLexer::skip_escape_string(std::size_t from) {
    std::size_t pos = from;
    while (pos < m_sql.size()) {
        if (m_sql[pos] == '\\') {
            pos += 2;
        } else if (m_sql[pos] == '\'') {
            if (at(pos + 1) != '\'') {
                m_pos = pos + 1;
                return;
            }
            pos += 2;
        } else {
            ++pos;
        }
    }
    m_pos = m_sql.size();
}

// /* ... */ with nesting; false (and the rest of the text consumed) when unterminated.
bool PostgresLexer::skip_block_comment() {
    std::size_t depth = 0;
    std::size_t pos = m_pos + 2;
    while (pos + 1 < m_sql.size()) {
        if (m_sql[pos] == '/' && m_sql[pos + 1] == '*') {
            ++depth;
            pos += 2;
        } else if (m_sql[pos] == '*' && m_sql[pos + 1] == '/') {
            pos += 2;
            if (depth == 0) {
                m_pos = pos;
                return true;
            }
            --depth;
        } else {
            ++pos;
        }
    }
    m_pos = m_sql.size();
    return false;
}

// At a `$` that starts a token (a `$` inside an identifier was taken by it): a delimiter
// $tag$ opens a body that ends at the first identical delimiter; $1 is a parameter; any
// other `$` is one character and what follows is lexed afresh (psql's dolqfailed).
PostgresToken::Kind PostgresLexer::scan_dollar() {
    std::size_t end = m_pos + 1;
    if (is_ident_start(at(end))) {
        while (end < m_sql.size() && is_tag_cont(m_sql[end])) {
            ++end;
        }
    }
    if (at(end) == '$') {
        const std::string_view delimiter = m_sql.substr(m_pos, end + 1 - m_pos);
        const std::size_t close = m_sql.find(delimiter, end + 1);
        m_pos = close == std::string_view::npos ? m_sql.size() : close + delimiter.size();
        return PostgresToken::Kind::string;
    }
    ++m_pos;
    if (!is_digit(at(m_pos))) {
        return PostgresToken::Kind::other;
    }
    while (m_pos < m_sql.size() && is_digit(m_sql[m_pos])) {
        ++m_pos;
    }
    skip_junk();  // PostgreSQL 15's param_junk: $1a
    return PostgresToken::Kind::parameter;
}

// A numeric literal as PostgreSQL 15 lexes it: digits, a fraction, an exponent, and one
// identifier character of trailing junk (`1e`, `0x`: the server rejects those). What
// matters here is where the next token starts: `1$$` is 1 and a dollar quote, `1E'x'` is
// 1E and a standard string.
void PostgresLexer::scan_number() {
    auto digits = [this] {
        while (m_pos < m_sql.size() && is_digit(m_sql[m_pos])) {
            ++m_pos;
        }
    };
    digits();
    if (at(m_pos) == '.' && at(m_pos + 1) != '.') {  // 1..10 is 1, .., 10
        ++m_pos;
        digits();
    }
    const char e = at(m_pos);
    if (e == 'e' || e == 'E') {
        std::size_t exponent = m_pos + 1;
        if (at(exponent) == '+' || at(exponent) == '-') {
            ++exponent;
        }
        if (is_digit(at(exponent))) {
            m_pos = exponent;
            digits();
        }
    }
    skip_junk();
}

void PostgresLexer::skip_junk() {
    if (m_pos < m_sql.size() && is_ident_start(m_sql[m_pos])) {
        ++m_pos;
    }
}

}  // namespace mig::dialect
