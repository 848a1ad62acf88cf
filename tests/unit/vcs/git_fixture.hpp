#pragma once

// Real git repositories in temporary folders for the vcs tests, set up with the git command
// line; mig's view of them comes from GitRepository (libgit2).

#include "support/run_mig.hpp"
#include "support/temp_dir.hpp"
#include "vcs/git_repository.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::vcs::test {

class GitFixture : public ::testing::Test {
protected:
    // Runs `git args...` in the repository (or in `cwd`) with only this repository's
    // configuration and a fixed identity; expects success and returns standard output.
    std::string git(const std::vector<std::string>& args) const;
    std::string git_in(const std::filesystem::path& cwd,
                       const std::vector<std::string>& args) const;
    // The same, with the trailing newline removed (one-line answers: ids, names).
    std::string git_line(const std::vector<std::string>& args) const;

    // Writes the files, stages everything and commits; returns the new commit id.
    std::string commit(const std::vector<std::pair<std::string, std::string>>& files,
                       const std::string& message);
    // Removes the files from git and the work tree and commits; returns the new commit id.
    std::string remove(const std::vector<std::string>& paths, const std::string& message);

    GitRepository open() const;

    void init() const { git({"init", "-q", "-b", "main", "."}); }

    mig::test::TempDir m_repo;
};

}  // namespace mig::vcs::test
