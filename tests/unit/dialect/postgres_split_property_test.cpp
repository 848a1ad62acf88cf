// Properties of the PostgreSQL splitter over generated scripts of known statements
// (postgres_script_generator.hpp): it returns exactly those statements, in order, with the
// line of each one's first token, and nothing is lost or added.

#include "dialect/postgres_split.hpp"
#include "postgres_script_generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace mig::dialect {
namespace {

std::string without_whitespace(std::string_view text) {
    std::string out;
    std::copy_if(text.begin(), text.end(), std::back_inserter(out),
                 [](char c) { return std::isspace(static_cast<unsigned char>(c)) == 0; });
    return out;
}

// The line of a statement's first token: after the blanks and comments it starts with.
int expected_line(const std::string& script, std::size_t statement_offset,
                  const std::string& statement) {
    std::size_t pos = statement_offset;
    const std::size_t end = statement_offset + statement.size();
    while (pos < end) {
        if (std::isspace(static_cast<unsigned char>(script[pos])) != 0) {
            ++pos;
        } else if (script.compare(pos, 2, "--") == 0) {
            pos = script.find_first_of("\r\n", pos);
        } else if (script.compare(pos, 2, "/*") == 0) {
            // The generator's comments nest one level at most.
            int depth = 0;
            do {
                if (script.compare(pos, 2, "/*") == 0) {
                    ++depth;
                    pos += 2;
                } else if (script.compare(pos, 2, "*/") == 0) {
                    --depth;
                    pos += 2;
                } else {
                    ++pos;
                }
            } while (depth > 0);
        } else {
            break;
        }
    }
    return 1 + static_cast<int>(std::count(
                   script.begin(), script.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

TEST(PostgresSplitProperty, GeneratedScriptsSplitIntoTheirStatements) {
    for (unsigned seed = 1; seed <= 300; ++seed) {
        test::PostgresScriptGenerator generator(seed);
        const test::GeneratedScript script = generator.script(1 + static_cast<int>(seed % 12));
        const std::vector<Statement> statements = split_postgres(script.text, 1);
        ASSERT_EQ(statements.size(), script.statements.size()) << "seed " << seed << "\n"
                                                               << script.text;
        std::size_t offset = 0;
        for (std::size_t i = 0; i < statements.size(); ++i) {
            ASSERT_EQ(statements[i].sql, script.statements[i]) << "seed " << seed;
            EXPECT_EQ(statements[i].number, static_cast<int>(i) + 1);
            offset = script.text.find(statements[i].sql, offset);
            ASSERT_NE(offset, std::string::npos);
            EXPECT_EQ(statements[i].line, expected_line(script.text, offset, statements[i].sql))
                << "seed " << seed << " statement " << i + 1;
            offset += statements[i].sql.size();
        }
    }
}

TEST(PostgresSplitProperty, JoiningTheStatementsGivesTheScriptModuloWhitespace) {
    for (unsigned seed = 1000; seed < 1300; ++seed) {
        test::PostgresScriptGenerator generator(seed);
        const test::GeneratedScript script = generator.script(8);
        std::string joined;
        for (const Statement& statement : split_postgres(script.text, 1)) {
            joined += statement.sql;
        }
        EXPECT_EQ(without_whitespace(joined), without_whitespace(script.text)) << "seed " << seed;
    }
}

TEST(PostgresSplitProperty, EachStatementAloneSplitsToItself) {
    for (unsigned seed = 2000; seed < 2200; ++seed) {
        test::PostgresScriptGenerator generator(seed);
        for (const Statement& statement : split_postgres(generator.script(6).text, 1)) {
            const std::vector<Statement> again = split_postgres(statement.sql, 1);
            ASSERT_EQ(again.size(), 1u) << statement.sql;
            EXPECT_EQ(again.front().sql, statement.sql);
        }
    }
}

}  // namespace
}  // namespace mig::dialect
