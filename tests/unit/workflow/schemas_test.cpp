#include "workflow/schemas.hpp"

#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Exception.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::workflow {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using Source = runtime::ReplayedSchema::Source;

class SchemasTest : public ::testing::Test {
protected:
    Project project() const {
        config::Config config;
        config.root = m_dir.path();
        config.file = m_dir / "mig.toml";
        config.database_url = "sqlite:///app.db";
        config.migrations_dir = m_dir / "migrations";
        return Project(std::move(config));
    }

    test::TempDir m_dir;
};

TEST_F(SchemasTest, HeadSchemaIsCachedUnderTheProject) {
    m_dir.write("migrations/versions/r1_create.sql",
                "-- mig:revision r1\n-- mig:message create\n\n-- mig:upgrade\nCREATE TABLE t "
                "(a);\n\n-- mig:downgrade\nDROP TABLE t;\n");
    Project cold = project();
    EXPECT_EQ(head_schema(cold).source, Source::replayed);
    Project warm = project();
    runtime::ReplayedSchema schema = head_schema(warm);
    EXPECT_EQ(schema.source, Source::cache);
    EXPECT_TRUE(schema.database->tableExists("t"));
    EXPECT_TRUE(fs::is_directory(m_dir / ".mig/cache"));
}

TEST_F(SchemasTest, TheProjectsReplayObserverHearsItsReplays) {
    // Counts the revisions each replay reports.
    class Counter final : public runtime::ReplayObserver {
    public:
        void revision_started(std::size_t /*number*/,
                              const graph::Revision& /*revision*/) override {
            ++revisions;
        }
        int revisions = 0;
    };
    m_dir.write("migrations/versions/r1_create.sql",
                "-- mig:revision r1\n-- mig:message create\n\n-- mig:upgrade\nCREATE TABLE t "
                "(a);\n\n-- mig:downgrade\nDROP TABLE t;\n");
    Project cold = project();
    Counter counter;
    cold.set_replay_observer(&counter);
    head_schema(cold);
    EXPECT_EQ(counter.revisions, 1);
    fs::remove_all(m_dir / ".mig/cache");
    schema_at(cold, {0});
    EXPECT_EQ(counter.revisions, 2);
    head_schema(cold);  // cached: nothing replayed
    EXPECT_EQ(counter.revisions, 2);
}

TEST_F(SchemasTest, LiveSchemaOpensTheDatabaseReadOnly) {
    {
        SQLite::Database database((m_dir / "app.db").string(),
                                  SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        database.exec("CREATE TABLE t (a)");
    }
    auto live = live_schema(project());
    EXPECT_TRUE(live->tableExists("t"));
    EXPECT_THROW(live->exec("CREATE TABLE u (a)"), SQLite::Exception);
}

TEST_F(SchemasTest, LiveSchemaOfAMissingDatabaseIsAnErrorAndCreatesNothing) {
    try {
        live_schema(project());
        FAIL() << "no error";
    } catch (const InputError& error) {
        EXPECT_STREQ(error.what(), "the database app.db does not exist");
        EXPECT_THAT(error.hint(), HasSubstr("leave out --from-db"));
    }
    EXPECT_FALSE(fs::exists(m_dir / "app.db"));
}

}  // namespace
}  // namespace mig::workflow
