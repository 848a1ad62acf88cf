#include "db/database_url.hpp"

#include "db/open_database.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::db {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ParseDatabaseUrl, SqliteRelativeToBaseDir) {
    auto url = parse_database_url("sqlite:///app.db", "/project");
    EXPECT_EQ(url.scheme, "sqlite");
    EXPECT_EQ(url.sqlite_path, fs::path("/project/app.db"));
    EXPECT_EQ(url.original, "sqlite:///app.db");
    EXPECT_EQ(parse_database_url("sqlite:///data/../db/app.db", "/project").sqlite_path,
              fs::path("/project/db/app.db"));
}

TEST(ParseDatabaseUrl, SqliteAbsoluteWithFourSlashes) {
    EXPECT_EQ(parse_database_url("sqlite:////var/lib/app.db", "/project").sqlite_path,
              fs::path("/var/lib/app.db"));
}

TEST(ParseDatabaseUrl, RelativeBaseDirBecomesAbsolute) {
    EXPECT_TRUE(parse_database_url("sqlite:///app.db", "sub").sqlite_path.is_absolute());
}

TEST(ParseDatabaseUrl, PostgresqlKeepsTheOriginal) {
    auto url = parse_database_url("postgres://me:secret@db.example:5432/app", "/project");
    EXPECT_EQ(url.scheme, "postgresql");
    EXPECT_EQ(url.original, "postgres://me:secret@db.example:5432/app");
    EXPECT_EQ(url.redacted(), "postgres://me:***@db.example:5432/app");
    EXPECT_EQ(parse_database_url("postgresql://h/app", "/").scheme, "postgresql");
}

TEST(ParseDatabaseUrl, RejectsOtherFormsWithRedactedUrlAndExpectedForms) {
    try {
        parse_database_url("mysql://root:hunter2@localhost/app", "/project");
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(),
                    AllOf(HasSubstr("mysql://root:***@localhost/app"), Not(HasSubstr("hunter2"))));
        EXPECT_THAT(error.hint(), AllOf(HasSubstr("sqlite:///"), HasSubstr("sqlite:////"),
                                        HasSubstr("postgresql://")));
    }
    for (const char* bad :
         {"", "sqlite:app.db", "sqlite://", "sqlite:///", "sqlite:///dir/", "app.db"}) {
        EXPECT_THROW(parse_database_url(bad, "/project"), InputError) << bad;
    }
}

TEST(RedactUrl, HidesOnlyThePassword) {
    EXPECT_EQ(redact_url("postgresql://user:pw@host:5432/db"),
              "postgresql://user:***@host:5432/db");
    EXPECT_EQ(redact_url("postgresql://user@host/db"), "postgresql://user@host/db");
    EXPECT_EQ(redact_url("postgresql://host:5432/db"), "postgresql://host:5432/db");
    EXPECT_EQ(redact_url("sqlite:///app.db"), "sqlite:///app.db");
    EXPECT_EQ(redact_url("sqlite:///odd:name@x.db"), "sqlite:///odd:name@x.db");
}

TEST(RedactUrl, HidesPasswordsWithSpecialCharactersAndInTheQuery) {
    EXPECT_EQ(redact_url("postgresql://user:p@ss/w:rd@host/db"), "postgresql://user:***@host/db");
    EXPECT_EQ(redact_url("postgresql://host/db?user=me&password=secret&sslmode=require"),
              "postgresql://host/db?user=me&password=***&sslmode=require");
}

TEST(OpenDatabase, PostgresqlIsNotSupportedYet) {
    auto url = parse_database_url("postgresql://u:pw@h/db", "/");
    try {
        open_database(url, OpenMode::read_only);
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        EXPECT_STREQ(error.what(), "PostgreSQL is not supported yet by this build");
    }
}

}  // namespace
}  // namespace mig::db
