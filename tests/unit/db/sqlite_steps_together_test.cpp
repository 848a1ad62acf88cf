#include "db/sqlite_database.hpp"
#include "unit/db/sqlite_database_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace mig::db {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// `--one-transaction` at the database layer: several steps, one transaction.
class SqliteStepsTogether : public SqliteDatabaseTest {
protected:
    std::vector<StepWork> chain(const std::vector<std::pair<std::string, std::string>>& steps) {
        std::vector<StepWork> work;
        std::vector<std::string> removed;
        for (const auto& [revision, sql] : steps) {
            work.push_back(step(revision, sql, removed));
            removed = {revision};
        }
        return work;
    }

    StepFailed together_failure(SqliteDatabase& db, const std::vector<StepWork>& work) {
        try {
            db.run_steps_together(work, [](std::size_t) {});
        } catch (const StepFailed& error) {
            return error;
        }
        ADD_FAILURE() << "expected StepFailed";
        return StepFailed("", "", 0, 0);
    }
};

TEST_F(SqliteStepsTogether, RunsEveryStepWithItsHistoryAndReportsEachOne) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    std::vector<std::size_t> done;
    db.run_steps_together(chain({{"aaa", "CREATE TABLE a (x);"},
                                 {"bbb", "BEGIN;\nCREATE TABLE b (x);\nCOMMIT;"},
                                 {"ccc", "CREATE TABLE c (x);"}}),
                          [&](std::size_t i) { done.push_back(i); });
    EXPECT_THAT(done, ElementsAre(0U, 1U, 2U));
    EXPECT_THAT(db.current_heads(), ElementsAre("ccc"));
    EXPECT_EQ(count("SELECT count(*) FROM mig_history WHERE direction = 'upgrade'"), 3);
    EXPECT_EQ(count("SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b', 'c')"), 3);
}

TEST_F(SqliteStepsTogether, AFailureInTheLastStepLeavesNothingOfTheRun) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    db.run_step(step("base", "CREATE TABLE kept (x);"));
    const std::string before = dump();
    std::vector<StepWork> work =
        chain({{"aaa", "CREATE TABLE a (x);"},
               {"bbb", "CREATE TABLE b (x);"},
               {"ccc", "CREATE TABLE c (x);\nINSERT INTO nope VALUES (1);"}});
    work.front().heads_removed = {"base"};
    StepFailed error = together_failure(db, work);
    EXPECT_THAT(error.what(),
                AllOf(HasSubstr("revision ccc (versions/ccc_step.sql): statement 2 at line 2 "
                                "failed: no such table: nope"),
                      HasSubstr("nothing of this run was applied")));
    EXPECT_EQ(error.statement_number(), 2);
    EXPECT_EQ(dump(), before);
    EXPECT_THAT(db.current_heads(), ElementsAre("base"));
    EXPECT_EQ(count("SELECT count(*) FROM mig_history"), 1);
}

TEST_F(SqliteStepsTogether, AFirstRunThatFailsLeavesNoBookkeepingTables) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    together_failure(db, chain({{"aaa", "CREATE TABLE a (x);"}, {"bbb", "ROLLBACK;"}}));
    EXPECT_EQ(dump(), "");
    EXPECT_NO_THROW(
        db.run_steps_together(chain({{"aaa", "CREATE TABLE a (x);"}}), [](std::size_t) {}));
    EXPECT_THAT(db.current_heads(), ElementsAre("aaa"));
}

TEST_F(SqliteStepsTogether, TheForeignKeyCheckAtTheEndNamesTheRevisionThatTouchedTheTable) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    StepFailed error = together_failure(
        db, chain({{"aaa",
                    "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                    "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER "
                    "REFERENCES parent (id));"},
                   {"bbb", "INSERT INTO child VALUES (7, 1);"},
                   {"ccc", "CREATE TABLE other (x);"}}));
    EXPECT_THAT(error.what(),
                AllOf(HasSubstr("revision bbb (versions/bbb_step.sql): foreign key check at the "
                                "end of the run failed"),
                      HasSubstr("table \"child\""), HasSubstr("nothing of this run was applied")));
    EXPECT_EQ(dump(), "");
}

// Checked once at the end: a violation a later revision of the same run repairs is fine.
TEST_F(SqliteStepsTogether, AViolationRepairedLaterInTheRunPasses) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    db.run_steps_together(chain({{"aaa",
                                  "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                                  "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER "
                                  "REFERENCES parent (id));\nINSERT INTO child VALUES (1, 5);"},
                                 {"bbb", "INSERT INTO parent VALUES (5);"}}),
                          [](std::size_t) {});
    EXPECT_THAT(db.current_heads(), ElementsAre("bbb"));
}

TEST_F(SqliteStepsTogether, ConnectionSettingsAreRestoredBetweenStepsAndAfter) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    std::vector<long long> legacy;
    db.run_steps_together(
        chain({{"aaa", "PRAGMA legacy_alter_table = ON;"}, {"bbb", "CREATE TABLE b (x);"}}),
        [&](std::size_t) {
            legacy.push_back(db.connection().execAndGet("PRAGMA legacy_alter_table").getInt());
        });
    EXPECT_THAT(legacy, ElementsAre(0, 0));
    EXPECT_EQ(db.connection().execAndGet("PRAGMA foreign_keys").getInt(), 0);
}

TEST_F(SqliteStepsTogether, ANonTransactionalStepIsAProgrammingError) {
    SqliteDatabase db(m_file, OpenMode::read_write);
    std::vector<StepWork> work = chain({{"aaa", "VACUUM;"}});
    work.front().transactional = false;
    EXPECT_THROW(db.run_steps_together(work, [](std::size_t) {}), std::logic_error);
    EXPECT_THAT(db.current_heads(), Not(ElementsAre("aaa")));
}

TEST_F(SqliteDatabaseTest, ANewFileIsDiscardedOnRequestAnExistingOneNever) {
    {
        SqliteDatabase created(m_file, OpenMode::read_write);
        EXPECT_TRUE(created.created_by_this_open());
        ASSERT_NE(created.backups(), nullptr);
        EXPECT_TRUE(created.backups()->nothing_to_back_up());
        created.discard_created();
    }
    EXPECT_FALSE(std::filesystem::exists(m_file));
    {
        SqliteDatabase created(m_file, OpenMode::read_write);
        created.run_step(step("aaa", "CREATE TABLE a (x);"));
    }
    SqliteDatabase existing(m_file, OpenMode::read_write);
    EXPECT_FALSE(existing.created_by_this_open());
    EXPECT_FALSE(existing.backups()->nothing_to_back_up());
    existing.discard_created();
    EXPECT_TRUE(std::filesystem::exists(m_file));
}

}  // namespace
}  // namespace mig::db
