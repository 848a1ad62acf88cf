#pragma once

// The statement splitter's invariants, shared by the statement_split and revision_script
// targets: the statements are the section's text in order, and nothing but blanks, comments
// and empty statements (`;`) lies between them.

#include "dialect/dialect.hpp"
#include "fuzz_check.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

namespace mig::fuzz {

// Past whitespace and `--` / `/* */` comments (an unterminated one runs to the end).
inline std::size_t skip_blanks(std::string_view text, std::size_t pos) {
    while (pos < text.size()) {
        if (std::isspace(static_cast<unsigned char>(text[pos])) != 0) {
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

inline void check_split(const dialect::Dialect& dialect, std::string_view sql, int first_line) {
    const std::vector<dialect::Statement> statements = dialect.split(sql, first_line);
    if (sql.find('\0') != std::string_view::npos) {
        // SQLite reads no further than a NUL byte, and neither do sqlite3_complete()'s rules
        // the splitter follows (it may drop what follows one). Revision files holding one are
        // refused before they are split (script/text_encoding.cpp), so only "no crash" here.
        for (const dialect::Statement& statement : statements) {
            static_cast<void>(dialect.classify(statement));
        }
        return;
    }
    std::size_t pos = 0;
    int number = 0;
    for (const dialect::Statement& statement : statements) {
        MIG_FUZZ_CHECK(statement.number == ++number);
        MIG_FUZZ_CHECK(!statement.sql.empty());
        // Before the statement: whitespace, or whole empty statements (comments, then `;`).
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
        // Its line is that of its first token (after the comments it keeps).
        const std::size_t first_token = skip_blanks(sql, pos);
        MIG_FUZZ_CHECK(first_token < pos + statement.sql.size());
        const auto newlines =
            std::count(sql.begin(), sql.begin() + static_cast<long>(first_token), '\n');
        MIG_FUZZ_CHECK(statement.line == first_line + static_cast<int>(newlines));
        pos += statement.sql.size();
        // A statement on its own splits to itself: nothing before it changed where it ends.
        const std::vector<dialect::Statement> again = dialect.split(statement.sql, 1);
        MIG_FUZZ_CHECK(again.size() == 1 && again.front().sql == statement.sql);
        static_cast<void>(dialect.classify(statement));
    }
    // After the last statement: only blanks and empty statements.
    for (pos = skip_blanks(sql, pos); pos < sql.size(); pos = skip_blanks(sql, pos + 1)) {
        MIG_FUZZ_CHECK(sql[pos] == ';');
    }
}

}  // namespace mig::fuzz
