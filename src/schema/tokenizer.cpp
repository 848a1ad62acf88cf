#include "schema/identifier.hpp"
#include "schema/keywords.hpp"
#include "schema/token.hpp"

namespace mig::schema {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_hex_digit(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_word_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool is_word_part(char c) {
    return is_word_start(c) || is_digit(c) || c == '$';
}

// SQLite's whitespace: no vertical tab.
bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

// Scans one token at a time; `m_pos` is always at a token boundary between calls.
class Scanner {
public:
    explicit Scanner(std::string_view sql) : m_sql(sql) {}

    std::vector<Token> run() {
        std::vector<Token> tokens;
        while (skip_blanks_and_comments()) {
            tokens.push_back(next());
        }
        return tokens;
    }

private:
    char at(std::size_t pos) const { return pos < m_sql.size() ? m_sql[pos] : '\0'; }

    // False at the end of the text.
    bool skip_blanks_and_comments() {
        while (m_pos < m_sql.size()) {
            char c = m_sql[m_pos];
            if (is_blank(c)) {
                ++m_pos;
            } else if (c == '-' && at(m_pos + 1) == '-') {
                std::size_t newline = m_sql.find('\n', m_pos);
                m_pos = newline == std::string_view::npos ? m_sql.size() : newline + 1;
            } else if (c == '/' && at(m_pos + 1) == '*') {
                std::size_t close = m_sql.find("*/", m_pos + 2);
                m_pos = close == std::string_view::npos ? m_sql.size() : close + 2;
            } else {
                return true;
            }
        }
        return false;
    }

    Token make(TokenKind kind, std::size_t end) {
        Token token{kind, m_sql.substr(m_pos, end - m_pos), m_pos};
        m_pos = end;
        return token;
    }

    Token next() {
        char c = m_sql[m_pos];
        if ((c == 'x' || c == 'X') && at(m_pos + 1) == '\'') {
            return blob();
        }
        if (is_word_start(c)) {
            return word();
        }
        if (is_digit(c) || (c == '.' && is_digit(at(m_pos + 1)))) {
            return number();
        }
        switch (c) {
            case '\'':
                return quoted(TokenKind::string, '\'');
            case '"':
                return quoted(TokenKind::quoted_identifier, '"');
            case '`':
                return quoted(TokenKind::quoted_identifier, '`');
            case '[':
                return bracketed();
            case '?':
                return numbered_variable();
            case ':':
            case '@':
            case '$':
            case '#':
                return named_variable();
            default:
                return operator_token();
        }
    }

    Token word() {
        std::size_t end = m_pos + 1;
        while (end < m_sql.size() && is_word_part(m_sql[end])) {
            ++end;
        }
        bool keyword = is_keyword(m_sql.substr(m_pos, end - m_pos));
        return make(keyword ? TokenKind::keyword : TokenKind::identifier, end);
    }

    // A doubled quote inside is an escaped quote; no closing quote makes the rest invalid.
    Token quoted(TokenKind kind, char quote) {
        std::size_t end = m_pos + 1;
        while (end < m_sql.size()) {
            if (m_sql[end] == quote) {
                if (at(end + 1) != quote) {
                    return make(kind, end + 1);
                }
                ++end;
            }
            ++end;
        }
        return make(TokenKind::invalid, m_sql.size());
    }

    Token bracketed() {
        std::size_t close = m_sql.find(']', m_pos + 1);
        if (close == std::string_view::npos) {
            return make(TokenKind::invalid, m_sql.size());
        }
        return make(TokenKind::quoted_identifier, close + 1);
    }

    // x'0aF1': an even number of hex digits.
    Token blob() {
        std::size_t end = m_pos + 2;
        while (end < m_sql.size() && is_hex_digit(m_sql[end])) {
            ++end;
        }
        bool valid = at(end) == '\'' && (end - m_pos - 2) % 2 == 0;
        std::size_t close = m_sql.find('\'', end);
        end = close == std::string_view::npos ? m_sql.size() : close + 1;
        return make(valid ? TokenKind::blob : TokenKind::invalid, end);
    }

    std::size_t digits_from(std::size_t pos) const {
        while (pos < m_sql.size() && is_digit(m_sql[pos])) {
            ++pos;
        }
        return pos;
    }

    // 12, 1.5, .5, 1e10, 2.5E-3, 0x1F. Letters glued to a number make it invalid, as in SQLite.
    Token number() {
        std::size_t end = m_pos;
        if (m_sql[m_pos] == '0' && (at(m_pos + 1) == 'x' || at(m_pos + 1) == 'X') &&
            is_hex_digit(at(m_pos + 2))) {
            end = m_pos + 2;
            while (end < m_sql.size() && is_hex_digit(m_sql[end])) {
                ++end;
            }
        } else {
            end = digits_from(end);
            if (at(end) == '.') {
                end = digits_from(end + 1);
            }
            if (at(end) == 'e' || at(end) == 'E') {
                std::size_t exponent = end + 1;
                if (at(exponent) == '+' || at(exponent) == '-') {
                    ++exponent;
                }
                if (is_digit(at(exponent))) {
                    end = digits_from(exponent);
                }
            }
        }
        if (end < m_sql.size() && is_word_part(m_sql[end])) {
            while (end < m_sql.size() && is_word_part(m_sql[end])) {
                ++end;
            }
            return make(TokenKind::invalid, end);
        }
        return make(TokenKind::number, end);
    }

    Token numbered_variable() { return make(TokenKind::variable, digits_from(m_pos + 1)); }

    Token named_variable() {
        std::size_t end = m_pos + 1;
        while (end < m_sql.size() && is_word_part(m_sql[end])) {
            ++end;
        }
        return make(end > m_pos + 1 ? TokenKind::variable : TokenKind::invalid, end);
    }

    Token operator_token() {
        static constexpr std::string_view k_three[] = {"->>"};
        static constexpr std::string_view k_two[] = {"->", "==", "<=", "<>", "<<",
                                                     ">=", ">>", "!=", "||"};
        static constexpr std::string_view k_one = "-()+*/%=<>,&~|.;";
        std::string_view rest = m_sql.substr(m_pos);
        for (std::string_view op : k_three) {
            if (rest.starts_with(op)) {
                return make(TokenKind::punctuation, m_pos + op.size());
            }
        }
        for (std::string_view op : k_two) {
            if (rest.starts_with(op)) {
                return make(TokenKind::punctuation, m_pos + op.size());
            }
        }
        bool known = k_one.find(rest.front()) != std::string_view::npos;
        return make(known ? TokenKind::punctuation : TokenKind::invalid, m_pos + 1);
    }

    std::string_view m_sql;
    std::size_t m_pos = 0;
};

}  // namespace

bool Token::is_word(std::string_view word) const {
    return (kind == TokenKind::keyword || kind == TokenKind::identifier) &&
           identifiers_equal(text, word);
}

bool Token::can_be_name() const {
    return kind == TokenKind::identifier || kind == TokenKind::quoted_identifier ||
           kind == TokenKind::string || kind == TokenKind::keyword;
}

std::vector<Token> tokenize(std::string_view sql) {
    return Scanner(sql).run();
}

std::string token_value(const Token& token) {
    if (token.kind != TokenKind::quoted_identifier && token.kind != TokenKind::string) {
        return std::string(token.text);
    }
    char open = token.text.front();
    std::string_view inner = token.text.substr(1, token.text.size() - 2);
    if (open == '[') {
        return std::string(inner);
    }
    std::string value;
    value.reserve(inner.size());
    for (std::size_t i = 0; i < inner.size(); ++i) {
        value += inner[i];
        if (inner[i] == open) {
            ++i;  // the second quote of a doubled pair
        }
    }
    return value;
}

std::string_view source_span(std::string_view source, const Token& first, const Token& last) {
    return source.substr(first.offset, last.end() - first.offset);
}

}  // namespace mig::schema
