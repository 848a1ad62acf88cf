#include "schema/token_cursor.hpp"

#include "schema/errors.hpp"

namespace mig::schema {

TokenCursor::TokenCursor(std::string_view sql, std::string what)
    : m_sql(sql), m_what(std::move(what)), m_tokens(tokenize(sql)) {
    m_end.kind = TokenKind::invalid;
    m_end.offset = sql.size();
    m_end.text = sql.substr(sql.size());
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        if (m_tokens[i].is(TokenKind::invalid)) {
            m_pos = i;
            fail("unrecognized token");
        }
    }
}

const Token& TokenCursor::peek(std::size_t ahead) const {
    std::size_t index = m_pos + ahead;
    return index < m_tokens.size() ? m_tokens[index] : m_end;
}

const Token& TokenCursor::take() {
    const Token& token = peek();
    if (!at_end()) {
        ++m_pos;
    }
    return token;
}

bool TokenCursor::accept_word(std::string_view word) {
    if (peek().is_word(word)) {
        ++m_pos;
        return true;
    }
    return false;
}

void TokenCursor::expect_word(std::string_view word) {
    if (!accept_word(word)) {
        fail("expected " + std::string(word));
    }
}

bool TokenCursor::accept_punctuation(std::string_view symbol) {
    if (peek().is_punctuation(symbol)) {
        ++m_pos;
        return true;
    }
    return false;
}

void TokenCursor::expect_punctuation(std::string_view symbol) {
    if (!accept_punctuation(symbol)) {
        fail("expected \"" + std::string(symbol) + "\"");
    }
}

std::string TokenCursor::take_name(std::string_view what) {
    if (at_end() || !peek().can_be_name()) {
        fail("expected " + std::string(what));
    }
    return token_value(take());
}

std::string TokenCursor::take_qualified_name(std::string_view what) {
    std::string name = take_name(what);
    if (accept_punctuation(".")) {
        name = take_name(what);
    }
    return name;
}

std::string_view TokenCursor::take_parenthesized() {
    expect_punctuation("(");
    std::size_t first = m_pos;
    int depth = 1;
    while (!at_end()) {
        const Token& token = take();
        if (token.is_punctuation("(")) {
            ++depth;
        } else if (token.is_punctuation(")") && --depth == 0) {
            std::size_t close = m_pos - 1;
            if (close == first) {
                return m_sql.substr(token.offset, 0);
            }
            return source_span(m_sql, m_tokens[first], m_tokens[close - 1]);
        }
    }
    fail("unbalanced parentheses");
}

std::vector<Token> TokenCursor::take_list_item() {
    std::vector<Token> item;
    int depth = 0;
    while (!at_end()) {
        const Token& token = peek();
        if (depth == 0 && (token.is_punctuation(",") || token.is_punctuation(")"))) {
            break;
        }
        if (token.is_punctuation("(")) {
            ++depth;
        } else if (token.is_punctuation(")")) {
            --depth;
        }
        item.push_back(take());
    }
    return item;
}

void TokenCursor::expect_statement_end() {
    while (accept_punctuation(";")) {
    }
    if (!at_end()) {
        fail("unexpected text after the statement");
    }
}

void TokenCursor::fail(std::string_view problem) const {
    const Token& token = peek();
    std::string near = at_end() ? "at the end" : "near \"" + std::string(token.text) + "\"";
    throw SqlSyntaxError(m_what + ": " + std::string(problem) + " at offset " +
                             std::to_string(token.offset) + " " + near,
                         token.offset);
}

}  // namespace mig::schema
