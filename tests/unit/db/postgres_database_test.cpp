// PostgresDatabase and its advisory lock against the run's PostgreSQL server: steps with
// their bookkeeping in one transaction, `transaction off` steps, stamps, the lock, and the
// errors, driven directly with hand-made StepWork (the e2e tests drive the real binary).

#include "db/postgres_database.hpp"

#include "db/database_url.hpp"
#include "db/postgres_lock.hpp"
#include "support/postgres.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace mig::db {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace std::chrono_literals;

class PostgresDatabaseTest : public test::PostgresTest {
protected:
    DatabaseUrl url() { return parse_database_url(database().url(), "/"); }

    std::unique_ptr<PostgresDatabase> open(const std::string& schema = {},
                                           OpenMode mode = OpenMode::read_write) {
        return std::make_unique<PostgresDatabase>(url(), mode, schema, SessionSettings{});
    }

    // A step from `from` (empty: base) to `to` running `sql` (first line 10).
    StepWork step(PostgresDatabase& db, const std::string& from, const std::string& to,
                  const std::string& sql, bool transactional = true) {
        StepWork work;
        work.revision = to;
        work.file = "migrations/versions/" + to + "_x.sql";
        work.statements = db.dialect().split(sql, 10);
        work.transactional = transactional;
        if (!from.empty()) {
            work.heads_removed = {from};
        }
        work.heads_added = {to};
        work.history.revision = to;
        work.history.direction = "upgrade";
        work.history.sha256 = "abc";
        work.history.message = "to " + to;
        if (!from.empty()) {
            work.history.parents = {from};
        }
        return work;
    }

    // Runs `work` and returns its StepFailed message ("" when it succeeded).
    std::string failure_of(PostgresDatabase& db, const StepWork& work) {
        try {
            db.run_step(work);
        } catch (const StepFailed& error) {
            last_hint = error.hint();
            last_statement = error.statement_number();
            last_line = error.line();
            return error.what();
        }
        return "";
    }

    std::string last_hint;
    int last_statement = 0;
    int last_line = 0;
};

TEST_F(PostgresDatabaseTest, ANewDatabaseIsBaseWithoutTables) {
    auto db = open();
    EXPECT_THAT(db->current_heads(), IsEmpty());
    EXPECT_THAT(db->history(), IsEmpty());
    EXPECT_EQ(database().dump(), "");
}

TEST_F(PostgresDatabaseTest, AStepRunsWithItsBookkeepingAndReadsBack) {
    auto db = open();
    db->run_step(step(*db, "", "r1", "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);"));
    db->run_step(step(*db, "r1", "r2", "ALTER TABLE a ADD COLUMN b text;"));
    EXPECT_THAT(db->current_heads(), ElementsAre("r2"));
    EXPECT_EQ(database().version_rows(), std::vector<std::string>{"r2"});
    EXPECT_EQ(database().history_summary(), (std::vector<std::string>{"upgrade r1", "upgrade r2"}));
    auto history = db->history();
    ASSERT_EQ(history.size(), 2U);
    EXPECT_EQ(history[1].record.revision, "r2");
    EXPECT_THAT(history[1].record.parents, ElementsAre("r1"));
    EXPECT_EQ(history[1].record.sha256, "abc");
    EXPECT_EQ(history[1].record.message, "to r2");
    EXPECT_FALSE(history[1].record.dirty);
    EXPECT_FALSE(history[1].record.git_commit.has_value());
    EXPECT_THAT(history[1].record.applied_at, ::testing::MatchesRegex("20[0-9-]+T[0-9:]+Z"));
    EXPECT_EQ(database().column("SELECT b IS NULL FROM a"), std::vector<std::string>{"t"});
}

TEST_F(PostgresDatabaseTest, TheTablesLiveInTheConfiguredSchema) {
    auto db = open("mig_meta");
    db->run_step(step(*db, "", "r1", "CREATE TABLE a (id int);"));
    EXPECT_EQ(database().version_rows("mig_meta"), std::vector<std::string>{"r1"});
    EXPECT_THAT(database().version_rows("public"), IsEmpty());
    EXPECT_THAT(open("mig_meta")->current_heads(), ElementsAre("r1"));
    EXPECT_THAT(open()->current_heads(), IsEmpty());  // public has no mig tables
}

TEST_F(PostgresDatabaseTest, AFailingStatementRollsTheWholeStepBackAndSaysEverything) {
    auto db = open();
    db->run_step(
        step(*db, "", "r1", "CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO a VALUES (1);"));
    const std::string before = database().dump();
    std::string message = failure_of(
        *db,
        step(*db, "r1", "r2",
             "CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\n\nINSERT INTO a VALUES (1);\n"));
    EXPECT_EQ(message,
              "revision r2 (migrations/versions/r2_x.sql): statement 3 at line 13 failed: "
              "duplicate key value violates unique constraint \"a_pkey\" (SQLSTATE 23505); "
              "DETAIL: Key (id)=(1) already exists.; nothing of this revision was applied");
    EXPECT_EQ(last_statement, 3);
    EXPECT_EQ(last_line, 13);
    EXPECT_THAT(last_hint, HasSubstr("fix statement 3 in migrations/versions/r2_x.sql"));
    EXPECT_EQ(database().dump(), before);
    EXPECT_THAT(db->current_heads(), ElementsAre("r1"));
    // The connection is usable after the rollback.
    db->run_step(step(*db, "r1", "r2", "CREATE TABLE b (id int);"));
    EXPECT_THAT(db->current_heads(), ElementsAre("r2"));
}

TEST_F(PostgresDatabaseTest, AFailingFirstStepLeavesNoBookkeepingTables) {
    auto db = open("meta");
    EXPECT_THAT(failure_of(*db, step(*db, "", "r1", "CREATE TABLE a (id int);\nSELECT nope;")),
                HasSubstr("statement 2 at line 11 failed: column \"nope\" does not exist "
                          "(SQLSTATE 42703)"));
    EXPECT_EQ(database().dump(), "");
    EXPECT_EQ(database().column("SELECT count(*) FROM pg_namespace WHERE nspname = 'meta'"),
              std::vector<std::string>{"0"});
}

TEST_F(PostgresDatabaseTest, AnErrorInsideALongStatementNamesItsOwnLine) {
    auto db = open();
    // Comments before the statement belong to it; 'é' is two bytes and one character to the
    // server's position.
    std::string message = failure_of(*db, step(*db, "", "r1",
                                               "-- a comment; with a semicolon\n"
                                               "/* more */ SELECT 'é',\n"
                                               "  1,\n"
                                               "  nope\n"
                                               "FROM (SELECT 1) t;"));
    EXPECT_THAT(message, HasSubstr("statement 1 at line 11 failed at line 13: column \"nope\" "
                                   "does not exist (SQLSTATE 42703)"));
    EXPECT_EQ(last_line, 11);
    // On the statement's first line, the line is said once.
    EXPECT_THAT(failure_of(*db, step(*db, "", "r1", "SELECT nope;")),
                HasSubstr("statement 1 at line 10 failed: column"));
}

TEST_F(PostgresDatabaseTest, HintsOfTheServerAreShown) {
    auto db = open();
    std::string message = failure_of(*db, step(*db, "", "r1", "SELECT lower(1, 2);"));
    EXPECT_THAT(message, AllOf(HasSubstr("function lower(integer, integer) does not exist"),
                               HasSubstr("(SQLSTATE 42883)"), HasSubstr("; HINT: No function")));
}

TEST_F(PostgresDatabaseTest, TransactionOffRunsStatementByStatementAndRecordsAfterTheLast) {
    auto db = open();
    db->run_step(step(*db, "", "r1", "CREATE TABLE a (id int);"));
    db->run_step(step(*db, "r1", "r2", "CREATE INDEX CONCURRENTLY a_id ON a (id);\nVACUUM a;",
                      /*transactional=*/false));
    EXPECT_THAT(db->current_heads(), ElementsAre("r2"));
    EXPECT_EQ(database().column("SELECT indexname FROM pg_indexes WHERE tablename = 'a'"),
              std::vector<std::string>{"a_id"});
}

TEST_F(PostgresDatabaseTest, TransactionOffFailureNamesTheStatementAndWhatAlreadyRan) {
    auto db = open();
    db->run_step(step(*db, "", "r1", "CREATE TABLE a (id int);"));
    std::string message = failure_of(*db, step(*db, "r1", "r2",
                                               "CREATE INDEX CONCURRENTLY a_id ON a (id);\n"
                                               "CREATE TABLE b (id int);\n"
                                               "CREATE INDEX CONCURRENTLY b_x ON b (x);\n"
                                               "CREATE TABLE c (id int);\n",
                                               /*transactional=*/false));
    EXPECT_EQ(message,
              "revision r2 (migrations/versions/r2_x.sql): statement 3 at line 12 failed: column "
              "\"x\" does not exist (SQLSTATE 42703); the revision ran without a transaction (-- "
              "mig:transaction off): statements 1 to 2 took effect, and mig did not record the "
              "revision");
    EXPECT_THAT(last_hint, HasSubstr("finish or undo statements 1 to 2 by hand"));
    EXPECT_THAT(db->current_heads(), ElementsAre("r1"));
    EXPECT_EQ(database().column("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                "AND tablename IN ('a', 'b', 'c') ORDER BY 1"),
              (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(database().history_summary(), std::vector<std::string>{"upgrade r1"});
}

TEST_F(PostgresDatabaseTest, ARefusedStatementStopsTheStepBeforeAnythingRuns) {
    auto db = open();
    db->run_step(step(*db, "", "r1", "CREATE TABLE a (id int);"));
    const std::string before = database().dump();
    // In a transactional step: PostgreSQL would refuse it inside mig's transaction.
    std::string message = failure_of(
        *db,
        step(*db, "r1", "r2", "CREATE TABLE b (id int);\nCREATE INDEX CONCURRENTLY i ON a (id);"));
    EXPECT_THAT(message, HasSubstr("statement 2 at line 11"));
    EXPECT_THAT(last_hint, HasSubstr("-- mig:transaction off"));
    // COPY FROM stdin in a transaction-off step: nothing of it ran, not even statement 1.
    message = failure_of(*db, step(*db, "r1", "r2", "CREATE TABLE b (id int);\nCOPY a FROM stdin;",
                                   /*transactional=*/false));
    EXPECT_THAT(message, AllOf(HasSubstr("statement 2 at line 11"),
                               HasSubstr("no statement of it took effect")));
    EXPECT_EQ(database().dump(), before);
}

TEST_F(PostgresDatabaseTest, StepsTogetherAreAllOrNothing) {
    auto db = open();
    std::vector<StepWork> steps = {step(*db, "", "r1", "CREATE TABLE a (id int);"),
                                   step(*db, "r1", "r2", "CREATE TABLE b (id int);"),
                                   step(*db, "r2", "r3", "SELECT nope;")};
    std::vector<std::size_t> done;
    try {
        db->run_steps_together(steps, [&](std::size_t i) { done.push_back(i); });
        FAIL() << "expected StepFailed";
    } catch (const StepFailed& error) {
        EXPECT_THAT(error.what(),
                    AllOf(HasSubstr("revision r3"), HasSubstr("statement 1 at line 10"),
                          HasSubstr("nothing of this run was applied")));
    }
    EXPECT_THAT(done, ElementsAre(0U, 1U));
    EXPECT_EQ(database().dump(), "");
    steps.pop_back();
    db->run_steps_together(steps, [](std::size_t) {});
    EXPECT_THAT(db->current_heads(), ElementsAre("r2"));
}

TEST_F(PostgresDatabaseTest, StampMovesHeadsAndAHeadAlreadyThereIsNoError) {
    auto db = open();
    dialect::HistoryRecord record;
    record.revision = "r5";
    record.direction = "stamp";
    db->stamp({}, {"r5"}, {record});
    db->stamp({}, {"r5"}, {record});
    EXPECT_THAT(db->current_heads(), ElementsAre("r5"));
    db->stamp({"r5"}, {"r6", "r7"}, {});
    EXPECT_THAT(db->current_heads(), ElementsAre("r6", "r7"));
    EXPECT_EQ(database().history_summary(), (std::vector<std::string>{"stamp r5", "stamp r5"}));
}

TEST_F(PostgresDatabaseTest, AReadOnlySessionCannotWrite) {
    auto db = open({}, OpenMode::read_only);
    EXPECT_THAT(db->current_heads(), IsEmpty());
    EXPECT_THAT(failure_of(*db, step(*db, "", "r1", "CREATE TABLE a (id int);")),
                HasSubstr("read-only transaction"));
    EXPECT_EQ(database().dump(), "");
}

TEST_F(PostgresDatabaseTest, TheLockIsHeldOnItsOwnConnectionAndNamesItsHolder) {
    SessionSettings settings;
    auto held = std::make_unique<PostgresAdvisoryLock>(
        parse_database_url(database().url() + "?application_name=holder", "/"), settings, "", 5s);
    try {
        PostgresAdvisoryLock second(url(), settings, "", 200ms);
        FAIL() << "expected FailedError";
    } catch (const FailedError& error) {
        EXPECT_THAT(error.what(),
                    AllOf(HasSubstr("another mig process is migrating the database (host "),
                          HasSubstr("database " + database().name()),
                          ::testing::MatchesRegex(".*backend pid [0-9]+ \\(application_name "
                                                  "'holder', client 127.0.0.1, connected since "
                                                  "[0-9 :-]+ UTC\\) holds mig's advisory lock; "
                                                  "waited 0.2 s")));
        EXPECT_THAT(error.hint(), HasSubstr("lock_timeout"));
    }
    // Another schema's lock is another lock.
    PostgresAdvisoryLock other_schema(url(), settings, "meta", 0ms);
    held.reset();
    PostgresAdvisoryLock after_release(url(), settings, "", 0ms);
}

TEST_F(PostgresDatabaseTest, TheLockKeyIsStable) {
    // Two versions of mig must compute the same key, so it is pinned (FNV-1a 64 of "mig
    // migration lock public", computed independently).
    EXPECT_EQ(PostgresAdvisoryLock::key(""), PostgresAdvisoryLock::key("public"));
    EXPECT_NE(PostgresAdvisoryLock::key("public"), PostgresAdvisoryLock::key("meta"));
    EXPECT_EQ(PostgresAdvisoryLock::key("public"), -4380090573070565416LL);
}

}  // namespace
}  // namespace mig::db
