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

TEST(ParseDatabaseUrl, OnlyAnSqliteDatabaseIsAFile) {
    EXPECT_EQ(parse_database_url("sqlite:///app.db", "/project").database_file(),
              fs::path("/project/app.db"));
    EXPECT_EQ(parse_database_url("postgresql://h/app", "/project").database_file(), std::nullopt);
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

TEST(RedactUrl, HidesPasswordsInUrlsThatDoNotParse) {
    EXPECT_EQ(redact_url("postgresql//alice:S3cret@db/app"), "postgresql//alice:***@db/app");
    EXPECT_EQ(redact_url("postgresql:/alice:S3cret@db/app"), "postgresql:/alice:***@db/app");
    EXPECT_EQ(redact_url("alice:S3cret@db/app"), "alice:***@db/app");
    EXPECT_EQ(redact_url("postgres:alice:S3cret@db"), "postgres:***@db");
    EXPECT_EQ(redact_url("postgresql//alice:S3cret/app"), "postgresql//alice:***/app");
}

TEST(RedactUrl, APortThatIsNotANumberIsAPassword) {
    EXPECT_EQ(redact_url("postgresql://alice:S3cret/app"), "postgresql://alice:***/app");
    EXPECT_EQ(redact_url("postgresql://alice:S3cret"), "postgresql://alice:***");
    EXPECT_EQ(redact_url("postgresql://db:5432/app"), "postgresql://db:5432/app");
    EXPECT_EQ(redact_url("postgresql://[::1]:5432/app"), "postgresql://[::1]:5432/app");
}

TEST(RedactUrl, HidesKeyValuePasswordsAnywhere) {
    EXPECT_EQ(redact_url("host=db user=alice password=S3cret dbname=app"),
              "host=db user=alice password=*** dbname=app");
    EXPECT_EQ(redact_url("host=db PASSWORD='S3 cret' user=a"), "host=db PASSWORD=*** user=a");
    EXPECT_EQ(redact_url("postgresql://db/app?sslmode=require&pwd=S3cret"),
              "postgresql://db/app?sslmode=require&pwd=***");
    EXPECT_EQ(redact_url("sqlite:///app.db?password=S3cret"), "sqlite:///app.db?password=***");
    EXPECT_EQ(redact_url("host=db mypassword=x"), "host=db mypassword=x") << "another key";
}

TEST(RedactSecrets, HidesCredentialsInsideAMessage) {
    EXPECT_EQ(redact_secrets("unknown target 'postgresql://alice:S3cret@db/app'"),
              "unknown target 'postgresql://alice:***@db/app'");
    EXPECT_EQ(redact_secrets("connect failed: host=db password=S3cret"),
              "connect failed: host=db password=***");
    const std::string plain =
        "/app/mig.toml:3: [database] lock_timeout must be a number (got inf); at 10:00:00Z";
    EXPECT_EQ(redact_secrets(plain), plain) << "file:line and times are not credentials";
}

TEST(ParseDatabaseUrl, RefusesInMemoryDatabases) {
    for (const char* url : {"sqlite:///:memory:", "sqlite:////tmp/:memory:"}) {
        try {
            parse_database_url(url, "/project");
            FAIL() << "expected InputError for " << url;
        } catch (const InputError& error) {
            EXPECT_THAT(error.what(), HasSubstr("names an in-memory database")) << url;
        }
    }
}

TEST(ParseDatabaseUrl, RefusesQueryStringsWithoutShowingAPassword) {
    for (const char* url : {"sqlite:///app.db?mode=ro", "sqlite:///app.db?", "sqlite:////a?b.db"}) {
        EXPECT_THROW(parse_database_url(url, "/project"), InputError) << url;
    }
    try {
        parse_database_url("sqlite:///app.db?mode=ro&password=S3cret", "/project");
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "database URL 'sqlite:///app.db?mode=ro&password=***' has a query string "
                  "('?mode=ro&password=***'): mig takes no options in a SQLite URL");
    }
}

TEST(OpenDatabase, PostgresqlConnectsAndNamesTheServerItCannotReach) {
    auto url = parse_database_url("postgresql://u:s3cret@127.0.0.1:1/db", "/");
    try {
        open_database(url, OpenMode::read_only);
        FAIL() << "expected FailedError";
    } catch (const FailedError& error) {
        EXPECT_THAT(error.what(),
                    AllOf(HasSubstr("cannot connect to PostgreSQL (host 127.0.0.1, port 1, "
                                    "database db)"),
                          Not(HasSubstr("s3cret"))));
    }
}

}  // namespace
}  // namespace mig::db
