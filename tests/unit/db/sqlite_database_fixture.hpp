#pragma once

#include "db/sqlite_database.hpp"
#include "dialect/sqlite_dialect.hpp"
#include "support/temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace mig::db {

// Each test works on a real SQLite file in its own temporary directory and inspects it
// through a second, independent connection.
class SqliteDatabaseTest : public ::testing::Test {
protected:
    // A step that moves the version from `removed` to `revision`, running `sql`.
    StepWork step(const std::string& revision, const std::string& sql,
                  std::vector<std::string> removed = {}) const {
        StepWork work;
        work.revision = revision;
        work.file = "versions/" + revision + "_step.sql";
        work.statements = dialect::SqliteDialect().split(sql, 1);
        work.heads_removed = std::move(removed);
        work.heads_added = {revision};
        work.history.revision = revision;
        work.history.parents = work.heads_removed;
        work.history.direction = "upgrade";
        work.history.applied_at = "2026-11-21T10:00:00Z";
        work.history.sha256 = "cafe";
        work.history.message = "step " + revision;
        return work;
    }

    // Every schema object with its SQL, plus the version rows: "nothing changed" means equal.
    std::string dump() const {
        SQLite::Database db(m_file.string(), SQLite::OPEN_READONLY);
        SQLite::Statement query(db,
                                "SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM "
                                "sqlite_master ORDER BY name");
        std::string out;
        while (query.executeStep()) {
            out += query.getColumn(0).getString() + "\n";
        }
        if (db.tableExists("mig_version")) {
            SQLite::Statement heads(db, "SELECT revision FROM mig_version ORDER BY revision");
            while (heads.executeStep()) {
                out += "head " + heads.getColumn(0).getString() + "\n";
            }
        }
        return out;
    }

    long long count(const std::string& query) const {
        SQLite::Database db(m_file.string(), SQLite::OPEN_READONLY);
        return db.execAndGet(query).getInt64();
    }

    StepFailed failure_of(SqliteDatabase& db, const StepWork& work) const {
        try {
            db.run_step(work);
        } catch (const StepFailed& error) {
            return error;
        }
        ADD_FAILURE() << "expected StepFailed for revision " << work.revision;
        return StepFailed("", "", 0, 0);
    }

    test::TempDir m_dir;
    std::filesystem::path m_file = m_dir / "app.db";
};

}  // namespace mig::db
