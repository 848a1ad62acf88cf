#pragma once

// End-to-end fixture for PostgreSQL: a fresh database on the run's test server
// (support/postgres.hpp) and a mig project whose mig.toml points at it.

#include "e2e/project.hpp"
#include "support/postgres.hpp"

#include <memory>
#include <string>
#include <vector>

namespace mig::test {

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
