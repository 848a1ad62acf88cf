#include "importer/importer.hpp"
#include "importer/version_table.hpp"
#include "support/temp_dir.hpp"
#include "unit/importer/import_fixture.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace mig::importer {
namespace {

using test::fixture;
using test::migration;
using test::revision_ids;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The interpreter with alembic: python3 on PATH, else Debian's (python3-alembic, which
// scripts/install-deps.sh installs for the tests; a pyenv or venv python3 may come first on
// PATH). Empty when neither has it.
std::string alembic_python() {
    for (const char* python : {"python3", "/usr/bin/python3"}) {
        std::string command = std::string(python) + " -c 'import alembic' >/dev/null 2>&1";
        if (std::system(command.c_str()) == 0) {
            return python;
        }
    }
    return {};
}

class AlembicReader : public ::testing::Test {
protected:
    void SetUp() override {
        if (alembic_python().empty()) {
            GTEST_SKIP() << "python3 cannot import alembic (apt install python3-alembic)";
        }
    }
    static ImportedHistory read(const std::filesystem::path& dir, const std::string& dialect) {
        ReadOptions options;
        options.dialect = dialect;
        options.python = alembic_python();
        return read_migrations(Format::alembic, dir, options);
    }
};

TEST_F(AlembicReader, KeepsTheIdsTheBranchesAndTheMerge) {
    ImportedHistory history = read(fixture("alembic") / "migrations", "sqlite");
    std::vector<std::string> ids = revision_ids(history);
    ASSERT_EQ(ids.size(), 6U);
    EXPECT_EQ(ids.front(), "1a2b3c4d5e6f");
    EXPECT_TRUE(migration(history, "1a2b3c4d5e6f").parents.empty());
    EXPECT_THAT(migration(history, "3c4d5e6f7081").parents, ElementsAre("2b3c4d5e6f70"));
    EXPECT_THAT(migration(history, "4d5e6f708192").parents, ElementsAre("2b3c4d5e6f70"));
    EXPECT_THAT(migration(history, "5e6f708192a3").parents,
                ElementsAre("3c4d5e6f7081", "4d5e6f708192"));
    EXPECT_EQ(migration(history, "2b3c4d5e6f70").message,
              "create post table (alembic 2b3c4d5e6f70)");
    EXPECT_EQ(migration(history, "2b3c4d5e6f70").source_file,
              "versions/2b3c4d5e6f70_create_post_table.py");
}

TEST_F(AlembicReader, RendersTheOperationsInTheProjectsDialect) {
    ImportedHistory sqlite = read(fixture("alembic") / "migrations", "sqlite");
    EXPECT_THAT(migration(sqlite, "3c4d5e6f7081").upgrade_sql,
                HasSubstr("ALTER TABLE user ADD COLUMN about_me VARCHAR(140);"));
    EXPECT_THAT(migration(sqlite, "6f708192a3b4").upgrade_sql,
                HasSubstr("INSERT INTO role (id, name) VALUES (2, 'editor''s desk');"));
    ImportedHistory postgres = read(fixture("alembic") / "migrations", "postgresql");
    EXPECT_THAT(migration(postgres, "3c4d5e6f7081").upgrade_sql,
                HasSubstr("ALTER TABLE \"user\" ADD COLUMN about_me VARCHAR(140);"));
}

TEST_F(AlembicReader, AMergeUndoesNothingAndAFailingDowngradeIsNone) {
    ImportedHistory history = read(fixture("alembic") / "migrations", "sqlite");
    EXPECT_EQ(migration(history, "5e6f708192a3").downgrade_sql, std::optional<std::string>(""));
    EXPECT_FALSE(migration(history, "6f708192a3b4").downgrade_sql.has_value());
    ASSERT_EQ(history.warnings.size(), 1U);
    EXPECT_THAT(history.warnings[0], HasSubstr("NotImplementedError: roles cannot be removed"));
}

TEST_F(AlembicReader, AFolderThatIsNotAlembicsIsBadInput) {
    mig::test::TempDir dir;
    try {
        read(dir.path(), "sqlite");
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("is not an Alembic script folder"));
    }
}

TEST_F(AlembicReader, AnUpgradeThatNeedsADatabaseIsNamed) {
    mig::test::TempDir dir;
    dir.write("versions/aaa_batch.py",
              "from alembic import op\nimport sqlalchemy as sa\nrevision = 'aaa'\n"
              "down_revision = None\n\ndef upgrade():\n"
              "    with op.batch_alter_table('t') as batch:\n"
              "        batch.alter_column('x', nullable=False)\n\ndef downgrade():\n    pass\n");
    try {
        read(dir.path(), "sqlite");
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("versions/aaa_batch.py: upgrade() cannot be rendered"));
    }
}

TEST(AlembicReaderWithoutPython, SaysWhatToInstall) {
    ReadOptions options;
    options.python = "/nonexistent/python3";
    try {
        read_migrations(Format::alembic, fixture("alembic") / "migrations", options);
        FAIL() << "expected a FailedError";
    } catch (const FailedError& error) {
        EXPECT_THAT(error.what(),
                    HasSubstr("cannot read the Alembic revisions with /nonexistent/python3"));
        EXPECT_THAT(error.hint(), HasSubstr("python3-alembic"));
    }
}

TEST(AlembicVersionTable, TheHeadsOfAlembicVersionAreStampedEach) {
    ImportedHistory history;
    history.format = Format::alembic;
    for (const char* id : {"a1", "b2", "c3"}) {
        ImportedMigration m;
        m.source_id = m.version_key = m.revision_id = id;
        history.migrations.push_back(m);
    }
    SourcePosition position = locate(history, {{std::string("b2")}, {std::string("c3")}});
    EXPECT_THAT(position.revision_ids, ElementsAre("b2", "c3"));
}

}  // namespace
}  // namespace mig::importer
