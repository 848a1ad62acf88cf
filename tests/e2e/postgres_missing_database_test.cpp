// A PostgreSQL URL naming a database the server does not have: `mig check --db` and `mig
// migrate --from-db` exit 2 (bad configuration) with one line naming the database and what to
// do, as SQLite does for a missing file; nothing is written and no database is created.

#include "e2e/postgres_project.hpp"
#include "support/run_mig.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace mig::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

class PostgresMissingDatabase : public PostgresProjectTest {
protected:
    // The test's own URL with another database name: `mig_missing_<the test's database>`.
    std::string missing_name() { return "mig_missing_" + database().name(); }
    std::string missing_url() {
        std::string url = database().url();
        const std::size_t slash = url.rfind('/');
        return url.substr(0, slash + 1) + missing_name();
    }

    void write_project() {
        project().write_config("[database]\nurl = \"" + missing_url() +
                               "\"\n[model]\npaths = [\"schema.sql\"]\n");
        project().dir().write("schema.sql", "CREATE TABLE users (id int);\n");
    }

    std::vector<std::string> revisions() const {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(project().versions())) {
            names.push_back(entry.path().filename().string());
        }
        return names;
    }
};

TEST_F(PostgresMissingDatabase, CheckDbExitsTwoNamingTheDatabase) {
    write_project();
    MigResult result = project().mig({"check", "--db"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err,
                AllOf(StartsWith("mig: error: the database " + missing_name() +
                                 " does not exist on the server of postgresql://mig:***@"),
                      HasSubstr("create it (createdb " + missing_name() +
                                ") and run `mig upgrade`, fix the database URL, or leave out "
                                "--db"),
                      Not(HasSubstr(database().server().password))));
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_TRUE(
        database()
            .column("SELECT datname FROM pg_database WHERE datname = '" + missing_name() + "'")
            .empty());
}

TEST_F(PostgresMissingDatabase, MigrateFromDbExitsTwoAndWritesNothing) {
    write_project();
    MigResult result = project().mig({"migrate", "-m", "users", "--from-db"});
    EXPECT_EQ(result.exit_code, 2) << describe(result);
    EXPECT_THAT(result.err,
                AllOf(StartsWith("mig: error: the database " + missing_name() + " does not exist"),
                      HasSubstr("or leave out --from-db")));
    EXPECT_THAT(revisions(), IsEmpty());
}

// The control: a server that does not answer is still a failure to connect (exit 1), not
// a missing database.
TEST_F(PostgresMissingDatabase, AServerThatDoesNotAnswerIsStillExitOne) {
    project().write_config(
        "[database]\nurl = \"postgresql://mig:unused@127.0.0.1:1/nowhere\"\n[model]\npaths = "
        "[\"schema.sql\"]\n");
    project().dir().write("schema.sql", "CREATE TABLE users (id int);\n");
    MigResult result = project().mig({"check", "--db"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, StartsWith("mig: error: cannot connect to PostgreSQL"));
}

}  // namespace
}  // namespace mig::test
