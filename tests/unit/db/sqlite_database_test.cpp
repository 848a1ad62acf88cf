#include "db/sqlite_database.hpp"

#include "dialect/sqlite_dialect.hpp"
#include "support/temp_dir.hpp"
#include "unit/db/sqlite_database_fixture.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::db {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST_F(SqliteDatabaseTest, RunStepAppliesSchemaAndRecordsVersionAndHistory) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    db.run_step(step("aaa",
                     "CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO user "
                     "VALUES (1, 'x');"));

    EXPECT_EQ(count("SELECT count(*) FROM user"), 1);
    EXPECT_THAT(db.current_heads(), ElementsAre("aaa"));
    auto history = db.history();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].record.revision, "aaa");
    EXPECT_EQ(history[0].record.direction, "upgrade");
    EXPECT_EQ(history[0].record.applied_at, "2026-11-21T10:00:00Z");
    EXPECT_EQ(history[0].record.sha256, "cafe");
    EXPECT_EQ(history[0].record.message, "step aaa");
    EXPECT_FALSE(history[0].record.git_commit.has_value());
    EXPECT_THAT(history[0].record.parents, IsEmpty());
    // mig's whole footprint: two tables, no sqlite_sequence.
    EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE name LIKE 'mig_%' OR name = "
                    "'sqlite_sequence'"),
              2);
}

TEST_F(SqliteDatabaseTest, SecondStepReplacesTheHeadAndKeepsParents) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    db.run_step(step("aaa", "CREATE TABLE a (x);"));
    db.run_step(step("bbb", "CREATE TABLE b (x);", {"aaa"}));
    EXPECT_THAT(db.current_heads(), ElementsAre("bbb"));
    auto history = db.history();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_THAT(history[1].record.parents, ElementsAre("aaa"));
    EXPECT_LT(history[0].id, history[1].id);
}

TEST_F(SqliteDatabaseTest, FailureMidStepLeavesSchemaAndVersionExactlyAsBefore) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    db.run_step(step("aaa", "CREATE TABLE a (x);"));
    const std::string before = dump();

    StepFailed error = failure_of(db, step("bbb",
                                           "CREATE TABLE b (y);\nALTER TABLE a ADD COLUMN z;\n\n"
                                           "INSERT INTO nosuch VALUES (1);",
                                           {"aaa"}));
    EXPECT_STREQ(error.what(),
                 "revision bbb (versions/bbb_step.sql): statement 3 at line 4 failed: no such "
                 "table: nosuch; "
                 "nothing of this revision was applied");
    EXPECT_EQ(error.statement_number(), 3);
    EXPECT_EQ(error.line(), 4);
    EXPECT_EQ(dump(), before);
    EXPECT_EQ(db.history().size(), 1u);
}

TEST_F(SqliteDatabaseTest, FailedFirstStepLeavesNoBookkeepingTablesAndALaterStepCreatesThem) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    failure_of(db, step("aaa", "CREATE TABLE a (x);\nSELECT * FROM nosuch;"));
    EXPECT_EQ(dump(), "");
    db.run_step(step("aaa", "CREATE TABLE a (x);"));
    EXPECT_THAT(db.current_heads(), ElementsAre("aaa"));
}

TEST_F(SqliteDatabaseTest, ForeignKeyViolationIntroducedByStepRollsBackNamingTheTable) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    db.run_step(step(
        "aaa",
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));"));
    const std::string before = dump();

    StepFailed error = failure_of(
        db, step("bbb", "INSERT INTO child VALUES (7, 1), (8, 2);\nCREATE TABLE c (x);", {"aaa"}));
    EXPECT_THAT(error.what(),
                AllOf(HasSubstr("revision bbb (versions/bbb_step.sql): foreign key check failed"),
                      HasSubstr("table \"child\""), HasSubstr("\"parent\""),
                      HasSubstr("rowids 7, 8"), HasSubstr("nothing of this revision was applied")));
    EXPECT_EQ(dump(), before);
    EXPECT_EQ(count("SELECT count(*) FROM child"), 0);
}

TEST_F(SqliteDatabaseTest, PreexistingViolationsDoNotBlockButNewOnesInTheSameTableDo) {
    {
        SQLite::Database raw(m_file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));"
            "INSERT INTO child VALUES (1, 99);");
    }
    SqliteDatabase db(m_file, OpenMode::read_write);
    EXPECT_NO_THROW(db.run_step(step("aaa", "CREATE TABLE unrelated (x);")));
    StepFailed error = failure_of(db, step("bbb", "INSERT INTO child VALUES (2, 98);", {"aaa"}));
    EXPECT_THAT(error.what(),
                HasSubstr("table \"child\": 2 rows reference missing rows of \"parent\""));
}

TEST_F(SqliteDatabaseTest, PreexistingForeignKeyMismatchDoesNotBlockUnrelatedSteps) {
    {
        SQLite::Database raw(m_file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        // The parent column is not unique: foreign_key_check itself fails for "child".
        raw.exec(
            "CREATE TABLE parent (code TEXT);"
            "CREATE TABLE child (code TEXT REFERENCES parent (code));");
    }
    SqliteDatabase db(m_file, OpenMode::read_write);
    EXPECT_NO_THROW(db.run_step(step("aaa", "CREATE TABLE unrelated (x);")));
}

TEST_F(SqliteDatabaseTest, StepIntroducingForeignKeyMismatchFails) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    StepFailed error =
        failure_of(db, step("aaa",
                            "CREATE TABLE parent (code TEXT);\n"
                            "CREATE TABLE child (code TEXT REFERENCES parent (code));"));
    EXPECT_THAT(error.what(), AllOf(HasSubstr("foreign key mismatch"), HasSubstr("\"child\"")));
    EXPECT_EQ(dump(), "");
}

TEST_F(SqliteDatabaseTest, ScriptTransactionControlIsSkippedInTransactionalSteps) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    // Had the script's COMMIT run, table a would survive the later failure.
    failure_of(
        db, step("aaa", "BEGIN TRANSACTION;\nCREATE TABLE a (x);\nCOMMIT;\nSELECT * FROM nosuch;"));
    EXPECT_EQ(dump(), "");

    db.run_step(
        step("aaa", "BEGIN;\nPRAGMA foreign_keys = ON;\nCREATE TABLE a (x);\nEND TRANSACTION;"));
    EXPECT_THAT(db.current_heads(), ElementsAre("aaa"));
    EXPECT_EQ(db.connection().execAndGet("PRAGMA foreign_keys").getInt(), 0);
}

TEST_F(SqliteDatabaseTest, RollbackInTransactionalStepIsRejected) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    StepFailed error = failure_of(db, step("aaa", "CREATE TABLE a (x);\nROLLBACK;"));
    EXPECT_THAT(error.what(),
                AllOf(HasSubstr("statement 2 at line 2"), HasSubstr("ROLLBACK is not allowed"),
                      HasSubstr("nothing of this revision was applied")));
    EXPECT_THAT(error.hint(), HasSubstr("-- mig:transaction off"));
    EXPECT_EQ(dump(), "");
}

TEST_F(SqliteDatabaseTest, ConnectionSettingsAreRestoredAfterSuccessAndFailure) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    db.connection().exec("PRAGMA foreign_keys = ON; PRAGMA legacy_alter_table = ON;");
    db.run_step(step("aaa", "PRAGMA legacy_alter_table = OFF;\nCREATE TABLE a (x);"));
    EXPECT_EQ(db.connection().execAndGet("PRAGMA foreign_keys").getInt(), 1);
    EXPECT_EQ(db.connection().execAndGet("PRAGMA legacy_alter_table").getInt(), 1);

    failure_of(db, step("bbb", "PRAGMA legacy_alter_table = OFF;\nSELECT * FROM nosuch;", {"aaa"}));
    EXPECT_EQ(db.connection().execAndGet("PRAGMA foreign_keys").getInt(), 1);
    EXPECT_EQ(db.connection().execAndGet("PRAGMA legacy_alter_table").getInt(), 1);
}

TEST_F(SqliteDatabaseTest, ForeignKeysAreOffDuringTheStepSoTablesCanBeRebuilt) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    db.run_step(step(
        "aaa",
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);\n"
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));\n"
        "INSERT INTO parent VALUES (1, 'p');\nINSERT INTO child VALUES (1, 1);"));
    db.connection().exec("PRAGMA foreign_keys = ON");
    // The usual SQLite table rebuild: with enforcement on, DROP TABLE parent would fail.
    db.run_step(step("bbb",
                     "CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                     "INSERT INTO parent_new SELECT id, name FROM parent;\n"
                     "DROP TABLE parent;\nALTER TABLE parent_new RENAME TO parent;",
                     {"aaa"}));
    EXPECT_THAT(db.current_heads(), ElementsAre("bbb"));
    EXPECT_EQ(count("SELECT count(*) FROM child JOIN parent ON parent.id = child.parent_id"), 1);
}

TEST_F(SqliteDatabaseTest, VacuumInTransactionSuggestsTransactionOff) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    StepFailed error = failure_of(db, step("aaa", "CREATE TABLE a (x);\nVACUUM;"));
    EXPECT_THAT(error.what(), HasSubstr("within a transaction"));
    EXPECT_THAT(error.hint(), HasSubstr("-- mig:transaction off"));
}

TEST_F(SqliteDatabaseTest, NonTransactionalStepRunsVacuumAndRecordsTheVersion) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    StepWork work = step("aaa", "CREATE TABLE a (x);\nVACUUM;");
    work.transactional = false;
    db.run_step(work);
    EXPECT_THAT(db.current_heads(), ElementsAre("aaa"));
    EXPECT_EQ(db.history().size(), 1u);
}

TEST_F(SqliteDatabaseTest, NonTransactionalStepHonoursTheScriptsOwnTransaction) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    StepWork work = step("aaa", "BEGIN;\nCREATE TABLE a (x);\nINSERT INTO a VALUES (1);\nCOMMIT;");
    work.transactional = false;
    db.run_step(work);
    EXPECT_EQ(count("SELECT count(*) FROM a"), 1);
    EXPECT_THAT(db.current_heads(), ElementsAre("aaa"));
}

TEST_F(SqliteDatabaseTest, NonTransactionalFailureSaysItMayBePartlyApplied) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    StepWork work = step(
        "aaa", "CREATE TABLE a (x);\nBEGIN;\nCREATE TABLE b (x);\nINSERT INTO nosuch VALUES (1);");
    work.transactional = false;
    StepFailed error = failure_of(db, work);
    EXPECT_THAT(error.what(),
                AllOf(HasSubstr("statement 4 at line 4 failed: no such table: nosuch"),
                      HasSubstr("without a transaction"), HasSubstr("partly applied")));
    EXPECT_THAT(error.what(), Not(HasSubstr("nothing of this revision was applied")));
    // Statement 1 took effect; the script's unfinished transaction was rolled back.
    EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE name = 'a'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE name = 'b'"), 0);
    EXPECT_THAT(db.current_heads(), IsEmpty());
}

TEST_F(SqliteDatabaseTest, NonTransactionalScriptLeavingATransactionOpenFails) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    StepWork work = step("aaa", "BEGIN;\nCREATE TABLE a (x);");
    work.transactional = false;
    StepFailed error = failure_of(db, work);
    EXPECT_THAT(error.what(), HasSubstr("left a transaction open"));
    EXPECT_EQ(dump(), "");
}

TEST_F(SqliteDatabaseTest, RevisionAlreadyPresentWasAppliedByAnotherProcess) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    db.stamp({}, {"bbb"}, {});
    StepFailed error = failure_of(db, step("bbb", "CREATE TABLE b (x);"));
    EXPECT_THAT(error.what(), HasSubstr("revision bbb was applied by another process"));
    EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE name = 'b'"), 0);
}

TEST_F(SqliteDatabaseTest, StampSetsVersionsAndRecordsHistoryInOneTransaction) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    dialect::HistoryRecord first{
        "aaa", {}, "stamp", "2026-11-21T10:00:00Z", std::nullopt, "", std::nullopt, false, ""};
    dialect::HistoryRecord second = first;
    second.revision = "bbb";
    db.stamp({}, {"bbb", "aaa"}, {first, second});
    EXPECT_THAT(db.current_heads(), ElementsAre("aaa", "bbb"));

    dialect::HistoryRecord base = first;
    base.revision = "";
    db.stamp({"aaa", "bbb"}, {}, {base});
    EXPECT_THAT(db.current_heads(), IsEmpty());
    auto history = db.history();
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[2].record.revision, "");
    EXPECT_EQ(history[2].record.direction, "stamp");
}

TEST_F(SqliteDatabaseTest, ReadOnlyNeverCreatesTheFile) {
    SqliteDatabase db(m_file, OpenMode::read_only);
    EXPECT_FALSE(db.exists());
    EXPECT_THAT(db.current_heads(), IsEmpty());
    EXPECT_THAT(db.history(), IsEmpty());
    EXPECT_THROW(db.connection(), FailedError);
    EXPECT_FALSE(fs::exists(m_file));
}

TEST_F(SqliteDatabaseTest, ReadOnlyOnADatabaseWithoutVersionTablesIsBase) {
    {
        SQLite::Database(m_file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
            .exec("CREATE TABLE t (x)");
    }
    SqliteDatabase db(m_file, OpenMode::read_only);
    EXPECT_TRUE(db.exists());
    EXPECT_THAT(db.current_heads(), IsEmpty());
    EXPECT_THAT(db.history(), IsEmpty());
}

TEST_F(SqliteDatabaseTest, ReadWriteCreatesTheFileAndItsFolder) {
    SqliteDatabase db(m_dir / "data/app.db", OpenMode::read_write);
    db.run_step(step("aaa", "CREATE TABLE a (x);"));
    EXPECT_TRUE(fs::exists(m_dir / "data/app.db"));
}

TEST_F(SqliteDatabaseTest, NotADatabaseIsAFailureNamingTheFile) {
    m_dir.write("app.db",
                "this is not a SQLite database, just some text long enough to be a header....\n");
    // Found when opening (mig probes the schema once), for reading and for writing alike.
    try {
        SqliteDatabase db(m_file, OpenMode::read_only);
        FAIL() << "expected FailedError";
    } catch (const FailedError& error) {
        EXPECT_THAT(error.what(),
                    AllOf(HasSubstr(m_file.string()), HasSubstr("is not a SQLite database")));
        EXPECT_THAT(error.hint(), HasSubstr("point [database] url"));
    }
    SqliteDatabase writer(m_file, OpenMode::read_write);
    try {
        writer.current_heads();
        FAIL() << "expected FailedError";
    } catch (const FailedError& error) {
        EXPECT_THAT(error.what(),
                    AllOf(HasSubstr(m_file.string()), HasSubstr("is not a SQLite database")));
    }
}

TEST(SqliteDatabaseStateDir, IsBesideTheDatabase) {
    EXPECT_EQ(SqliteDatabase::state_dir("/srv/app/app.db"), fs::path("/srv/app/.mig"));
}

}  // namespace
}  // namespace mig::db
