// Which revisions are published, and which staged changes touch them (`mig check --staged`),
// decided against a fake repository.

#include "workflow/published.hpp"

#include "unit/workflow/fake_repository.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::workflow {
namespace {

using test::FakeRepository;
using ::testing::HasSubstr;

using Kind = PublishedRevisionChange::Kind;

const std::string k_versions = "migrations/versions";

std::string header(const std::string& id) {
    return "-- mig:revision " + id + "\n\n-- mig:upgrade\nSELECT 1;\n\n-- mig:downgrade\n";
}

std::vector<std::string> names(const std::vector<PublishedRef>& refs) {
    std::vector<std::string> out;
    for (const auto& ref : refs) {
        out.push_back(ref.name + "=" + ref.commit);
    }
    return out;
}

// --- published_refs ---------------------------------------------------------------------------

struct Refs : ::testing::Test {
    FakeRepository repo;
    Refs() {
        repo.commit_on_branch("c1");
        repo.commit_on_branch("c2");
    }
};

TEST_F(Refs, TheUpstreamIsPublished) {
    repo.m_upstream = "c1";
    repo.m_refs["origin/main"] = "c2";  // not asked: the upstream comes first
    EXPECT_THAT(names(published_refs(repo, std::nullopt, "mig.toml")),
                ::testing::ElementsAre("origin/main=c1"));
}

TEST_F(Refs, WithoutAnUpstreamOriginMainIsPublishedWhenItExists) {
    repo.m_refs["origin/main"] = "c1";
    EXPECT_THAT(names(published_refs(repo, std::nullopt, "mig.toml")),
                ::testing::ElementsAre("origin/main=c1"));
}

TEST_F(Refs, WithoutAnUpstreamOrOriginMainNothingIsPublished) {
    EXPECT_TRUE(published_refs(repo, std::nullopt, "mig.toml").empty());
}

TEST_F(Refs, AConfiguredRefIsPublishedBesideTheUpstream) {
    repo.m_upstream = "c2";
    repo.m_refs["origin/release"] = "c1";
    EXPECT_THAT(names(published_refs(repo, std::string("origin/release"), "mig.toml")),
                ::testing::ElementsAre("origin/main=c2", "origin/release=c1"));
}

TEST_F(Refs, AConfiguredRefReplacesTheOriginMainDefault) {
    repo.m_refs["origin/main"] = "c2";
    repo.m_refs["upstream/trunk"] = "c1";
    EXPECT_THAT(names(published_refs(repo, std::string("upstream/trunk"), "mig.toml")),
                ::testing::ElementsAre("upstream/trunk=c1"));
}

TEST_F(Refs, TheSameCommitIsListedOnce) {
    repo.m_upstream = "c2";
    repo.m_refs["origin/main"] = "c2";
    EXPECT_EQ(published_refs(repo, std::string("origin/main"), "mig.toml").size(), 1U);
}

TEST_F(Refs, AConfiguredRefGitDoesNotKnowIsBadConfiguration) {
    try {
        published_refs(repo, std::string("origin/mian"), "app/mig.toml");
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        EXPECT_EQ(error.code(), ExitCode::bad_input);
        EXPECT_THAT(error.what(), HasSubstr("app/mig.toml: [hooks] published = \"origin/mian\""));
        EXPECT_THAT(error.hint(), HasSubstr("`git fetch`"));
    }
}

// --- staged_revision_changes ------------------------------------------------------------------

TEST(StagedChanges, EditsAndDeletionsOfRevisionFilesHeadHasAdditionsAreNot) {
    FakeRepository repo;
    repo.commit_on_branch("c1");
    repo.m_folder_files["c1"] = {
        {"a.sql", "blob-a"}, {"b.sql", "blob-b"}, {"c.sql", "blob-c"}, {"notes.txt", "blob-n"}};
    const std::vector<vcs::FolderFile> staged = {
        {"a.sql", "blob-a"}, {"b.sql", "blob-b2"}, {"d.sql", "blob-d"}};
    const auto changes = staged_revision_changes(repo, k_versions, staged);
    ASSERT_EQ(changes.size(), 2U);
    EXPECT_EQ(changes[0].kind, StagedRevisionChange::Kind::edited);
    EXPECT_EQ(changes[0].name, "b.sql");
    EXPECT_EQ(changes[0].head_blob, "blob-b");
    EXPECT_EQ(changes[1].kind, StagedRevisionChange::Kind::deleted);
    EXPECT_EQ(changes[1].name, "c.sql");
}

TEST(StagedChanges, NothingBeforeTheFirstCommit) {
    FakeRepository repo;
    EXPECT_TRUE(staged_revision_changes(repo, k_versions, {{"a.sql", "x"}}).empty());
    EXPECT_EQ(repo.folder_reads(), 0);
}

// --- published_changes ------------------------------------------------------------------------

// c1 (pushed: origin/main) has r1 and r2; c2 (local) adds r3.
struct Published : ::testing::Test {
    FakeRepository repo;
    std::vector<PublishedRef> refs{{"origin/main", "c1"}};
    std::map<std::string, std::string> staged_ids;  // revision id -> staged file

    Published() {
        repo.commit_on_branch("c1");
        repo.commit_on_branch("c2");
        repo.m_folder_files["c1"] = {{"r1_one.sql", "b1"}, {"r2_two.sql", "b2"}};
        repo.m_blobs = {{"b1", header("r1")}, {"b2", header("r2")}, {"b3", header("r3")}};
    }

    std::vector<PublishedRevisionChange> run(const std::vector<vcs::FolderFile>& staged,
                                             const std::vector<StagedRevisionChange>& changes) {
        return published_changes(repo, k_versions, staged, changes, refs,
                                 [&](const std::string& id) -> std::optional<std::string> {
                                     auto found = staged_ids.find(id);
                                     if (found == staged_ids.end()) {
                                         return std::nullopt;
                                     }
                                     return found->second;
                                 });
    }
};

TEST_F(Published, AnEditOfAPushedRevisionIsNamedWithItsRef) {
    const auto found = run({{"r1_one.sql", "b1x"}, {"r2_two.sql", "b2"}},
                           {{StagedRevisionChange::Kind::edited, "r1_one.sql", "b1"}});
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].kind, Kind::edited);
    EXPECT_EQ(found[0].name, "r1_one.sql");
    EXPECT_EQ(found[0].revision, "r1");
    EXPECT_EQ(found[0].ref.name, "origin/main");
    EXPECT_EQ(found[0].ref.commit, "c1");
}

TEST_F(Published, ARevisionOnlyCommittedHereIsStillYoursToChange) {
    const auto found = run({{"r3_three.sql", "b3x"}},
                           {{StagedRevisionChange::Kind::edited, "r3_three.sql", "b3"},
                            {StagedRevisionChange::Kind::deleted, "r3_other.sql", "b3"}});
    EXPECT_TRUE(found.empty());
}

TEST_F(Published, ADeletionIsNamed) {
    const auto found =
        run({{"r1_one.sql", "b1"}}, {{StagedRevisionChange::Kind::deleted, "r2_two.sql", "b2"}});
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].kind, Kind::deleted);
    EXPECT_EQ(found[0].revision, "r2");
}

TEST_F(Published, ARenamedFileWithTheSameRevisionIdIsARename) {
    staged_ids["r2"] = "r2_renamed.sql";
    const auto found = run({{"r1_one.sql", "b1"}, {"r2_renamed.sql", "b2"}},
                           {{StagedRevisionChange::Kind::deleted, "r2_two.sql", "b2"}});
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].kind, Kind::renamed);
    EXPECT_EQ(found[0].new_name, "r2_renamed.sql");
    EXPECT_FALSE(found[0].also_edited);
}

TEST_F(Published, ARenameWithNewBytesSaysSo) {
    staged_ids["r2"] = "r2_renamed.sql";
    const auto found = run({{"r1_one.sql", "b1"}, {"r2_renamed.sql", "b2x"}},
                           {{StagedRevisionChange::Kind::deleted, "r2_two.sql", "b2"}});
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].kind, Kind::renamed);
    EXPECT_TRUE(found[0].also_edited);
}

TEST_F(Published, AFileTheRefDeletedLaterIsStillPublishedThroughTheMergeBase) {
    // origin/main moved on to c3, which deleted r2 (behind our back); we branched at c1.
    repo.side_commit("c3", {"c1"});
    repo.m_folder_files["c3"] = {{"r1_one.sql", "b1"}};
    refs = {{"origin/main", "c3"}};
    const auto found = run({{"r1_one.sql", "b1"}, {"r2_two.sql", "b2x"}},
                           {{StagedRevisionChange::Kind::edited, "r2_two.sql", "b2"}});
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].ref.commit, "c3");
}

TEST_F(Published, TheFirstRefThatHasTheFileIsNamed) {
    repo.side_commit("c9", {});
    repo.m_folder_files["c9"] = {{"r1_one.sql", "b1"}};
    refs = {{"origin/feature", "c9"}, {"origin/main", "c1"}};
    const auto found = run({}, {{StagedRevisionChange::Kind::deleted, "r2_two.sql", "b2"},
                                {StagedRevisionChange::Kind::deleted, "r1_one.sql", "b1"}});
    ASSERT_EQ(found.size(), 2U);
    EXPECT_EQ(found[0].ref.name, "origin/main");
    EXPECT_EQ(found[1].ref.name, "origin/feature");
}

TEST_F(Published, NoChangesReadNothing) {
    EXPECT_TRUE(run({{"r1_one.sql", "b1"}}, {}).empty());
    EXPECT_EQ(repo.folder_reads(), 0);
    EXPECT_EQ(repo.blob_reads(), 0);
}

TEST_F(Published, AnUnreadableHeaderStillNamesTheFile) {
    repo.m_blobs["b2"] = "not a revision";
    const auto found = run({}, {{StagedRevisionChange::Kind::deleted, "r2_two.sql", "b2"}});
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].kind, Kind::deleted);
    EXPECT_EQ(found[0].revision, "");
}

}  // namespace
}  // namespace mig::workflow
