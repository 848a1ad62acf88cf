// A long hand-written PostgreSQL history (tests/fixtures/postgres_history: 37 revisions as a
// team writes them over a year, with a branch and its merge, two schemas, enums added to,
// domains, views and a materialized view, functions, a procedure and triggers, indexes of
// every kind, identity, serial and an owned sequence, renames, type changes with USING,
// comments, extensions, an UNLOGGED and a partitioned table, a quoted mixed-case table)
// upgraded into a real database. Whatever describes that database's schema must compare
// equal to the migrations: a `pg_dump --schema-only` of it (the test, with and without
// owners and privileges) and the hand-written model a team keeps beside it (model.sql). So
// `mig check` exits 0 and `mig migrate` writes nothing. Every difference found here was a
// defect of introspection or compare.

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

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path k_fixture = fs::path(MIG_SOURCE_DIR) / "tests" / "fixtures" / "postgres_history";
// The merge's only head, and its parents: the history branches at "User addresses".
constexpr const char* k_head = "535cfd5a45c5";

class PostgresHistory : public PostgresProjectTest {
protected:
    void SetUp() override {
        PostgresProjectTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        project().write_config("[database]\nurl = \"" + database().url() +
                               "\"\nschemas = [\"public\", \"billing\"]\n"
                               "[model]\npaths = [\"models/schema.sql\"]\n");
        make_repository(project());
        git(project(), {"config", "user.name", "Postgres History Tests"});
        git(project(), {"config", "user.email", "history@example.invalid"});
        fs::create_directories(project() / "models");
        for (const auto& entry : fs::directory_iterator(k_fixture / "versions")) {
            fs::copy_file(entry.path(), project().versions() / entry.path().filename());
        }
        git(project(), {"add", "-A"});
        git(project(), {"commit", "-q", "-m", "a year of migrations"});
        ASSERT_MIG_OK(project().mig({"upgrade"}));
        ASSERT_EQ(database().version_rows(), std::vector<std::string>{k_head});
    }

    std::vector<std::string> revision_files() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(project().versions())) {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    // `pg_dump --schema-only` of the upgraded database, with `options` more.
    std::string dump(const std::vector<std::string>& options) {
        std::vector<std::string> argv = {postgres_program("pg_dump"), "--schema-only"};
        argv.insert(argv.end(), options.begin(), options.end());
        argv.push_back("--dbname=" + database().url());
        const MigResult result = run_program(project().root(), argv);
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return result.out;
    }

    // With `model` as the model, `mig check` finds nothing and `mig migrate` writes nothing.
    void expect_no_difference(const std::string& model) {
        project().dir().write("models/schema.sql", model);
        const std::vector<std::string> before = revision_files();
        const MigResult check = project().mig({"check"});
        EXPECT_MIG_OK(check);
        EXPECT_EQ(check.out, "The model matches the migrations' head schema.\n");
        const MigResult migrate = project().mig({"migrate", "-m", "x"});
        EXPECT_MIG_OK(migrate);
        EXPECT_EQ(migrate.out, "No changes in schema detected.\n");
        EXPECT_EQ(revision_files(), before);
    }
};

TEST_F(PostgresHistory, APlainSchemaDumpOfTheUpgradedDatabaseEqualsTheMigrations) {
    const std::string model = dump({"--no-owner", "--no-privileges"});
    ASSERT_THAT(model, HasSubstr("CREATE TABLE public.order_lines"));
    ASSERT_THAT(model, HasSubstr("ALTER TABLE ONLY billing.invoices"));
    expect_no_difference(model);
    // The live database has no drift either: it is what its revisions made.
    EXPECT_MIG_OK(project().mig({"check", "--db"}));
}

TEST_F(PostgresHistory, ADumpWithOwnersAndPrivilegesEqualsTheMigrations) {
    database().exec(
        "GRANT SELECT ON public.order_totals TO PUBLIC;\n"
        "GRANT USAGE ON SCHEMA billing TO PUBLIC;\n"
        "REVOKE EXECUTE ON FUNCTION public.audit() FROM PUBLIC;");
    const std::string model = dump({});
    ASSERT_THAT(model, HasSubstr("OWNER TO"));
    ASSERT_THAT(model, HasSubstr("GRANT SELECT ON TABLE public.order_totals TO PUBLIC;"));
    expect_no_difference(model);
}

TEST_F(PostgresHistory, TheHandWrittenModelOfTheHeadEqualsTheMigrations) {
    expect_no_difference(read_file(k_fixture / "model.sql"));
}

// The downgrade sections undo the whole history: back to base, nothing of it is left.
TEST_F(PostgresHistory, DowngradingToBaseLeavesNothing) {
    ASSERT_MIG_OK(project().mig({"downgrade", "base"}));
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{});
    EXPECT_EQ(database().column("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON "
                                "n.oid = c.relnamespace WHERE n.nspname IN ('public', 'billing') "
                                "AND c.relname NOT LIKE 'mig\\_%'"),
              std::vector<std::string>{});
}

}  // namespace
}  // namespace mig::test
