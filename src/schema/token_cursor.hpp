#pragma once

#include "schema/token.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mig::schema {

// Reading position over the tokens of one statement, for the CREATE parsers. Reading past the
// end yields an empty end token; failures throw SqlSyntaxError naming `what` and the offset.
class TokenCursor {
public:
    // Tokenizes `sql`, which must outlive the cursor. Throws on an invalid token.
    TokenCursor(std::string_view sql, std::string what);

    std::string_view sql() const { return m_sql; }
    bool at_end() const { return m_pos >= m_tokens.size(); }
    std::size_t position() const { return m_pos; }
    const Token& peek(std::size_t ahead = 0) const;
    const Token& take();
    // The token the last take() returned; only valid after one.
    const Token& last_taken() const { return m_tokens[m_pos - 1]; }

    bool accept_word(std::string_view word);
    void expect_word(std::string_view word);
    bool accept_punctuation(std::string_view symbol);
    void expect_punctuation(std::string_view symbol);

    // The value of a name (bare, quoted or string); `what` names it in the error message.
    std::string take_name(std::string_view what);
    // `name` or `schema.name`: the last part.
    std::string take_qualified_name(std::string_view what);

    // At a `(`: consumes through the matching `)` and returns the source text between them,
    // without surrounding blanks (empty for `()`).
    std::string_view take_parenthesized();

    // Consumes tokens up to, not including, the next `,` or `)` outside parentheses, and
    // returns them (empty when already there).
    std::vector<Token> take_list_item();

    // Consumes an optional `;` and requires the end of the statement.
    void expect_statement_end();

    [[noreturn]] void fail(std::string_view problem) const;

private:
    std::string_view m_sql;
    std::string m_what;
    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    Token m_end;
};

}  // namespace mig::schema
