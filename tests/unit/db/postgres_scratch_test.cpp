// PostgresScratch against the run's PostgreSQL server: temporary databases created and always
// dropped (also when an exception escapes, and on the next run after a kill -9), a dev_url
// database marked, emptied and refused when it holds what mig did not make, and the refusal
// for a user without CREATEDB. The server's view is read through the test's own libpq
// connection (support/postgres.hpp), never through the code under test.

#include "db/postgres_scratch.hpp"

#include "db/database_url.hpp"
#include "support/postgres.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace mig::db {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

std::string random_hex() {
    std::random_device device;
    char text[9];
    std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(device()));
    return text;
}

class PostgresScratchTest : public test::PostgresTest {
protected:
    DatabaseUrl url() { return parse_database_url(database().url(), "/"); }

    ScratchSettings temporary_settings() {
        ScratchSettings settings;
        settings.url = url();
        return settings;
    }

    // Settings with dev_url pointing at `dev`.
    ScratchSettings dev_settings(const test::PostgresDatabase& dev) {
        ScratchSettings settings = temporary_settings();
        settings.dev_url = parse_database_url(dev.url(), "/");
        return settings;
    }

    bool exists(const std::string& name) {
        return !database()
                    .column("SELECT datname FROM pg_database WHERE datname = '" + name + "'")
                    .empty();
    }

    std::string comment_of(const std::string& name) {
        return database().column(
            "SELECT coalesce(shobj_description(oid, 'pg_database'), '<none>') FROM pg_database "
            "WHERE datname = '" +
            name + "'")[0];
    }

    // The user schemas of the database `connection` is on, with owner, privileges and
    // comment: what an emptied database must share with a new one.
    static std::vector<std::string> schemas(const PgConnection& connection) {
        const PgResult rows = connection.exec(
            "SELECT nspname || ' ' || nspowner::regrole || ' ' || coalesce(nspacl::text, '') || "
            "' ' || coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace WHERE "
            "nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_' ORDER BY "
            "1");
        std::vector<std::string> out;
        for (int row = 0; row < rows.rows(); ++row) {
            out.push_back(rows.text(row, 0));
        }
        return out;
    }

    static std::vector<std::string> relations(const PgConnection& connection) {
        const PgResult rows = connection.exec(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid "
            "= c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND "
            "n.nspname !~ '^pg_' ORDER BY 1");
        std::vector<std::string> out;
        for (int row = 0; row < rows.rows(); ++row) {
            out.push_back(rows.text(row, 0));
        }
        return out;
    }

    // Runs `open` and returns the InputError's message and hint ("" when none was thrown).
    template <typename Open>
    std::string input_error_of(Open open) {
        try {
            open();
        } catch (const InputError& error) {
            last_hint = error.hint();
            return error.what();
        }
        return "";
    }

    std::string last_hint;
};

TEST(ScratchNames, RecordTheCreationTime) {
    EXPECT_EQ(scratch_database_name(1796515200, "0a1b2c3d"), "mig_scratch_1796515200_0a1b2c3d");
    EXPECT_EQ(scratch_database_epoch("mig_scratch_1796515200_0a1b2c3d"), 1796515200);
    EXPECT_EQ(scratch_database_epoch("mig_scratch_old"), std::nullopt);
    EXPECT_EQ(scratch_database_epoch("mig_scratch__0a1b"), std::nullopt);
    EXPECT_EQ(scratch_database_epoch("mig_scratch_12_"), std::nullopt);
    EXPECT_EQ(scratch_database_epoch("mig_scratch_12_XYZ"), std::nullopt);
    EXPECT_EQ(scratch_database_epoch("app_1796515200_0a1b2c3d"), std::nullopt);
}

TEST(ScratchNames, WithDatabaseKeepsTheRestOfTheUrl) {
    auto original = [](const std::string& text) {
        return with_database(parse_database_url(text, "/"), "mig_scratch_1_ab").original;
    };
    EXPECT_EQ(original("postgresql://app:pw@db:5432/app"),
              "postgresql://app:pw@db:5432/app?dbname=mig_scratch_1_ab");
    EXPECT_EQ(original("postgresql://app@db/app?sslmode=require"),
              "postgresql://app@db/app?sslmode=require&dbname=mig_scratch_1_ab");
    EXPECT_EQ(original("postgresql:///?service=app"),
              "postgresql:///?service=app&dbname=mig_scratch_1_ab");
    EXPECT_EQ(with_database(parse_database_url("postgresql://h/app?", "/"), "a b").original,
              "postgresql://h/app?dbname=a%20b");
}

TEST_F(PostgresScratchTest, ATemporaryDatabaseLivesAsLongAsItsOwner) {
    std::string name;
    {
        PostgresScratch scratch = PostgresScratch::open(temporary_settings());
        name = scratch.name();
        EXPECT_TRUE(scratch.temporary());
        EXPECT_THAT(name, StartsWith("mig_scratch_"));
        EXPECT_TRUE(scratch_database_epoch(name).has_value());
        EXPECT_TRUE(exists(name));
        EXPECT_THAT(comment_of(name), StartsWith("mig scratch database (temporary)"));
        EXPECT_EQ(scratch.connection().exec("SELECT current_database()").text(0, 0), name);
        EXPECT_EQ(scratch.connection().exec("SHOW synchronous_commit").text(0, 0), "off");
        EXPECT_THAT(scratch.describe(),
                    AllOf(StartsWith("temporary scratch database " + name), HasSubstr("port")));
        scratch.connection().exec("CREATE TABLE t (id int)");

        // Moving hands the database over without dropping it.
        PostgresScratch moved = std::move(scratch);
        EXPECT_TRUE(exists(name));
        EXPECT_EQ(moved.connection().exec("SELECT count(*) FROM t").text(0, 0), "0");
    }
    EXPECT_FALSE(exists(name));
}

TEST_F(PostgresScratchTest, ATemporaryDatabaseIsDroppedWhenAnExceptionEscapes) {
    std::string name;
    try {
        PostgresScratch scratch = PostgresScratch::open(temporary_settings());
        name = scratch.name();
        scratch.connection().exec("CREATE TABLE t (id int)");
        scratch.connection().exec("SELECT * FROM missing_table");  // throws
        FAIL() << "no exception";
    } catch (const PostgresError& error) {
        EXPECT_THAT(error.what(), HasSubstr("missing_table"));
    }
    ASSERT_FALSE(name.empty());
    EXPECT_FALSE(exists(name));
}

TEST_F(PostgresScratchTest, CloseDropsAtOnceAndTheDestructorDoesNotTryAgain) {
    PostgresScratch scratch = PostgresScratch::open(temporary_settings());
    const std::string name = scratch.name();
    scratch.close();
    EXPECT_FALSE(exists(name));
    scratch.close();
}

TEST_F(PostgresScratchTest, TwoTemporaryDatabasesAtOnce) {
    PostgresScratch model = PostgresScratch::open(temporary_settings());
    PostgresScratch head = PostgresScratch::open(temporary_settings());
    EXPECT_NE(model.name(), head.name());
    model.connection().exec("CREATE TABLE only_in_model (id int)");
    EXPECT_THAT(relations(head.connection()), IsEmpty());
    EXPECT_THAT(relations(model.connection()), ElementsAre("public.only_in_model"));
}

TEST_F(PostgresScratchTest, StaleDatabasesOfKilledRunsAreDroppedByTheNextRun) {
    const std::string old_name = scratch_database_name(1000000000, random_hex());
    const std::string connected_hex = random_hex();
    const std::string connected_name = scratch_database_name(1000000001, connected_hex);
    const std::string fresh_name =
        scratch_database_name(std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count(),
                              random_hex());
    const std::string locked_hex = random_hex();
    const std::string locked_name = scratch_database_name(1000000002, locked_hex);
    const std::string other_name = "mig_scratch_kept_" + random_hex();
    // The test plays the runs that made them: it holds the lock of each database that must
    // survive from before creating it, as a run does (the tests beside this one open scratch
    // databases too, and would drop one whose lock is free).
    const PgConnection owner = PgConnection::open(url(), SessionSettings{});
    const auto lock = [&](const std::string& function, const std::string& hex) {
        owner.exec("SELECT " + function + "(1835624307, ('x' || '" + hex + "')::bit(32)::int4)");
    };
    lock("pg_advisory_lock", connected_hex);
    lock("pg_advisory_lock", locked_hex);
    for (const std::string& name :
         {old_name, connected_name, fresh_name, locked_name, other_name}) {
        database().exec("CREATE DATABASE " + name);
    }
    {
        // Someone is connected to one whose lock is free: it is not stale.
        const PgConnection user =
            PgConnection::open(with_database(url(), connected_name), SessionSettings{});
        lock("pg_advisory_unlock", connected_hex);
        // A live run holds its database's lock (on another database): it is not stale either,
        // whatever its age and although nobody is connected to it.
        PostgresScratch scratch = PostgresScratch::open(temporary_settings());
        EXPECT_FALSE(exists(old_name));
        EXPECT_TRUE(exists(connected_name));
        // Nobody connected and its lock free: its run is gone, it goes at once, however young.
        EXPECT_FALSE(exists(fresh_name));
        EXPECT_TRUE(exists(locked_name));
        EXPECT_TRUE(exists(other_name));
    }
    for (const std::string& name : {connected_name, fresh_name, locked_name, other_name}) {
        database().exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}

// A run killed with SIGKILL leaves its temporary database behind; once the server has ended
// the killed run's sessions (and with them the database's lock), the next run drops it, young
// as it is.
TEST_F(PostgresScratchTest, AKilledRunsDatabaseIsDroppedByTheNextRun) {
    int pipe_ends[2];
    ASSERT_EQ(::pipe(pipe_ends), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(pipe_ends[0]);
        PostgresScratch scratch = PostgresScratch::open(temporary_settings());
        const std::string name = scratch.name() + "\n";
        (void)!::write(pipe_ends[1], name.data(), name.size());
        ::raise(SIGKILL);
    }
    ::close(pipe_ends[1]);
    std::string name;
    char c = 0;
    while (::read(pipe_ends[0], &c, 1) == 1 && c != '\n') {
        name += c;
    }
    ::close(pipe_ends[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status));
    ASSERT_THAT(name, StartsWith("mig_scratch_"));
    EXPECT_TRUE(exists(name));

    // The killed run's backends go away once the server sees the closed sockets.
    const std::string gone =
        "SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name +
        "') + (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
        "1835624307 AND objid::text::bigint = ('x' || right('" +
        name + "', 8))::bit(32)::bigint)";
    for (int attempt = 0; attempt < 200; ++attempt) {
        if (database().column(gone)[0] == "0") {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(database().column(gone)[0], "0") << "the killed run's sessions are still there";
    {
        PostgresScratch next = PostgresScratch::open(temporary_settings());
        EXPECT_FALSE(exists(name));
    }
}

TEST_F(PostgresScratchTest, AUserWithoutCreatedbIsToldToSetDevUrl) {
    const std::string role = "mig_scratch_test_" + random_hex();
    database().exec("CREATE ROLE " + role + " LOGIN NOCREATEDB PASSWORD 'pw'");
    struct DropRole {
        test::PostgresDatabase& database;
        std::string role;
        ~DropRole() {
            try {
                database.exec("DROP OWNED BY " + role + "; DROP ROLE IF EXISTS " + role);
            } catch (...) {  // NOLINT(bugprone-empty-catch): the test reports its own failure
            }
        }
    } drop_role{database(), role};
    const test::PostgresServer& server = database().server();
    ScratchSettings settings;
    settings.url = parse_database_url(
        "postgresql://" + role + ":pw@" + server.host + ":" + server.port + "/" + database().name(),
        "/");
    const std::string message = input_error_of([&] { PostgresScratch::open(settings); });
    EXPECT_THAT(message,
                AllOf(StartsWith("cannot create a temporary scratch database on the server of "
                                 "[database] url (host "),
                      HasSubstr("permission denied to create database (SQLSTATE 42501)")));
    EXPECT_THAT(last_hint, HasSubstr("set [database] dev_url"));
    EXPECT_EQ(message.find('\n'), std::string::npos);
    // Only the role's own databases: pg_database is cluster-wide, and the tests beside this
    // one create and drop theirs.
    EXPECT_EQ(database().column("SELECT count(*) FROM pg_database WHERE datdba = (SELECT oid "
                                "FROM pg_roles WHERE rolname = '" +
                                role + "')"),
              std::vector<std::string>{"0"});
}

TEST_F(PostgresScratchTest, AnEmptyDevDatabaseIsMarkedAndEmptiedAtEachUse) {
    test::PostgresDatabase dev(database().server());
    std::vector<std::string> fresh_schemas;
    {
        PostgresScratch scratch = PostgresScratch::open(dev_settings(dev));
        EXPECT_FALSE(scratch.temporary());
        EXPECT_EQ(scratch.name(), dev.name());
        EXPECT_THAT(scratch.describe(), StartsWith("[database] dev_url postgresql://"));
        EXPECT_THAT(scratch.describe(), Not(HasSubstr(database().server().password)));
        fresh_schemas = schemas(scratch.connection());
        scratch.connection().exec(
            "CREATE TABLE users (id int PRIMARY KEY); CREATE SCHEMA audit; CREATE TABLE "
            "audit.log (id int); CREATE TYPE mood AS ENUM ('ok'); CREATE FUNCTION f() RETURNS "
            "int LANGUAGE sql AS 'SELECT 1'; CREATE EXTENSION IF NOT EXISTS pg_trgm");
    }
    EXPECT_THAT(comment_of(dev.name()), StartsWith("mig scratch database ([database] dev_url)"));
    EXPECT_TRUE(exists(dev.name()));  // never dropped: only emptied
    PostgresScratch again = PostgresScratch::open(dev_settings(dev));
    EXPECT_THAT(relations(again.connection()), IsEmpty());
    EXPECT_EQ(schemas(again.connection()), fresh_schemas);
    EXPECT_EQ(again.connection().exec("SELECT count(*) FROM pg_extension").text(0, 0), "1");
}

TEST_F(PostgresScratchTest, ADevDatabaseWithTablesMigDidNotMakeIsRefusedAndUntouched) {
    test::PostgresDatabase dev(database().server());
    dev.exec(
        "CREATE TABLE users (id int PRIMARY KEY, name text); INSERT INTO users VALUES (1, 'a');"
        "CREATE TABLE orders (id int); CREATE VIEW names AS SELECT name FROM users;"
        "CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int);"
        "CREATE TABLE t4 (id int); CREATE TABLE t5 (id int)");
    const std::string before = dev.dump();
    const std::string message = input_error_of([&] { PostgresScratch::open(dev_settings(dev)); });
    EXPECT_THAT(message,
                AllOf(StartsWith("[database] dev_url postgresql://"),
                      HasSubstr("holds objects mig did not make (table billing.invoices, table "
                                "public.orders, table public.t4, table public.t5, table "
                                "public.users and 2 more), and mig empties its dev database "
                                "before each use")));
    EXPECT_THAT(message, Not(HasSubstr(database().server().password)));
    EXPECT_THAT(last_hint, HasSubstr("point dev_url at an empty database of its own"));
    EXPECT_EQ(dev.dump(), before);
    EXPECT_EQ(comment_of(dev.name()), "<none>");
}

TEST_F(PostgresScratchTest, ADevDatabaseWithOnlyAFunctionIsRefusedToo) {
    test::PostgresDatabase dev(database().server());
    dev.exec("CREATE FUNCTION keep_me() RETURNS int LANGUAGE sql AS 'SELECT 1'");
    EXPECT_THAT(input_error_of([&] { PostgresScratch::open(dev_settings(dev)); }),
                HasSubstr("holds objects mig did not make (function public.keep_me)"));
    EXPECT_EQ(dev.column("SELECT keep_me()"), std::vector<std::string>{"1"});
}

TEST_F(PostgresScratchTest, ADevDatabaseThatMigMigratesIsRefusedEvenWhenMarked) {
    test::PostgresDatabase dev(database().server());
    dev.exec("COMMENT ON DATABASE " + dev.name() + " IS 'mig scratch database'");
    dev.exec("CREATE TABLE mig_version (version_num text)");
    EXPECT_THAT(input_error_of([&] { PostgresScratch::open(dev_settings(dev)); }),
                HasSubstr("holds public.mig_version: it is a database mig migrates"));
    EXPECT_EQ(dev.column("SELECT count(*) FROM mig_version"), std::vector<std::string>{"0"});
}

TEST_F(PostgresScratchTest, DevUrlEqualToUrlIsRefused) {
    ScratchSettings settings = temporary_settings();
    settings.dev_url = settings.url;
    database().exec("CREATE TABLE keep (id int)");
    EXPECT_THAT(input_error_of([&] { PostgresScratch::open(settings); }),
                HasSubstr("is the database mig migrates ([database] url)"));
    EXPECT_EQ(database().column("SELECT count(*) FROM keep"), std::vector<std::string>{"0"});
}

TEST_F(PostgresScratchTest, EmptyingATemporaryDatabaseMakesItLikeANewOne) {
    PostgresScratch fresh = PostgresScratch::open(temporary_settings());
    PostgresScratch used = PostgresScratch::open(temporary_settings());
    used.connection().exec(
        "CREATE SCHEMA app; CREATE TABLE app.t (id serial PRIMARY KEY); CREATE TABLE u (id "
        "int); COMMENT ON SCHEMA public IS 'changed'; CREATE EXTENSION pg_trgm; SET "
        "search_path = app; CREATE TEMP TABLE scratchpad (x int)");
    used.empty();
    EXPECT_THAT(relations(used.connection()), IsEmpty());
    EXPECT_EQ(schemas(used.connection()), schemas(fresh.connection()));
    EXPECT_EQ(used.connection().exec("SHOW search_path").text(0, 0),
              fresh.connection().exec("SHOW search_path").text(0, 0));
    EXPECT_EQ(used.connection().exec("SHOW synchronous_commit").text(0, 0), "off");
    EXPECT_EQ(used.connection().exec("SELECT to_regclass('pg_temp.scratchpad') IS NULL").text(0, 0),
              "t");
}

TEST_F(PostgresScratchTest, ResetSessionUndoesWhatAModelSet) {
    ScratchSettings settings = temporary_settings();
    settings.session.statement_timeout = std::chrono::milliseconds(4000);
    PostgresScratch scratch = PostgresScratch::open(settings);
    scratch.connection().exec(
        "SET statement_timeout = 0; SELECT pg_catalog.set_config('search_path', '', false); SET "
        "check_function_bodies = false");
    scratch.reset_session();
    EXPECT_EQ(scratch.connection().exec("SHOW search_path").text(0, 0), "\"$user\", public");
    EXPECT_EQ(scratch.connection().exec("SHOW check_function_bodies").text(0, 0), "on");
    EXPECT_EQ(scratch.connection().exec("SHOW statement_timeout").text(0, 0), "4s");
}

}  // namespace
}  // namespace mig::db
