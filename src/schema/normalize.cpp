#include "schema/normalize.hpp"

#include "schema/identifier.hpp"
#include "schema/token.hpp"

#include <vector>

namespace mig::schema {

namespace {

std::string lower_ascii(std::string_view text) {
    return fold_identifier(text);
}

std::string quote_name(std::string_view name) {
    return quoted_identifier(name);
}

// The canonical text of one token.
std::string canonical(const Token& token) {
    switch (token.kind) {
        case TokenKind::keyword:
        case TokenKind::identifier:
        case TokenKind::blob:
        case TokenKind::number:
            return lower_ascii(token.text);
        case TokenKind::quoted_identifier: {
            std::string name = fold_identifier(token_value(token));
            return is_plain_identifier(name) ? name : quote_name(name);
        }
        case TokenKind::punctuation:
            if (token.text == "==") {
                return "=";
            }
            if (token.text == "<>") {
                return "!=";
            }
            return std::string(token.text);
        case TokenKind::string:
        case TokenKind::variable:
        case TokenKind::invalid:
            break;
    }
    return std::string(token.text);
}

bool is_name(const Token& token) {
    return token.is(TokenKind::identifier) || token.is(TokenKind::quoted_identifier);
}

// A sign is unary unless it follows an operand: a name, a literal, `)` or a keyword that ends
// an operand (NULL, END, CURRENT_TIME...). Only spacing depends on it, so a wrong guess on odd
// input changes the look of the result, never whether two inputs compare equal.
bool ends_operand(const Token& token) {
    switch (token.kind) {
        case TokenKind::identifier:
        case TokenKind::quoted_identifier:
        case TokenKind::string:
        case TokenKind::blob:
        case TokenKind::number:
        case TokenKind::variable:
            return true;
        case TokenKind::punctuation:
            return token.text == ")";
        case TokenKind::keyword:
            return token.is_word("NULL") || token.is_word("END") || token.is_word("CURRENT_TIME") ||
                   token.is_word("CURRENT_DATE") || token.is_word("CURRENT_TIMESTAMP");
        case TokenKind::invalid:
            break;
    }
    return false;
}

bool is_sign(const Token& token) {
    return token.is_punctuation("-") || token.is_punctuation("+") || token.is_punctuation("~");
}

// Whether a space goes between `prev` and `cur`; `prev_unary` says `prev` is a unary sign.
bool space_between(const Token& prev, const Token& cur, bool prev_unary) {
    if (prev.is_punctuation("(") || prev.is_punctuation(".") || prev_unary) {
        return false;
    }
    if (cur.is_punctuation(")") || cur.is_punctuation(",") || cur.is_punctuation(".") ||
        cur.is_punctuation(";")) {
        return false;
    }
    if (cur.is_punctuation("(")) {
        return !(is_name(prev) || prev.is_word("CAST") || prev.is_word("RAISE"));
    }
    return true;
}

// Joining must not create a comment out of two tokens: `- -1` is not `--1`.
bool would_start_comment(const std::string& out, const std::string& next) {
    if (out.empty() || next.empty()) {
        return false;
    }
    return (out.back() == '-' && next.front() == '-') || (out.back() == '/' && next.front() == '*');
}

std::vector<Token> strip_enclosing_parens(std::vector<Token> tokens) {
    while (tokens.size() >= 2 && tokens.front().is_punctuation("(") &&
           tokens.back().is_punctuation(")")) {
        // The first `(` must close at the very end, not earlier as in `(a) + (b)`.
        int depth = 0;
        std::size_t close = 0;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (tokens[i].is_punctuation("(")) {
                ++depth;
            } else if (tokens[i].is_punctuation(")") && --depth == 0) {
                close = i;
                break;
            }
        }
        if (close != tokens.size() - 1) {
            break;
        }
        tokens.pop_back();
        tokens.erase(tokens.begin());
    }
    return tokens;
}

std::string join_tokens(const std::vector<Token>& tokens) {
    std::string out;
    const Token* prev = nullptr;
    bool prev_unary = false;
    for (const Token& token : tokens) {
        std::string text = canonical(token);
        if (prev != nullptr &&
            (space_between(*prev, token, prev_unary) || would_start_comment(out, text))) {
            out += ' ';
        }
        out += text;
        prev_unary = is_sign(token) && (prev == nullptr || !ends_operand(*prev));
        prev = &token;
    }
    return out;
}

}  // namespace

std::string normalize_sql(std::string_view sql) {
    std::vector<Token> tokens = tokenize(sql);
    while (!tokens.empty() && tokens.back().is_punctuation(";")) {
        tokens.pop_back();
    }
    return join_tokens(tokens);
}

std::string normalize_expression(std::string_view expression) {
    return join_tokens(strip_enclosing_parens(tokenize(expression)));
}

}  // namespace mig::schema
