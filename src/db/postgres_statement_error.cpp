#include "db/postgres_statement_error.hpp"

#include <algorithm>
#include <cctype>

namespace mig::db {

namespace {

// Long enough to recognise the statement, short enough to keep the error on one line.
constexpr std::size_t k_excerpt_length = 60;

// Where a statement's text starts its first token: after spaces, `--` comments and (nested)
// `/* */` comments, which the splitter keeps with the statement that follows them.
std::size_t first_token(std::string_view sql) {
    std::size_t i = 0;
    while (i < sql.size()) {
        if (std::isspace(static_cast<unsigned char>(sql[i])) != 0) {
            ++i;
        } else if (sql.substr(i, 2) == "--") {
            i = std::min(sql.find('\n', i), sql.size());
        } else if (sql.substr(i, 2) == "/*") {
            int depth = 0;
            do {
                if (sql.substr(i, 2) == "/*") {
                    ++depth;
                    i += 2;
                } else if (sql.substr(i, 2) == "*/") {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            } while (depth > 0 && i < sql.size());
        } else {
            break;
        }
    }
    return i;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.remove_suffix(1);
    }
    return text;
}

}  // namespace

int postgres_error_line(const dialect::Statement& statement, int position) {
    if (position <= 0) {
        return 0;
    }
    const std::string_view sql = statement.sql;
    std::size_t byte = 0;
    int characters = 0;
    for (; byte < sql.size(); ++byte) {
        // A UTF-8 continuation byte (10xxxxxx) continues the character before it.
        if ((static_cast<unsigned char>(sql[byte]) & 0xC0U) != 0x80U && ++characters == position) {
            break;
        }
    }
    const std::size_t start = first_token(sql);
    if (byte < start) {
        return 0;
    }
    const auto newlines = std::count(sql.begin() + static_cast<std::ptrdiff_t>(start),
                                     sql.begin() + static_cast<std::ptrdiff_t>(byte), '\n');
    return statement.line + static_cast<int>(newlines);
}

std::string statement_excerpt(std::string_view sql) {
    std::string_view code = trim(sql.substr(std::min(first_token(sql), sql.size())));
    if (code.ends_with(';')) {
        code = trim(code.substr(0, code.size() - 1));
    }
    std::string_view line = trim(code.substr(0, code.find('\n')));
    if (line.size() > k_excerpt_length) {
        std::size_t cut = k_excerpt_length;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U) {
            --cut;  // never split a UTF-8 character
        }
        line = trim(line.substr(0, cut));
    }
    return std::string(line) + (line.size() < code.size() ? "..." : "");
}

std::string describe_statement_failure(const dialect::Statement& statement,
                                       const PostgresErrorFields& error) {
    const int line = postgres_error_line(statement, error.position);
    return "failed" + (line > statement.line ? " at line " + std::to_string(line) : std::string()) +
           ": " + error.describe();
}

}  // namespace mig::db
