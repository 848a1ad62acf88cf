// [database] backup_command on PostgreSQL: pg_dump run before each upgrade or downgrade, the
// URL (password included) reaching the command and never mig's own output.

#include "e2e/postgres_project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mig::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const RevisionSpec k_users =
    rev("aaa111", {}, "CREATE TABLE users (id serial PRIMARY KEY);", "DROP TABLE users;", "users");
const RevisionSpec k_age = rev("bbb222", {}, "ALTER TABLE users ADD COLUMN age integer;",
                               "ALTER TABLE users DROP COLUMN age;", "age");

class PostgresBackupCommand : public PostgresProjectTest {};

TEST_F(PostgresBackupCommand, PgDumpRunsBeforeEachRunWithTheUrlAndThePasswordStaysHidden) {
    project().write_chain({k_users, k_age});
    write_config(
        "backup_command = 'pg_dump --schema-only --file=\"before-$MIG_BACKUP_REASON.sql\" "
        "\"$MIG_DATABASE_URL\"'");
    ASSERT_MIG_OK(project().mig({"upgrade", "aaa111"}));
    MigResult up = project().mig({"upgrade"});
    ASSERT_MIG_OK(up);
    EXPECT_THAT(up.out, HasSubstr("Backed up the database with [database] backup_command ("));
    EXPECT_THAT(up.out + up.err, Not(HasSubstr("no backup taken")));
    const std::string dump = read_file(project().root() / "before-upgrade.sql");
    EXPECT_THAT(dump, HasSubstr("CREATE TABLE public.users"));
    EXPECT_THAT(dump, Not(HasSubstr("age integer"))) << "taken before the upgrade ran";

    MigResult down = project().mig({"downgrade", "-1"});
    ASSERT_MIG_OK(down);
    EXPECT_THAT(read_file(project().root() / "before-downgrade.sql"), HasSubstr("age integer"));
    for (const MigResult* result : {&up, &down}) {
        EXPECT_THAT(result->out + result->err, Not(HasSubstr(database().server().password)));
    }
}

TEST_F(PostgresBackupCommand, AFailingDumpStopsTheRunAndNeitherSchemaNorVersionChange) {
    project().write_chain({k_users, k_age});
    ASSERT_MIG_OK(project().mig({"upgrade", "aaa111"}));
    write_config("backup_command = 'pg_dump --file=missing/folder/x.dump \"$MIG_DATABASE_URL\"'");
    const std::string before = database().dump();
    MigResult result = project().mig({"upgrade"});
    EXPECT_EQ(result.exit_code, 1) << describe(result);
    EXPECT_THAT(result.err, HasSubstr("mig: error: [database] backup_command failed with exit "
                                      "status 1: pg_dump: error: could not open output file"));
    EXPECT_THAT(result.err, HasSubstr("nothing was run before the upgrade"));
    EXPECT_THAT(result.err, Not(HasSubstr(database().server().password)));
    EXPECT_EQ(database().dump(), before);
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"aaa111"});
}

}  // namespace
}  // namespace mig::test
