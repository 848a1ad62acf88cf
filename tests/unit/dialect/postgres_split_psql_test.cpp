// psql is the reference for where PostgreSQL statements end: generated scripts
// (postgres_script_generator.hpp) run by `psql -v ON_ERROR_STOP=1` on the test server must
// succeed and print exactly the numbers of their SELECT statements, which proves psql sent
// the statements the generator wrote, and those are what mig's splitter returns (checked
// on the same scripts). Skips without a test server (scripts/pg-server.sh), fails in CI.

#include "dialect/postgres_split.hpp"
#include "postgres_script_generator.hpp"
#include "support/postgres.hpp"
#include "support/run_mig.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mig::dialect {
namespace {

class PostgresSplitPsql : public test::PostgresTest {};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        end = end == std::string::npos ? text.size() : end;
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

TEST_F(PostgresSplitPsql, PsqlSendsTheStatementsTheSplitterReturns) {
    test::TempDir dir;
    for (unsigned seed = 1; seed <= 12; ++seed) {
        test::PostgresScriptGenerator generator(seed);
        const test::GeneratedScript script = generator.script(25);

        std::vector<std::string> ours;
        for (const Statement& statement : split_postgres(script.text, 1)) {
            ours.push_back(statement.sql);
        }
        ASSERT_EQ(ours, script.statements) << "seed " << seed;

        const test::MigResult psql =
            test::run_program(dir.path(),
                              {"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d",
                               database().socket_url(), "-f", "-"},
                              {}, script.text);
        ASSERT_EQ(psql.exit_code, 0) << "seed " << seed << ": " << psql.err << "\n" << script.text;
        EXPECT_EQ(psql.err, "");
        EXPECT_EQ(lines_of(psql.out), script.printed) << "seed " << seed << "\n" << script.text;
    }
}

}  // namespace
}  // namespace mig::dialect
