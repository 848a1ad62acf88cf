// Fuzzes the SQL tokenizer (schema/tokenizer.cpp) and the normalizer built on it
// (schema/normalize.cpp), which decide whether two schemas are equal. For any input:
//   - the tokens are the text in order: each views the source at its offset, and only blanks
//     and comments lie between them;
//   - a quoted token's value quotes back to the token (token_value undoes quoting exactly);
//   - for SQL that SQLite can parse (as is, or as an expression after SELECT), normalizing is
//     idempotent, so normalized text compares stably. (Text SQLite rejects, such as `.5-. 3`,
//     may re-join into other tokens; mig only normalizes SQL that SQLite accepted.)

#include "fuzz_check.hpp"
#include "schema/normalize.hpp"
#include "schema/token.hpp"
#include "sqlite_oracle.hpp"

#include <string>
#include <vector>

namespace {

using mig::schema::Token;
using mig::schema::TokenKind;

// SQLite's whitespace (no vertical tab) and comments, from `pos`.
std::size_t skip_blanks(std::string_view text, std::size_t pos) {
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
            ++pos;
        } else if (text.substr(pos, 2) == "--") {
            const std::size_t newline = text.find('\n', pos);
            pos = newline == std::string_view::npos ? text.size() : newline + 1;
        } else if (text.substr(pos, 2) == "/*") {
            const std::size_t close = text.find("*/", pos + 2);
            pos = close == std::string_view::npos ? text.size() : close + 2;
        } else {
            break;
        }
    }
    return pos;
}

// The quoted form of `value` with `open`'s quoting rules.
std::string requote(char open, const std::string& value) {
    if (open == '[') {
        return "[" + value + "]";
    }
    std::string out(1, open);
    for (char c : value) {
        out += c;
        if (c == open) {
            out += c;
        }
    }
    return out + open;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view sql = mig::fuzz::as_text(data, size);
    const std::vector<Token> tokens = mig::schema::tokenize(sql);
    std::size_t pos = 0;
    for (const Token& token : tokens) {
        MIG_FUZZ_CHECK(!token.text.empty());
        MIG_FUZZ_CHECK(token.offset == skip_blanks(sql, pos));
        MIG_FUZZ_CHECK(sql.substr(token.offset, token.text.size()) == token.text);
        pos = token.end();
        if (token.is(TokenKind::string) || token.is(TokenKind::quoted_identifier)) {
            MIG_FUZZ_CHECK(requote(token.text.front(), mig::schema::token_value(token)) ==
                           token.text);
        }
    }
    MIG_FUZZ_CHECK(skip_blanks(sql, pos) == sql.size());

    if (!mig::fuzz::sqlite_parses(sql) && !mig::fuzz::sqlite_parses("SELECT " + std::string(sql))) {
        return 0;
    }
    const std::string normalized = mig::schema::normalize_sql(sql);
    MIG_FUZZ_CHECK(mig::schema::normalize_sql(normalized) == normalized);
    const std::string expression = mig::schema::normalize_expression(sql);
    MIG_FUZZ_CHECK(mig::schema::normalize_expression(expression) == expression);
    return 0;
}
