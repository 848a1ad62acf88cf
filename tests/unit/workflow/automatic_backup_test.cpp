#include "db/sqlite_database.hpp"
#include "support/temp_dir.hpp"
#include "workflow/backups.hpp"
#include "workflow/migrate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::workflow {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A database with none of the optional capabilities: what a server database looks like to
// the workflow (backups() is nullptr).
class ServerDatabase final : public db::Database {
public:
    const dialect::Dialect& dialect() const override { return *m_dialect; }
    std::vector<std::string> current_heads() override { return {}; }
    std::vector<db::HistoryEntry> history() override { return {}; }
    std::optional<db::HistoryEntry> arrival(const std::string& /*revision*/) override {
        return std::nullopt;
    }
    void run_step(const db::StepWork& /*step*/) override {}
    void run_steps_together(const std::vector<db::StepWork>& /*steps*/,
                            const db::StepDone& /*step_done*/) override {}
    void stamp(const std::vector<std::string>& /*heads_removed*/,
               const std::vector<std::string>& /*heads_added*/,
               const std::vector<dialect::HistoryRecord>& /*history*/) override {}
    std::optional<long long> count_rows(const std::string& /*schema*/,
                                        const std::string& /*table*/) override {
        return std::nullopt;
    }

private:
    std::unique_ptr<dialect::Dialect> m_dialect = dialect::make_dialect("sqlite");
};

class RecordingObserver final : public MigrateObserver {
public:
    void backup_taken(const db::BackupInfo& backup) override { taken.push_back(backup.reason); }
    void no_backup_available(const std::string& database) override {
        unavailable.push_back(database);
    }
    std::vector<std::string> taken;
    std::vector<std::string> unavailable;
};

class AutomaticBackup : public ::testing::Test {
protected:
    Project project(const std::string& url, bool backup = true) const {
        config::Config config;
        config.root = m_dir.path();
        config.file = m_dir / "mig.toml";
        config.database_url = url;
        config.migrations_dir = m_dir / "migrations";
        config.backup = backup;
        return Project(std::move(config));
    }

    test::TempDir m_dir;
    RecordingObserver m_observer;
};

TEST_F(AutomaticBackup, ADatabaseWithoutBackupsIsReportedByItsRedactedUrl) {
    ServerDatabase server;
    EXPECT_EQ(take_automatic_backup(project("postgresql://app:S3cret@db.example/app"), server,
                                    "upgrade", m_observer),
              std::nullopt);
    EXPECT_THAT(m_observer.unavailable, ElementsAre("postgresql://app:***@db.example/app"));
    EXPECT_THAT(m_observer.taken, IsEmpty());
}

TEST_F(AutomaticBackup, NothingIsSaidWhenBackupsAreOff) {
    ServerDatabase server;
    take_automatic_backup(project("postgresql://db.example/app", false), server, "upgrade",
                          m_observer);
    EXPECT_THAT(m_observer.unavailable, IsEmpty());
}

TEST_F(AutomaticBackup, SqliteBacksUpAnExistingDatabaseButNotOneThisRunCreated) {
    const Project sqlite = project("sqlite:///app.db");
    {
        db::SqliteDatabase created(m_dir / "app.db", db::OpenMode::read_write);
        EXPECT_EQ(take_automatic_backup(sqlite, created, "upgrade", m_observer), std::nullopt);
        created.connection().exec("CREATE TABLE t (x)");
    }
    db::SqliteDatabase existing(m_dir / "app.db", db::OpenMode::read_write);
    const auto backup = take_automatic_backup(sqlite, existing, "downgrade", m_observer);
    ASSERT_TRUE(backup.has_value());
    EXPECT_TRUE(std::filesystem::exists(backup->path));
    EXPECT_THAT(m_observer.taken, ElementsAre("downgrade"));
    EXPECT_THAT(m_observer.unavailable, IsEmpty());
}

}  // namespace
}  // namespace mig::workflow
