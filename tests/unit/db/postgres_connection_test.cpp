// Connecting to PostgreSQL without a server: the URL as libpq receives it, the one-line reason
// of a failed connection, and that passwords in PostgreSQL URLs never reach a message.

#include "db/postgres_connection.hpp"

#include "db/database_url.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::db {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

DatabaseUrl pg(const std::string& url) {
    return parse_database_url(url, "/project");
}

TEST(ConnectParameters, TheUrlGoesToLibpqWholeAndLastSoItsOwnSettingsWin) {
    auto parameters = connect_parameters(
        pg("postgresql://me:pw@db:5433/app?sslmode=require&application_name=deploy"), std::nullopt);
    EXPECT_THAT(parameters.keywords,
                ElementsAre("fallback_application_name", "connect_timeout", "dbname"));
    EXPECT_THAT(
        parameters.values,
        ElementsAre("mig", "10",
                    "postgresql://me:pw@db:5433/app?sslmode=require&application_name=deploy"));
}

TEST(ConnectParameters, PostgresSchemeAndSocketHostsAreLibpqsToRead) {
    EXPECT_EQ(connect_parameters(pg("postgres://h/app"), std::nullopt).values.back(),
              "postgres://h/app");
    EXPECT_EQ(connect_parameters(pg("postgresql:///app?host=/run/postgresql"), std::nullopt)
                  .values.back(),
              "postgresql:///app?host=/run/postgresql");
}

TEST(ConnectParameters, PgconnectTimeoutReplacesMigsDefault) {
    auto parameters = connect_parameters(pg("postgresql://h/app"), std::string("3"));
    EXPECT_THAT(parameters.keywords, ElementsAre("fallback_application_name", "dbname"));
    // An empty variable is libpq's "unset": mig's default applies.
    EXPECT_THAT(connect_parameters(pg("postgresql://h/app"), std::string()).keywords,
                ElementsAre("fallback_application_name", "connect_timeout", "dbname"));
}

TEST(ConnectionFailureReason, KeepsTheReasonOfTheLastAttemptOnOneLine) {
    EXPECT_EQ(connection_failure_reason(
                  "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
                  "\tIs the server running on that host and accepting TCP/IP connections?\n"),
              "Connection refused");
    EXPECT_EQ(connection_failure_reason(
                  "connection to server at \"localhost\" (::1), port 1 failed: Cannot assign "
                  "requested address\n\tIs the server running on that host?\n"
                  "connection to server at \"localhost\" (127.0.0.1), port 1 failed: Connection "
                  "refused\n\tIs the server running on that host?\n"),
              "Connection refused");
    EXPECT_EQ(connection_failure_reason("connection to server at \"127.0.0.1\", port 5432 failed: "
                                        "FATAL:  password authentication failed for user \"me\"\n"),
              "password authentication failed for user \"me\"");
    EXPECT_EQ(connection_failure_reason("could not translate host name \"nohost\" to address: "
                                        "Name or service not known\n"),
              "could not translate host name \"nohost\" to address: Name or service not known");
    EXPECT_EQ(connection_failure_reason(""), "unknown error");
}

TEST(MaskUnknownQuotedValues, HidesWhatTheRedactedUrlDoesNotShow) {
    const std::string redacted = redact_url("postgresql://alice:S3cret/app?sslmode=sometimes");
    EXPECT_EQ(mask_unknown_quoted_values(
                  "invalid integer value \"S3cret\" for connection option \"port\"",
                  {redacted, "host port dbname"}),
              "invalid integer value \"***\" for connection option \"port\"");
    EXPECT_EQ(mask_unknown_quoted_values("invalid sslmode value: \"sometimes\"", {redacted}),
              "invalid sslmode value: \"sometimes\"");
    EXPECT_EQ(mask_unknown_quoted_values("password authentication failed for user \"bob\"",
                                         {redacted, "bob"}),
              "password authentication failed for user \"bob\"");
    EXPECT_EQ(mask_unknown_quoted_values("a \"x\" b \"\" c \"unclosed", {}),
              "a \"***\" b \"\" c \"unclosed");
}

TEST(PgTarget, NamesHostPortAndDatabaseOrTheSocket) {
    EXPECT_EQ((PgTarget{"db.example", "5433", "app"}).describe(),
              "host db.example, port 5433, database app");
    EXPECT_EQ((PgTarget{"/run/postgresql", "5432", "app"}).describe(),
              "socket /run/postgresql, port 5432, database app");
}

TEST(PostgresErrorFields, OneLineWithSqlstateDetailAndHint) {
    PostgresErrorFields fields;
    fields.message = "relation \"t\" does not exist";
    fields.sqlstate = "42P01";
    EXPECT_EQ(fields.describe(), "relation \"t\" does not exist (SQLSTATE 42P01)");
    fields.detail = "Key (id)=(1) already exists.";
    fields.hint = "Drop it first.";
    EXPECT_EQ(fields.describe(),
              "relation \"t\" does not exist (SQLSTATE 42P01); DETAIL: Key "
              "(id)=(1) already exists.; HINT: Drop it first.");
}

TEST(RedactPostgresUrl, HidesThePasswordInEveryFormLibpqAccepts) {
    for (const char* url : {
             "postgresql://me:s3cret@db:5432/app",
             "postgres://me:s3cret@db/app?sslmode=require",
             "postgresql://me:s3cret@h1:5432,h2:5433/app",
             "postgresql:///app?host=/run/postgresql&password=s3cret",
             "postgresql://me@db/app?password=s3cret&application_name=x",
             "postgresql://me:s3cret@[::1]:5432/app",
             "postgresql://me:s%2Fcr%40t@db/app",
         }) {
        EXPECT_THAT(redact_url(url), Not(HasSubstr("s3cret"))) << url;
        EXPECT_THAT(redact_url(url), Not(HasSubstr("cr%40t"))) << url;
        EXPECT_THAT(pg(url).redacted(), HasSubstr("***")) << url;
    }
    EXPECT_EQ(redact_url("postgresql:///app?host=/run/postgresql"),
              "postgresql:///app?host=/run/postgresql");
}

}  // namespace
}  // namespace mig::db
