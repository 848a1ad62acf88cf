// Fuzzes the PostgreSQL statement splitter (dialect/postgres_split.cpp, psql's rules) and
// the PostgreSQL statement policy. For any input: the statements are the input's text in
// order, with only blanks and empty statements (`;`) between them; numbers run 1..n; each
// line is its first token's (so lines never decrease); a statement split on its own is
// itself. Blanks follow PostgreSQL: whitespace, `--` to \r or \n, /* */ nested and closed
// (an unterminated one is content, for the server to report).

#include "dialect/postgres_dialect.hpp"
#include "dialect/postgres_split.hpp"
#include "fuzz_check.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

namespace {

// Past the blanks at `pos`, written apart from the lexer so the two check each other.
std::size_t skip_blanks(std::string_view text, std::size_t pos) {
    while (pos < text.size()) {
        if (std::isspace(static_cast<unsigned char>(text[pos])) != 0) {
            ++pos;
        } else if (text.substr(pos, 2) == "--") {
            pos = std::min(text.find_first_of("\r\n", pos), text.size());
        } else if (text.substr(pos, 2) == "/*") {
            std::size_t depth = 0;
            std::size_t at = pos + 2;
            bool closed = false;
            while (at + 1 < text.size() && !closed) {
                if (text.substr(at, 2) == "/*") {
                    ++depth;
                    at += 2;
                } else if (text.substr(at, 2) == "*/") {
                    at += 2;
                    closed = depth == 0;
                    depth -= closed ? 0 : 1;
                } else {
                    ++at;
                }
            }
            if (!closed) {
                return pos;  // unterminated: content
            }
            pos = at;
        } else {
            break;
        }
    }
    return pos;
}

void check_split(std::string_view sql, int first_line) {
    static const mig::dialect::PostgresDialect dialect("mig");
    const std::vector<mig::dialect::Statement> statements =
        mig::dialect::split_postgres(sql, first_line);
    std::size_t pos = 0;
    int number = 0;
    int previous_line = first_line;
    for (const mig::dialect::Statement& statement : statements) {
        MIG_FUZZ_CHECK(statement.number == ++number);
        MIG_FUZZ_CHECK(!statement.sql.empty());
        // Before the statement: whitespace, or whole empty statements (blanks, then `;`).
        while (true) {
            while (pos < sql.size() && std::isspace(static_cast<unsigned char>(sql[pos])) != 0) {
                ++pos;
            }
            const std::size_t after = skip_blanks(sql, pos);
            if (after < sql.size() && sql[after] == ';') {
                pos = after + 1;
                continue;
            }
            MIG_FUZZ_CHECK(sql.substr(pos, statement.sql.size()) == statement.sql);
            break;
        }
        const std::size_t first_token = skip_blanks(sql, pos);
        MIG_FUZZ_CHECK(first_token < pos + statement.sql.size());
        const auto newlines =
            std::count(sql.begin(), sql.begin() + static_cast<long>(first_token), '\n');
        MIG_FUZZ_CHECK(statement.line == first_line + static_cast<int>(newlines));
        MIG_FUZZ_CHECK(statement.line >= previous_line);
        previous_line = statement.line;
        pos += statement.sql.size();
        const std::vector<mig::dialect::Statement> again =
            mig::dialect::split_postgres(statement.sql, 1);
        MIG_FUZZ_CHECK(again.size() == 1 && again.front().sql == statement.sql);
        static_cast<void>(dialect.classify(statement));
        static_cast<void>(dialect.action(statement, true));
        static_cast<void>(dialect.action(statement, false));
    }
    // After the last statement: only blanks and empty statements.
    for (pos = skip_blanks(sql, pos); pos < sql.size(); pos = skip_blanks(sql, pos + 1)) {
        MIG_FUZZ_CHECK(sql[pos] == ';');
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check_split(mig::fuzz::as_text(data, size), 1);
    return 0;
}
