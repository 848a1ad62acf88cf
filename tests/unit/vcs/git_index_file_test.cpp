// mig's own reader of git's index file against what git itself wrote: every format version
// git 2.39 writes, conflicts, intent-to-add entries, and files it must refuse to guess about.

#include "vcs/git_index_file.hpp"

#include "git_fixture.hpp"
#include "util/file_io.hpp"

#include <gtest/gtest.h>

namespace mig::vcs::test {

namespace {

using detail::IndexFile;
using detail::parse_index;
using detail::read_index_file;

std::vector<std::string> paths(const IndexFile& index) {
    std::vector<std::string> result;
    for (const auto& entry : index.entries) {
        result.push_back(entry.path);
    }
    return result;
}

class GitIndexFile : public GitFixture {
protected:
    void SetUp() override {
        init();
        commit({{"migrations/versions/a.sql", "a\n"},
                {"migrations/versions/b.sql", "b\n"},
                {"model.sql", "m\n"},
                {"src/deep/er/file.py", "x\n"}},
               "first");
    }
    IndexFile read() const {
        std::optional<IndexFile> index = read_index_file(m_repo.path() / ".git/index");
        EXPECT_TRUE(index.has_value());
        return index.value_or(IndexFile{});
    }
};

const std::vector<std::string> k_paths{"migrations/versions/a.sql", "migrations/versions/b.sql",
                                       "model.sql", "src/deep/er/file.py"};

}  // namespace

TEST_F(GitIndexFile, EveryVersionGitWritesGivesTheSameEntries) {
    for (const char* version : {"2", "3", "4", "2"}) {
        git({"update-index", "--index-version", version});
        const IndexFile index = read();
        EXPECT_EQ(paths(index), k_paths) << "version " << version;
        EXPECT_EQ(index.checksum.size(), 40U);
        for (const auto& entry : index.entries) {
            EXPECT_EQ(entry.mode, 0100644U) << entry.path;
            EXPECT_EQ(entry.stage, 0U);
            EXPECT_FALSE(entry.special);
            EXPECT_GT(entry.size, 0U);
        }
    }
}

TEST_F(GitIndexFile, IntentToAddAndConflictsAreMarked) {
    m_repo.write("new.txt", "n\n");
    git({"add", "-N", "new.txt"});
    IndexFile index = read();
    ASSERT_EQ(index.entries.size(), 5U);
    EXPECT_EQ(index.entries[3].path, "new.txt");
    EXPECT_TRUE(index.entries[3].special);

    git({"reset", "-q", "--hard"});
    git({"checkout", "-q", "-b", "side"});
    commit({{"model.sql", "side\n"}}, "side");
    git({"checkout", "-q", "main"});
    commit({{"model.sql", "main\n"}}, "main");
    mig::test::run_program(m_repo.path(), {"git", "-c", "user.name=t", "-c", "user.email=t@invalid",
                                           "merge", "-q", "side"});
    index = read();
    std::vector<unsigned> stages;
    for (const auto& entry : index.entries) {
        if (entry.path == "model.sql") {
            stages.push_back(entry.stage);
        }
    }
    EXPECT_EQ(stages, (std::vector<unsigned>{1, 2, 3}));
}

TEST_F(GitIndexFile, WhatItCannotBeSureOfIsNotRead) {
    const std::string bytes = util::read_file(m_repo.path() / ".git/index");
    ASSERT_TRUE(parse_index(bytes).has_value());
    EXPECT_FALSE(parse_index(bytes.substr(0, bytes.size() - 1)).has_value()) << "cut short";
    std::string no_checksum = bytes;
    std::fill(no_checksum.end() - 20, no_checksum.end(), '\0');
    EXPECT_FALSE(parse_index(no_checksum).has_value()) << "index.skipHash";
    std::string version_five = bytes;
    version_five[7] = 5;
    EXPECT_FALSE(parse_index(version_five).has_value());
    EXPECT_FALSE(parse_index("").has_value());

    git({"update-index", "--split-index"});
    EXPECT_FALSE(read_index_file(m_repo.path() / ".git/index").has_value()) << "split index";
}

}  // namespace mig::vcs::test
