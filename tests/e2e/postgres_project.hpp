#pragma once

// End-to-end fixture for PostgreSQL: a fresh database on the run's test server
// (support/postgres.hpp) and a mig project whose mig.toml points at it.

#include "e2e/project.hpp"
#include "support/postgres.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace mig::test {

// The server's own programs (pg_dump): scripts/pg-server.sh writes their folder beside the
// server (MIG_TEST_PG_DIR/bindir); MIG_PG_BINDIR overrides; else they are found on PATH.
inline std::string postgres_program(const std::string& name) {
    if (const char* bindir = std::getenv("MIG_PG_BINDIR"); bindir != nullptr && *bindir != 0) {
        return std::string(bindir) + "/" + name;
    }
    if (const char* dir = std::getenv("MIG_TEST_PG_DIR"); dir != nullptr && *dir != 0) {
        std::ifstream file(std::filesystem::path(dir) / "bindir");
        std::string bindir;
        if (std::getline(file, bindir) && !bindir.empty()) {
            return bindir + "/" + name;
        }
    }
    return name;
}

class PostgresProjectTest : public PostgresTest {
protected:
    void SetUp() override {
        PostgresTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        m_project =
            std::make_unique<Project>(std::vector<std::string>{"--database-url", database().url()});
    }
    void TearDown() override {
        m_project.reset();
        PostgresTest::TearDown();
    }

    const Project& project() const { return *m_project; }

    // mig.toml pointing at the test's database, with extra [database] lines
    // (`lock_timeout = 1`).
    void write_config(const std::string& database_lines) {
        m_project->write_config("[database]\nurl = \"" + database().url() + "\"\n" +
                                database_lines + "\n");
    }

private:
    std::unique_ptr<Project> m_project;
};

}  // namespace mig::test
