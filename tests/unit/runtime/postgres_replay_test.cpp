// runtime::replay_postgres against the run's PostgreSQL server: revision files written by hand
// into a project folder, replayed into the test's own database (or a scratch database), the
// result read back through the test's independent libpq connection.

#include "runtime/postgres_replay.hpp"

#include "db/database_url.hpp"
#include "db/postgres_scratch.hpp"
#include "graph/target.hpp"
#include "runtime/replay.hpp"
#include "support/postgres.hpp"
#include "support/temp_dir.hpp"
#include "unit/runtime/recording_replay_observer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace mig::runtime {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// The upgrade section starts on line 5 of a base revision's file and on line 6 of one with
// parents (line 7 with an extra header line).
class PostgresReplayTest : public test::PostgresTest {
protected:
    void SetUp() override {
        test::PostgresTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        m_connection = std::make_unique<db::PgConnection>(db::PgConnection::open(
            db::parse_database_url(database().url(), "/"), db::SessionSettings{}));
    }

    void write(const std::string& id, const std::string& parents, const std::string& upgrade,
               const std::string& extra_header = "") const {
        std::string text = "-- mig:revision " + id + "\n";
        if (!parents.empty()) {
            text += "-- mig:parents " + parents + "\n";
        }
        text += "-- mig:message " + id + "\n" + extra_header + "\n-- mig:upgrade\n" + upgrade +
                "\n\n-- mig:downgrade\nSELECT 1;\n";
        m_dir.write("migrations/versions/" + id + "_step.sql", text);
    }

    std::unique_ptr<script::ScriptDirectory> scripts() const {
        auto directory = std::make_unique<script::ScriptDirectory>(m_dir / "migrations");
        directory->load();
        return directory;
    }

    std::size_t replay(const db::PgConnection& connection,
                       ReplayObserver* observer = nullptr) const {
        auto directory = scripts();
        PostgresReplayOptions options;
        options.display_base = m_dir.path();
        options.observer = observer;
        return replay_postgres(connection, *directory,
                               graph::resolve_target(directory->graph(), "head", {}), options);
    }
    std::size_t replay() const { return replay(*m_connection); }

    // The ReplayError replaying head throws.
    ReplayError replay_error() const {
        try {
            replay();
        } catch (const ReplayError& error) {
            return error;
        }
        throw std::runtime_error("replay did not fail");
    }

    std::vector<std::string> tables() {
        return database().column(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "ORDER BY 1");
    }

    test::TempDir m_dir;
    std::unique_ptr<db::PgConnection> m_connection;
};

TEST_F(PostgresReplayTest, AChainWithATransactionOffRevisionReplaysInOrder) {
    write("a", "", "CREATE TABLE users (id int PRIMARY KEY, name text);");
    write("b", "a", "CREATE INDEX CONCURRENTLY users_name ON users (name);",
          "-- mig:transaction off\n");
    write("c", "b",
          "BEGIN;\nALTER TABLE users ADD COLUMN age int;\nCREATE TYPE mood AS ENUM ('ok');\n"
          "COMMIT;");
    write("d", "c", "ALTER TYPE mood ADD VALUE 'sad';\nVACUUM users;", "-- mig:transaction off\n");
    EXPECT_EQ(replay(), 4U);
    EXPECT_THAT(tables(), ElementsAre("users"));  // no mig_version, no mig_history
    EXPECT_EQ(database().column("SELECT indexname FROM pg_indexes WHERE tablename = 'users' "
                                "ORDER BY 1"),
              (std::vector<std::string>{"users_name", "users_pkey"}));
    EXPECT_EQ(database().column("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
                                "FROM information_schema.columns WHERE table_name = 'users'"),
              std::vector<std::string>{"id,name,age"});
    EXPECT_EQ(database().column("SELECT enum_range(NULL::mood)::text"),
              std::vector<std::string>{"{ok,sad}"});
    EXPECT_FALSE(m_connection->in_transaction());
}

// Transactional revisions share one transaction (no commit per revision); a transaction-off
// revision ends it, and the ones after it share a new one.
TEST_F(PostgresReplayTest, TransactionalRevisionsRunInOneTransaction) {
    write("a", "",
          "CREATE TABLE seen (step text, tx bigint);\n"
          "INSERT INTO seen VALUES ('a', txid_current());");
    write("b", "a", "INSERT INTO seen VALUES ('b', txid_current());");
    write("c", "b", "INSERT INTO seen VALUES ('c', txid_current());", "-- mig:transaction off\n");
    write("d", "c", "INSERT INTO seen VALUES ('d', txid_current());");
    write("e", "d", "INSERT INTO seen VALUES ('e', txid_current());");
    replay();
    const std::vector<std::string> groups = database().column(
        "SELECT string_agg(step, '' ORDER BY step) FROM seen GROUP BY tx ORDER BY 1");
    EXPECT_THAT(groups, ElementsAre("ab", "c", "de"));
}

TEST_F(PostgresReplayTest, AFailingStatementNamesRevisionFileStatementLineAndTheServersMessage) {
    write("a", "", "CREATE TABLE users (id int);");
    write("b", "a", "CREATE TABLE posts (id int);\nINSERT INTO missing VALUES (1);");
    const ReplayError error = replay_error();
    EXPECT_EQ(std::string(error.what()),
              "cannot replay the migrations: revision b (migrations/versions/b_step.sql): "
              "statement 2 at line 7 failed: relation \"missing\" does not exist (SQLSTATE "
              "42P01)");
    EXPECT_THAT(error.hint(),
                StartsWith("fix statement 2 in migrations/versions/b_step.sql: to know the "
                           "migrations' head schema, mig replays every revision"));
    EXPECT_EQ(error.code(), ExitCode::bad_input);
    EXPECT_EQ(error.revision(), "b");
    EXPECT_EQ(error.file(), "migrations/versions/b_step.sql");
    EXPECT_EQ(error.statement_number(), 2);
    EXPECT_EQ(error.line(), 7);
    // The transaction is rolled back and the session usable.
    EXPECT_FALSE(m_connection->in_transaction());
    EXPECT_THAT(tables(), IsEmpty());
    EXPECT_EQ(m_connection->exec("SELECT 1").text(0, 0), "1");
}

TEST_F(PostgresReplayTest, TheObserverHearsEachRevisionThenTheEndAlsoOfAFailure) {
    write("a", "", "CREATE TABLE users (id int);");
    write("b", "a", "CREATE TABLE posts (id int);");
    write("c", "b", "INSERT INTO missing VALUES (1);");
    RecordingReplayObserver failed;
    EXPECT_THROW(replay(*m_connection, &failed), ReplayError);
    EXPECT_THAT(failed.events, ElementsAre("started 3", "1 a", "2 b", "3 c", "ended"));

    write("c", "b", "CREATE TABLE tags (id int);");  // rolled back above: replays again
    RecordingReplayObserver observer;
    EXPECT_EQ(replay(*m_connection, &observer), 3u);
    EXPECT_THAT(observer.events, ElementsAre("started 3", "1 a", "2 b", "3 c", "ended"));
}

TEST_F(PostgresReplayTest, AnErrorInsideALongStatementNamesTheServersLine) {
    write("a", "", "CREATE TABLE users (\n    id int,\n    name txet,\n    age int\n);");
    EXPECT_THAT(replay_error().what(),
                HasSubstr("statement 1 at line 5 failed at line 7: type \"txet\" does not exist "
                          "(SQLSTATE 42704)"));
}

TEST_F(PostgresReplayTest, ATransactionOffRevisionFailsWithWhatItRanKept) {
    write("a", "", "CREATE TABLE users (id int);");
    write("b", "a", "CREATE TABLE posts (id int);\nCREATE INDEX CONCURRENTLY p ON nowhere (id);",
          "-- mig:transaction off\n");
    const ReplayError error = replay_error();
    EXPECT_THAT(error.what(), AllOf(HasSubstr("revision b"), HasSubstr("statement 2 at line 8"),
                                    HasSubstr("relation \"nowhere\" does not exist")));
    EXPECT_EQ(error.line(), 8);
    EXPECT_FALSE(m_connection->in_transaction());
}

TEST_F(PostgresReplayTest, TheDialectsPolicyRefusesBeforeTheRevisionRuns) {
    write("a", "", "CREATE TABLE users (id int);\nCREATE INDEX CONCURRENTLY u ON users (id);");
    ReplayError error = replay_error();
    EXPECT_THAT(error.what(), AllOf(HasSubstr("revision a"), HasSubstr("statement 2 at line 6"),
                                    HasSubstr("CREATE INDEX CONCURRENTLY")));
    EXPECT_THAT(error.hint(), HasSubstr("-- mig:transaction off"));
    EXPECT_THAT(tables(), IsEmpty());  // statement 1 never ran

    write("a", "", "CREATE TABLE users (id int);\nROLLBACK;");
    EXPECT_THAT(replay_error().what(), HasSubstr("statement 2 at line 6: ROLLBACK"));

    write("a", "", "CREATE TABLE users (id int);\nCOPY users FROM stdin;",
          "-- mig:transaction off\n");
    error = replay_error();
    EXPECT_THAT(error.what(), AllOf(HasSubstr("statement 2 at line 7"), HasSubstr("STDIN")));
    EXPECT_THAT(tables(), IsEmpty());
}

TEST_F(PostgresReplayTest, ATransactionOffRevisionLeavingATransactionOpenFails) {
    write("a", "", "BEGIN;\nCREATE TABLE users (id int);", "-- mig:transaction off\n");
    EXPECT_THAT(replay_error().what(),
                HasSubstr("revision a (migrations/versions/a_step.sql): the script left a "
                          "transaction open"));
    EXPECT_FALSE(m_connection->in_transaction());
    EXPECT_THAT(tables(), IsEmpty());
}

// A dev_url on a laptop lacks production's roles: what only names them is left out.
TEST_F(PostgresReplayTest, OwnersAndPrivilegesAreSkipped) {
    write("a", "",
          "CREATE TABLE users (id int, owner text);\n"
          "ALTER TABLE users OWNER TO no_such_role;\n"
          "GRANT SELECT ON users TO no_such_role;\n"
          "REVOKE ALL ON users FROM no_such_role;\n"
          "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO no_such_role;\n"
          "ALTER TABLE users RENAME owner TO holder;");
    EXPECT_EQ(replay(), 1U);
    EXPECT_EQ(database().column("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) "
                                "FROM information_schema.columns WHERE table_name = 'users'"),
              std::vector<std::string>{"id,holder"});
}

TEST_F(PostgresReplayTest, ReplaysIntoATemporaryScratchDatabase) {
    write("a", "", "CREATE SCHEMA app;\nCREATE TABLE app.users (id serial PRIMARY KEY);");
    write("b", "a", "CREATE VIEW app.ids AS SELECT id FROM app.users;");
    db::ScratchSettings settings;
    settings.url = db::parse_database_url(database().url(), "/");
    db::PostgresScratch scratch = db::PostgresScratch::open(settings);
    EXPECT_EQ(replay(scratch.connection()), 2U);
    EXPECT_EQ(scratch.connection()
                  .exec("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class c JOIN "
                        "pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'app'")
                  .text(0, 0),
              "ids,users,users_id_seq,users_pkey");
    EXPECT_THAT(tables(), IsEmpty());  // the test's database is not the scratch
}

TEST_F(PostgresReplayTest, ReplayingIntoAScratchDatabaseResetsTheSessionAfterwards) {
    write("a", "",
          "SET datestyle = 'SQL, DMY';\nSET search_path = app, public;\nCREATE SCHEMA app;\n"
          "CREATE TABLE public.t (d date DEFAULT '2026-12-31');");
    db::ScratchSettings settings;
    settings.url = db::parse_database_url(database().url(), "/");
    db::PostgresScratch scratch = db::PostgresScratch::open(settings);
    auto directory = scripts();
    EXPECT_EQ(
        replay_postgres(scratch, *directory, graph::resolve_target(directory->graph(), "head", {})),
        1U);
    EXPECT_EQ(scratch.connection().exec("SHOW datestyle").text(0, 0), "ISO, MDY");
    EXPECT_EQ(
        scratch.connection().exec("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef").text(0, 0),
        "'2026-12-31'::date");
    EXPECT_EQ(scratch.connection().exec("SHOW synchronous_commit").text(0, 0), "off");
}

TEST_F(PostgresReplayTest, TheKeyNamesTheRevisionsAndTheirBytes) {
    write("a", "", "CREATE TABLE users (id int);");
    write("b", "a", "CREATE TABLE posts (id int);");
    auto directory = scripts();
    const auto head = graph::resolve_target(directory->graph(), "head", {});
    const std::string key = postgres_replay_key(*directory, head);
    EXPECT_EQ(key.size(), 64U);
    EXPECT_NE(key, schema_key(*directory, "head"));  // never a SQLite replay's key
    EXPECT_EQ(postgres_replay_key(*directory, {}), "");
    EXPECT_NE(postgres_replay_key(*directory, graph::resolve_target(directory->graph(), "a", {})),
              key);
    write("b", "a", "CREATE TABLE posts (id bigint);");
    auto changed = scripts();
    EXPECT_NE(postgres_replay_key(*changed, graph::resolve_target(changed->graph(), "head", {})),
              key);
}

}  // namespace
}  // namespace mig::runtime
