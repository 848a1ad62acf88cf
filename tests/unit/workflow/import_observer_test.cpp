// What workflow::import_migrations tells its observer (the CLI's progress line): each phase as
// it starts, each revision file before it is written, and the end, also of a failed import.

#include "support/temp_dir.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "workflow/import.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace mig::workflow {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

// Every call as text: "reading golang-migrate", "writing 2 of 5 000002", "table T", "ended".
class RecordingImportObserver final : public ImportObserver {
public:
    void reading_source(const ImportOptions& options) override {
        events.push_back("reading " + std::string(importer::format_name(options.format)));
    }
    void writing_revision(std::size_t number, std::size_t total,
                          const importer::ImportedMigration& migration) override {
        events.push_back("writing " + std::to_string(number) + " of " + std::to_string(total) +
                         " " + migration.revision_id);
    }
    void reading_version_table(const std::string& table) override {
        events.push_back("table " + table);
    }
    void import_ended() override { events.emplace_back("ended"); }

    std::vector<std::string> events;
};

class ImportObserverTest : public ::testing::Test {
protected:
    ImportObserverTest() {
        m_dir.write("migrations/script.sql.tmpl",
                    util::read_file(fs::path(MIG_SOURCE_DIR) / "templates" / "script.sql.tmpl"));
        fs::create_directories(m_dir / "migrations" / "versions");
    }

    Project project() const {
        config::Config config;
        config.root = m_dir.path();
        config.file = m_dir / "mig.toml";
        config.database_url = "sqlite:///app.db";
        config.migrations_dir = m_dir / "migrations";
        return Project(std::move(config));
    }

    static ImportOptions golang_migrate(const fs::path& folder) {
        ImportOptions options;
        options.format = importer::Format::golang_migrate;
        options.source_dir = folder;
        return options;
    }

    test::TempDir m_dir;
};

TEST_F(ImportObserverTest, HearsEachPhaseAndEachFileBeforeItIsWrittenThenTheEnd) {
    Project target = project();
    RecordingImportObserver observer;
    const fs::path fixture = fs::path(MIG_SOURCE_DIR) / "tests/fixtures/import/golang-migrate";
    const ImportResult result = import_migrations(target, golang_migrate(fixture), observer);
    EXPECT_EQ(result.files.size(), 5U);
    EXPECT_THAT(observer.events, ElementsAre("reading golang-migrate", "writing 1 of 5 000001",
                                             "writing 2 of 5 000002", "writing 3 of 5 000003",
                                             "writing 4 of 5 000004", "writing 5 of 5 000005",
                                             "table schema_migrations", "ended"));
}

TEST_F(ImportObserverTest, AFailedImportEndsForTheObserverToo) {
    Project target = project();
    RecordingImportObserver observer;
    EXPECT_THROW(import_migrations(target, golang_migrate(m_dir / "missing"), observer),
                 InputError);
    EXPECT_THAT(observer.events, ElementsAre("reading golang-migrate", "ended"));
}

}  // namespace
}  // namespace mig::workflow
