// Connecting the real `mig` binary to PostgreSQL: URL forms, where the password may come from,
// a server that is down, a wrong password (never printed), and that SQLite commands never
// load libpq.

#include "e2e/postgres_project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace mig::test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// A loopback port nothing listens on: bound, read and closed again (nothing else on the
// machine takes it in the moment before the test connects).
int closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
                       // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): same
                       ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
    ::close(fd);
    EXPECT_TRUE(bound) << "cannot find a free loopback port";
    return ntohs(address.sin_port);
}

void expect_one_error_line(const MigResult& result) {
    EXPECT_TRUE(result.err.starts_with("mig: error: ")) << describe(result);
    EXPECT_EQ(lines_of(result.err).size(), 1U) << describe(result);
}

class PostgresConnection : public PostgresProjectTest {};

TEST_F(PostgresConnection, AServerThatIsDownIsExit1AndOneLineNamingHostPortAndDatabase) {
    const std::string port = std::to_string(closed_port());
    const std::string url = "postgresql://mig:S3cret@127.0.0.1:" + port + "/appdb";
    project().write_revision(rev("aaa111", {}, "CREATE TABLE t (a int);", "DROP TABLE t;", "t"));
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"current"}, {"upgrade"}, {"downgrade"}, {"stamp", "base"}}) {
        std::vector<std::string> args{"--database-url", url};
        args.insert(args.end(), command.begin(), command.end());
        MigResult result = project().mig(args);
        EXPECT_EQ(result.exit_code, 1) << command[0] << describe(result);
        EXPECT_EQ(result.err, "mig: error: cannot connect to PostgreSQL (host 127.0.0.1, port " +
                                  port +
                                  ", database appdb): Connection refused; check that the server "
                                  "runs and that host and port in the database URL are right\n")
            << command[0];
        EXPECT_THAT(result.out, Not(HasSubstr("S3cret")));
    }
}

TEST_F(PostgresConnection, AWrongPasswordIsExit1AndNeverPrinted) {
    const std::string url = database().url_with_password("Wr0ngS3cret");
    project().write_revision(rev("aaa111", {}, "CREATE TABLE t (a int);", "DROP TABLE t;", "t"));
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"-vv", "current"}, {"upgrade"}, {"stamp", "base"}}) {
        std::vector<std::string> args{"--database-url", url};
        args.insert(args.end(), command.begin(), command.end());
        MigResult result = project().mig(args);
        EXPECT_EQ(result.exit_code, 1) << describe(result);
        EXPECT_THAT(result.out + result.err, Not(HasSubstr("Wr0ngS3cret"))) << describe(result);
        ASSERT_FALSE(result.err.empty()) << describe(result);
        EXPECT_THAT(lines_of(result.err).back(),
                    AllOf(HasSubstr("mig: error: cannot connect to PostgreSQL (host "),
                          HasSubstr("database " + database().name()),
                          HasSubstr("password authentication failed for user \"mig\""),
                          HasSubstr("PGPASSWORD")));
    }
    // The same through MIG_DATABASE_URL and PGPASSWORD.
    MigResult by_variable = project().mig(
        {"current"},
        {{"MIG_DATABASE_URL", database().url_without_password()}, {"PGPASSWORD", "Wr0ngS3cret"}});
    EXPECT_EQ(by_variable.exit_code, 1) << describe(by_variable);
    EXPECT_THAT(by_variable.out + by_variable.err, Not(HasSubstr("Wr0ngS3cret")));
}

TEST_F(PostgresConnection, ThePasswordMayComeFromPgpasswordOrPgpass) {
    MigResult by_pgpassword =
        project().mig({"--database-url", database().url_without_password(), "current"},
                      {{"PGPASSWORD", database().server().password}});
    EXPECT_MIG_OK(by_pgpassword);

    const std::string pgpass = (project() / "pgpass").string();
    project().dir().write("pgpass", database().server().host + ":" + database().server().port +
                                        ":*:" + database().server().user + ":" +
                                        database().server().password + "\n");
    std::filesystem::permissions(
        pgpass, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    MigResult by_pgpass =
        project().mig({"--database-url", database().url_without_password(), "current"},
                      {{"PGPASSFILE", pgpass}, {"PGPASSWORD", ""}});
    EXPECT_MIG_OK(by_pgpass);
}

TEST_F(PostgresConnection, UnixSocketHostsAndThePostgresScheme) {
    project().write_revision(rev("aaa111", {}, "CREATE TABLE t (a int);", "DROP TABLE t;", "t"));
    ASSERT_MIG_OK(project().mig({"--database-url", database().socket_url(), "upgrade"}));
    std::string postgres_scheme = database().url();
    postgres_scheme.replace(0, std::string("postgresql").size(), "postgres");
    MigResult current = project().mig({"--database-url", postgres_scheme, "current"});
    ASSERT_MIG_OK(current);
    EXPECT_EQ(current.out, "aaa111\n");
    EXPECT_EQ(database().column("SELECT count(*) FROM t"), std::vector<std::string>{"0"});
}

TEST_F(PostgresConnection, AUrlLibpqCannotReadIsExit2WithoutThePassword) {
    for (const std::string& bad :
         {database().url() + "?sslmode=sometimes", database().url() + "?nonsense=1",
          database().url() + "?connect_timeout=soon"}) {
        MigResult result = project().mig({"--database-url", bad, "current"});
        EXPECT_EQ(result.exit_code, 2) << describe(result);
        expect_one_error_line(result);
        EXPECT_THAT(result.err,
                    AllOf(HasSubstr("mig: error: invalid database URL 'postgresql://mig:***@"),
                          Not(HasSubstr(database().server().password))));
    }
}

// Loading libpq costs every process milliseconds (db/libpq.hpp): SQLite commands must not.
// glibc's LD_DEBUG=files names every library a process loads, dlopen'ed ones included.
TEST_F(PostgresConnection, OnlyPostgresCommandsLoadLibpq) {
    Project sqlite_project;
    sqlite_project.write_revision(rev("aaa111", {}, "CREATE TABLE t (a);", "DROP TABLE t;", "t"));
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--version"}, {"upgrade"}, {"current"}, {"history"}, {"downgrade"}}) {
        MigResult result = sqlite_project.mig(args, {{"LD_DEBUG", "files"}});
        EXPECT_MIG_OK(result);
        EXPECT_THAT(result.err, Not(HasSubstr("libpq"))) << args[0];
    }
    MigResult postgres = project().mig({"current"}, {{"LD_DEBUG", "files"}});
    EXPECT_MIG_OK(postgres);
    EXPECT_THAT(postgres.err, HasSubstr("libpq.so.5"));
}

}  // namespace
}  // namespace mig::test
