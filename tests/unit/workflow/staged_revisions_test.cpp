// The staged revisions read by blob id (`mig check --staged`): what a warm run reads from git
// (nothing), and that the cache never hands out bytes that are not the blob's.

#include "workflow/staged_revisions.hpp"

#include "unit/workflow/fake_repository.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"
#include "util/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::workflow {
namespace {

using test::FakeRepository;
using ::testing::ElementsAre;

namespace fs = std::filesystem;

struct Visited {
    std::vector<std::string> contents;
    std::vector<std::string> hashes;
};

Visited visit(const StagedRevisions& revisions) {
    Visited seen;
    const std::vector<std::string> names = revisions.names();
    revisions.visit_all(names, [&](std::size_t, std::string_view content, std::string_view sha) {
        seen.contents.emplace_back(content);
        seen.hashes.emplace_back(sha);
    });
    return seen;
}

// A blob id as git gives them: 40 hex characters.
std::string blob(char digit) {
    return std::string(40, digit);
}

struct Staged : ::testing::Test {
    FakeRepository repo;
    util::TempDir cache{"mig-staged-test"};
    std::vector<vcs::FolderFile> files{{"b_two.sql", blob('2')},
                                       {"README.md", blob('d')},
                                       {"a_one.sql", blob('1')},
                                       {".hidden.sql", blob('e')}};
    Staged() { repo.m_blobs = {{blob('1'), "one"}, {blob('2'), "two"}}; }
    fs::path cache_dir() const { return cache.path() / ".mig" / "cache"; }
};

TEST_F(Staged, OnlyRevisionFilesSortedByName) {
    const StagedRevisions revisions(repo, files, cache_dir());
    EXPECT_THAT(revisions.names(), ElementsAre("a_one.sql", "b_two.sql"));
    EXPECT_EQ(revisions.blob_of("b_two.sql"), blob('2'));
    EXPECT_EQ(revisions.blob_of("README.md"), "");
}

TEST_F(Staged, TheFirstRunReadsGitAndAWarmRunReadsNoBlob) {
    const Visited cold = visit(StagedRevisions(repo, files, cache_dir()));
    EXPECT_THAT(cold.contents, ElementsAre("one", "two"));
    EXPECT_THAT(cold.hashes, ElementsAre(util::sha256_hex("one"), util::sha256_hex("two")));
    EXPECT_EQ(repo.blob_reads(), 2);

    const Visited warm = visit(StagedRevisions(repo, files, cache_dir()));
    EXPECT_THAT(warm.contents, ElementsAre("one", "two"));
    EXPECT_THAT(warm.hashes, ElementsAre(util::sha256_hex("one"), util::sha256_hex("two")));
    EXPECT_EQ(repo.blob_reads(), 2) << "the warm run read no blob";
}

TEST_F(Staged, ANewBlobIsReadTheOthersComeFromTheCache) {
    visit(StagedRevisions(repo, files, cache_dir()));
    repo.m_blobs[blob('3')] = "two, edited";
    files[0].blob = blob('3');
    const Visited seen = visit(StagedRevisions(repo, files, cache_dir()));
    EXPECT_THAT(seen.contents, ElementsAre("one", "two, edited"));
    EXPECT_EQ(repo.blob_reads(), 3);
}

TEST_F(Staged, ADamagedCacheIsIgnored) {
    visit(StagedRevisions(repo, files, cache_dir()));
    const fs::path file = cache_dir() / "blobs.cache";
    const std::string bytes = util::read_file(file);
    util::write_file_atomically(file, bytes.substr(0, bytes.size() - 2));  // truncated
    const Visited seen = visit(StagedRevisions(repo, files, cache_dir()));
    EXPECT_THAT(seen.contents, ElementsAre("one", "two"));
    EXPECT_EQ(repo.blob_reads(), 4) << "both read from git again";
}

TEST_F(Staged, AnUnwritableCacheOnlyCostsReads) {
    util::write_file_atomically(cache.path() / ".mig", "a file where the folder would go");
    EXPECT_THAT(visit(StagedRevisions(repo, files, cache_dir())).contents,
                ElementsAre("one", "two"));
    EXPECT_THAT(visit(StagedRevisions(repo, files, cache_dir())).contents,
                ElementsAre("one", "two"));
    EXPECT_EQ(repo.blob_reads(), 4);
}

}  // namespace
}  // namespace mig::workflow
