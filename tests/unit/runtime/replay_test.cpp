#include "runtime/replay.hpp"

#include "graph/errors.hpp"
#include "support/temp_dir.hpp"
#include "unit/runtime/recording_replay_observer.hpp"

#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace mig::runtime {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Source = ReplayedSchema::Source;

// Every schema object as "type name: sql", sorted: equal schemas give equal lists.
std::vector<std::string> schema_of(SQLite::Database& database) {
    SQLite::Statement query(database,
                            "SELECT type || ' ' || name || ': ' || ifnull(sql, '') "
                            "FROM sqlite_schema ORDER BY type, name");
    std::vector<std::string> objects;
    while (query.executeStep()) {
        objects.push_back(query.getColumn(0).getString());
    }
    return objects;
}

// A project folder with migrations/versions/ written by hand. The upgrade section starts on
// line 5 of a base revision's file and on line 6 of one with parents.
class ReplayTest : public ::testing::Test {
protected:
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

    ReplayOptions options(bool cached = false) const {
        ReplayOptions result;
        result.display_base = m_dir.path();
        if (cached) {
            result.cache_dir = m_dir / ".mig/cache";
        }
        return result;
    }

    ReplayedSchema replay(std::string_view target = "head", bool cached = false) const {
        return replay_head_schema(*scripts(), target, options(cached));
    }

    // What an observer hears of a replay of head (cached or not); `failed` says whether the
    // replay threw a ReplayError.
    std::vector<std::string> observed(bool cached, bool* failed = nullptr) const {
        RecordingReplayObserver observer;
        ReplayOptions with_observer = options(cached);
        with_observer.observer = &observer;
        try {
            replay_head_schema(*scripts(), "head", with_observer);
        } catch (const ReplayError&) {
            if (failed != nullptr) {
                *failed = true;
            }
        }
        return observer.events;
    }

    // The ReplayError replaying head throws.
    ReplayError replay_error() const {
        try {
            replay();
        } catch (const ReplayError& error) {
            return error;
        }
        throw std::runtime_error("replay did not fail");
    }

    std::vector<fs::path> cache_files() const {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(m_dir / ".mig/cache")) {
            if (entry.path().filename().string().starts_with("schema-")) {
                files.push_back(entry.path());
            }
        }
        return files;
    }

    void write_chain() const {
        write("r1", "", "CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, name TEXT);");
        write("r2", "r1", "ALTER TABLE \"user\" ADD COLUMN age INTEGER;");
        write("r3", "r2", "CREATE INDEX user_name ON \"user\" (name);");
    }

    test::TempDir m_dir;
};

TEST_F(ReplayTest, AppliesEveryRevisionFromBaseToHead) {
    write_chain();
    ReplayedSchema schema = replay();
    EXPECT_EQ(schema.source, Source::replayed);
    EXPECT_EQ(schema.revisions, 3u);
    EXPECT_THAT(schema_of(*schema.database),
                ElementsAre("index user_name: CREATE INDEX user_name ON \"user\" (name)",
                            "table user: CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, name "
                            "TEXT, age INTEGER)"));
}

TEST_F(ReplayTest, NoRevisionsGiveAnEmptySchema) {
    m_dir.write("migrations/versions/README", "no revisions yet");
    ReplayedSchema schema = replay("head", true);
    EXPECT_EQ(schema.revisions, 0u);
    EXPECT_THAT(schema_of(*schema.database), IsEmpty());
    EXPECT_FALSE(fs::exists(m_dir / ".mig"));  // nothing worth caching
}

TEST_F(ReplayTest, TargetAppliesItsAncestorsOnly) {
    write_chain();
    ReplayedSchema schema = replay("r2");
    EXPECT_EQ(schema.revisions, 2u);
    EXPECT_THAT(schema_of(*schema.database),
                ElementsAre("table user: CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, name "
                            "TEXT, age INTEGER)"));
}

TEST_F(ReplayTest, SeveralHeadsAreAnErrorForHeadLikeUpgrade) {
    write("r1", "", "CREATE TABLE a (id);");
    write("r2", "r1", "CREATE TABLE b (id);");
    write("r3", "r1", "CREATE TABLE c (id);");
    try {
        replay();
        FAIL() << "no error";
    } catch (const graph::MultipleHeadsError& error) {
        EXPECT_THAT(error.heads(), ElementsAre("r2", "r3"));
    }
    EXPECT_EQ(schema_of(*replay("heads").database).size(), 3u);

    write("r4", "r2 r3", "CREATE TABLE d (id);");
    EXPECT_EQ(schema_of(*replay().database).size(), 4u);
}

TEST_F(ReplayTest, ScriptTransactionControlIsSkippedAndForeignKeysStayOff) {
    write("r1", "",
          "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
          "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id REFERENCES parent (id));\n"
          "INSERT INTO parent VALUES (1);\n"
          "INSERT INTO child VALUES (1, 1);");
    // SQLite's rebuild procedure: with enforcement on, dropping parent would fail.
    write("r2", "r1",
          "PRAGMA foreign_keys = ON;\n"
          "BEGIN;\n"
          "CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT);\n"
          "INSERT INTO parent_new (id) SELECT id FROM parent;\n"
          "DROP TABLE parent;\n"
          "ALTER TABLE parent_new RENAME TO parent;\n"
          "COMMIT;");
    ReplayedSchema schema = replay();
    EXPECT_EQ(schema.database->execAndGet("PRAGMA foreign_keys").getInt(), 0);
    EXPECT_THAT(schema_of(*schema.database),
                ElementsAre("table child: CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id "
                            "REFERENCES parent (id))",
                            "table parent: CREATE TABLE \"parent\" (id INTEGER PRIMARY KEY, name "
                            "TEXT)"));
}

TEST_F(ReplayTest, RevisionWithoutTransactionRunsOutsideTheReplayTransaction) {
    write("r1", "", "CREATE TABLE a (id);");
    write("r2", "r1", "VACUUM;", "-- mig:transaction off\n");  // refused inside a transaction
    write("r3", "r2", "CREATE TABLE b (id);");
    EXPECT_EQ(schema_of(*replay().database).size(), 2u);
}

TEST_F(ReplayTest, ScriptPragmaLastsOneRevisionOnly) {
    write("r1", "", "PRAGMA legacy_alter_table = ON;\nCREATE TABLE a (id);");
    write("r2", "r1", "CREATE TABLE b (id);");
    EXPECT_EQ(replay().database->execAndGet("PRAGMA legacy_alter_table").getInt(), 0);
}

TEST_F(ReplayTest, BrokenMigrationNamesRevisionFileStatementLineAndSqliteMessage) {
    write("r1", "", "CREATE TABLE a (id);");
    write("r2", "r1", "CREATE TABLE b (id);\n\nALTER TABLE missing ADD COLUMN x;");
    ReplayError error = replay_error();
    EXPECT_STREQ(error.what(),
                 "cannot replay the migrations: revision r2 (migrations/versions/r2_step.sql): "
                 "statement 2 at line 8 failed: no such table: missing");
    EXPECT_EQ(error.hint(),
              "fix statement 2 in migrations/versions/r2_step.sql: to know the migrations' head "
              "schema, mig replays every revision from base on an empty database");
    EXPECT_EQ(error.revision(), "r2");
    EXPECT_EQ(error.file(), "migrations/versions/r2_step.sql");
    EXPECT_EQ(error.statement_number(), 2);
    EXPECT_EQ(error.line(), 8);
    EXPECT_EQ(error.code(), ExitCode::bad_input);
}

TEST_F(ReplayTest, RollbackInATransactionalRevisionIsAnError) {
    write("r1", "", "CREATE TABLE a (id);\nROLLBACK;");
    EXPECT_THAT(replay_error().what(),
                HasSubstr("revision r1 (migrations/versions/r1_step.sql): statement 2 at line 6: "
                          "ROLLBACK is not allowed"));
}

TEST_F(ReplayTest, TransactionLeftOpenWithoutTransactionIsAnError) {
    write("r1", "", "BEGIN;\nCREATE TABLE a (id);", "-- mig:transaction off\n");
    EXPECT_THAT(replay_error().what(),
                HasSubstr("revision r1 (migrations/versions/r1_step.sql): the script left a "
                          "transaction open"));
}

TEST_F(ReplayTest, CacheHitGivesTheSameSchema) {
    write_chain();
    ReplayedSchema cold = replay("head", true);
    EXPECT_EQ(cold.source, Source::replayed);
    EXPECT_EQ(cache_files().size(), 1u);
    EXPECT_TRUE(fs::exists(m_dir / ".mig/.gitignore"));

    ReplayedSchema warm = replay("head", true);
    EXPECT_EQ(warm.source, Source::cache);
    EXPECT_EQ(warm.revisions, 3u);
    EXPECT_EQ(schema_of(*warm.database), schema_of(*cold.database));
}

TEST_F(ReplayTest, CacheKeepsSchemasThatReplayOutOfOrder) {
    // A table rebuilt after views, indexes and triggers were made on it sorts after them in
    // sqlite_schema; AUTOINCREMENT brings sqlite_sequence, and a virtual table shadow tables.
    write("r1", "",
          "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT);\n"
          "CREATE VIEW v AS SELECT a FROM t;\n"
          "CREATE VIEW w AS SELECT * FROM v;\n"
          "CREATE TABLE log (a);\n"
          "CREATE VIRTUAL TABLE search USING fts5(body);");
    // legacy_alter_table lets the rename through while views name the dropped table.
    write("r2", "r1",
          "PRAGMA legacy_alter_table = ON;\n"
          "CREATE TABLE t_new (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT NOT NULL);\n"
          "DROP TABLE t;\n"
          "ALTER TABLE t_new RENAME TO t;\n"
          "CREATE INDEX t_a ON t (a);\n"
          "CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a); END;\n"
          "CREATE TRIGGER v_insert INSTEAD OF INSERT ON v BEGIN INSERT INTO t (a) VALUES "
          "(new.a); END;");
    ReplayedSchema cold = replay("head", true);
    ReplayedSchema warm = replay("head", true);
    ASSERT_EQ(warm.source, Source::cache);
    EXPECT_EQ(schema_of(*warm.database), schema_of(*cold.database));
}

TEST_F(ReplayTest, ChangedFileInvalidatesTheCache) {
    write_chain();
    replay("head", true);
    write("r2", "r1", "ALTER TABLE \"user\" ADD COLUMN birthday TEXT;");
    ReplayedSchema changed = replay("head", true);
    EXPECT_EQ(changed.source, Source::replayed);
    EXPECT_THAT(schema_of(*changed.database).back(), HasSubstr("birthday TEXT)"));
    EXPECT_EQ(replay("head", true).source, Source::cache);
}

TEST_F(ReplayTest, EachTargetHasItsOwnCacheEntry) {
    write_chain();
    replay("head", true);
    replay("r1", true);
    EXPECT_EQ(cache_files().size(), 2u);
    EXPECT_EQ(replay("head", true).source, Source::cache);
    EXPECT_EQ(replay("r1", true).source, Source::cache);
}

TEST_F(ReplayTest, ANewRevisionOnACachedHeadReplaysOnlyItself) {
    // r1's random row tells a restored image (same value) from a replay (a new value).
    write("r1", "", "CREATE TABLE t (v);\nINSERT INTO t VALUES (random());");
    write("r2", "r1", "ALTER TABLE t ADD COLUMN w;");
    ReplayedSchema cold = replay("head", true);
    const auto value = cold.database->execAndGet("SELECT v FROM t").getInt64();

    write("r3", "r2", "CREATE INDEX t_w ON t (w);");
    ReplayedSchema extended = replay("head", true);
    EXPECT_EQ(extended.source, Source::replayed);
    EXPECT_EQ(extended.revisions, 3u);
    EXPECT_EQ(extended.database->execAndGet("SELECT v FROM t").getInt64(), value);
    EXPECT_THAT(schema_of(*extended.database), ElementsAre("index t_w: CREATE INDEX t_w ON t (w)",
                                                           "table t: CREATE TABLE t (v, w)"));
    EXPECT_EQ(replay("head", true).source, Source::cache);
}

TEST_F(ReplayTest, TheObserverHearsEachRevisionAsItRunsThenTheEnd) {
    write_chain();
    EXPECT_THAT(observed(false), ElementsAre("started 3", "1 r1", "2 r2", "3 r3", "ended"));
    EXPECT_THAT(observed(true), ElementsAre("started 3", "1 r1", "2 r2", "3 r3", "ended"));
}

TEST_F(ReplayTest, TheObserverHearsNothingOfACacheHitAndOnlyTheRestAfterACachedPrefix) {
    write("r1", "", "CREATE TABLE t (v);");
    write("r2", "r1", "ALTER TABLE t ADD COLUMN w;");
    replay("head", true);
    EXPECT_THAT(observed(true), IsEmpty());

    write("r3", "r2", "CREATE INDEX t_w ON t (w);");
    // Numbered in the whole plan: the cached prefix counts, and is not reported.
    EXPECT_THAT(observed(true), ElementsAre("started 3", "3 r3", "ended"));
}

TEST_F(ReplayTest, AFailingReplayEndsForTheObserverToo) {
    write("r1", "", "CREATE TABLE a (id);");
    write("r2", "r1", "ALTER TABLE missing ADD COLUMN x;");
    write("r3", "r2", "CREATE TABLE c (id);");
    bool failed = false;
    EXPECT_THAT(observed(false, &failed), ElementsAre("started 3", "1 r1", "2 r2", "ended"));
    EXPECT_TRUE(failed);
}

TEST_F(ReplayTest, CorruptCacheIsIgnoredAndRewritten) {
    write_chain();
    const std::vector<std::string> expected = schema_of(*replay("head", true).database);
    const fs::path file = cache_files().front();
    const std::string good = m_dir.read(fs::relative(file, m_dir.path()).string());

    for (const std::string& damaged :
         {std::string("garbage"), good.substr(0, good.size() / 2),
          // well formed, but its SQL fails when rebuilt
          std::string(good).replace(good.find("CREATE TABLE"), 12, "CREATE TABLX")}) {
        m_dir.write(fs::relative(file, m_dir.path()).string(), damaged);
        ReplayedSchema schema = replay("head", true);
        EXPECT_EQ(schema.source, Source::replayed);
        EXPECT_EQ(schema_of(*schema.database), expected);
        EXPECT_EQ(replay("head", true).source, Source::cache);  // rewritten
    }
}

}  // namespace
}  // namespace mig::runtime
