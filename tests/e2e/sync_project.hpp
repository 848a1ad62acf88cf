#pragma once

// The fixture of the `mig sync` tests: a repository whose main branch has revision p (a users
// table), branch A adding revision a (a table of its own) and branch B adding revision b (a
// column of users), each a sibling of the other, with A checked out.

#include "e2e/project.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace mig::test {

inline const RevisionSpec k_revision_p =
    rev("p", {}, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);", "DROP TABLE users;",
        "users");
inline const RevisionSpec k_revision_a =
    rev("a", {"p"}, "CREATE TABLE a_things (id INTEGER PRIMARY KEY, name TEXT);",
        "DROP TABLE a_things;", "things of A");
inline const RevisionSpec k_revision_b =
    rev("b", {"p"}, "ALTER TABLE users ADD COLUMN age INTEGER;",
        "ALTER TABLE users DROP COLUMN age;", "age of B");

class SyncProject : public ::testing::Test {
protected:
    // `extra_config`: more mig.toml, e.g. a [hooks] table (committed on main, so on every branch).
    void make_branches(const std::string& extra_config = {}) {
        project.write_config("[database]\nurl = \"sqlite:///app.db\"\n" + extra_config);
        make_repository(project);
        project.write_revision(k_revision_p);
        commit_all("p");
        git(project, {"checkout", "-q", "-b", "A"});
        project.write_revision(k_revision_a);
        commit_all("a");
        git(project, {"checkout", "-q", "main"});
        git(project, {"checkout", "-q", "-b", "B"});
        project.write_revision(k_revision_b);
        commit_all("b");
        git(project, {"checkout", "-q", "A"});
    }

    void commit_all(const std::string& message) const {
        git(project, {"add", "-A"});
        git(project, {"commit", "-q", "-m", message});
    }

    // `git checkout`, which may print what the hooks say; the checkout itself must succeed.
    MigResult checkout(const std::string& branch) const {
        MigResult result =
            run_program(project.root(),
                        {"git", "-c", "user.name=mig tests", "-c",
                         "user.email=tests@example.invalid", "checkout", "-q", branch},
                        {{"GIT_CONFIG_GLOBAL", "/dev/null"},
                         {"GIT_CONFIG_NOSYSTEM", "1"},
                         {"GIT_TERMINAL_PROMPT", "0"}});
        EXPECT_EQ(result.exit_code, 0) << describe(result);
        return result;
    }

    std::string commit_of(const std::string& ref) const {
        return lines_of(git(project, {"rev-parse", ref})).at(0);
    }

    // Files in a folder of the project (none when it does not exist).
    std::vector<std::string> files_in(const std::string& folder) const {
        std::vector<std::string> names;
        std::error_code ignored;
        for (const auto& entry : std::filesystem::directory_iterator(project / folder, ignored)) {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    Project project;
};

}  // namespace mig::test
