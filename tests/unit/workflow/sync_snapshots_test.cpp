// The snapshot store of `mig sync`: keys, which snapshot a sync restores (and never over a
// database that moved since the snapshot was taken), and pruning. Files here are empty: only
// their names matter to these functions.
#include "workflow/sync_snapshots.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace mig::workflow {
namespace {

namespace fs = std::filesystem;

const std::string k_commit_a(40, 'a');
const std::string k_commit_b(40, 'b');

Snapshot snapshot(const std::string& taken, const std::string& commit,
                  const std::vector<std::string>& revisions,
                  const std::vector<std::string>& left_for) {
    const std::string name = taken + "." + commit + "." + revision_set_key(revisions) + "." +
                             revision_set_key(left_for) + ".sqlite";
    return Snapshot{name, taken, commit, revision_set_key(revisions), revision_set_key(left_for)};
}

TEST(SyncSnapshots, TheKeyOfARevisionSetIgnoresOrderAndTellsSetsApart) {
    EXPECT_EQ(revision_set_key({"b", "a"}), revision_set_key({"a", "b"}));
    EXPECT_NE(revision_set_key({"a"}), revision_set_key({"a", "b"}));
    EXPECT_NE(revision_set_key({}), revision_set_key({"a"}));
    EXPECT_EQ(revision_set_key({"a"}).size(), 16U);
}

TEST(SyncSnapshots, RestoresTheSnapshotOfHeadWhenTheDatabaseIsWhereThatSyncLeftIt) {
    const std::vector<Snapshot> snapshots{
        snapshot("20261206T120000000Z", k_commit_a, {"a"}, {"b"})};
    const SnapshotChoice choice = choose_snapshot(snapshots, k_commit_a, {"a"}, {"b"});
    ASSERT_TRUE(choice.restore);
    EXPECT_EQ(choice.restore->path, snapshots[0].path);
    EXPECT_FALSE(choice.not_restored);
}

TEST(SyncSnapshots, NeverRestoresOverADatabaseThatMovedSinceTheSnapshot) {
    const std::vector<Snapshot> snapshots{
        snapshot("20261206T120000000Z", k_commit_a, {"a"}, {"b"})};
    // Upgraded to b2 on branch B after the snapshot: not where the sync left it.
    const SnapshotChoice choice = choose_snapshot(snapshots, k_commit_a, {"a"}, {"b2"});
    EXPECT_FALSE(choice.restore);
    ASSERT_TRUE(choice.not_restored);
    EXPECT_EQ(choice.not_restored->path, snapshots[0].path);
}

TEST(SyncSnapshots, OnlyASnapshotOfHeadAtTheRevisionsTheCheckoutWantsCounts) {
    const std::vector<Snapshot> snapshots{
        snapshot("20261206T120000000Z", k_commit_b, {"a"}, {"b"}),
        snapshot("20261206T110000000Z", k_commit_a, {"a0"}, {"b"})};
    const SnapshotChoice choice = choose_snapshot(snapshots, k_commit_a, {"a"}, {"b"});
    EXPECT_FALSE(choice.restore);
    EXPECT_FALSE(choice.not_restored);
}

TEST(SyncSnapshots, TheNewestSnapshotOfAStateDecidesAndAnOlderOneIsNeverUsed) {
    const std::vector<Snapshot> newest_first{
        snapshot("20261206T130000000Z", k_commit_a, {"a"}, {"c"}),
        snapshot("20261206T120000000Z", k_commit_a, {"a"}, {"b"})};
    const SnapshotChoice choice = choose_snapshot(newest_first, k_commit_a, {"a"}, {"b"});
    EXPECT_FALSE(choice.restore) << "the older one holds older rows";
    ASSERT_TRUE(choice.not_restored);
    EXPECT_EQ(choice.not_restored->taken_at, "20261206T130000000Z");
}

class SnapshotFolder : public ::testing::Test {
protected:
    fs::path add(const Snapshot& snapshot) const {
        return m_dir.write(snapshot.path.filename().string(), "");
    }
    std::vector<std::string> names() const {
        std::vector<std::string> names;
        for (const Snapshot& snapshot : SnapshotStore(m_dir.path()).list()) {
            names.push_back(snapshot.taken_at + " " + snapshot.commit.substr(0, 1));
        }
        return names;
    }
    test::TempDir m_dir;
};

TEST_F(SnapshotFolder, ListsSnapshotsNewestFirstAndIgnoresOtherFiles) {
    add(snapshot("20261206T120000000Z", k_commit_a, {"a"}, {"b"}));
    add(snapshot("20261206T130000000Z", k_commit_b, {"b"}, {"a"}));
    m_dir.write(".gitignore", "*\n");
    m_dir.write("notes.sqlite", "");
    m_dir.write(".20261206T140000000Z." + k_commit_a + ".x.y.sqlite.mig-tmp-12", "");
    EXPECT_EQ(names(),
              (std::vector<std::string>{"20261206T130000000Z b", "20261206T120000000Z a"}));
}

TEST_F(SnapshotFolder, PruneKeepsTheNewestAndThoseAskedForAndDropsReplacedOnes) {
    add(snapshot("20261206T100000000Z", k_commit_a, {"a"}, {"b"}));  // replaced by 12:00
    const fs::path kept = add(snapshot("20261206T110000000Z", k_commit_b, {"x"}, {"y"}));
    add(snapshot("20261206T120000000Z", k_commit_a, {"a"}, {"c"}));
    add(snapshot("20261206T130000000Z", k_commit_b, {"b"}, {"a"}));
    add(snapshot("20261206T140000000Z", k_commit_a, {"a2"}, {"b"}));
    SnapshotStore(m_dir.path()).prune(2, {kept});
    EXPECT_EQ(names(), (std::vector<std::string>{"20261206T140000000Z a", "20261206T130000000Z b",
                                                 "20261206T110000000Z b"}));
    SnapshotStore(m_dir.path()).prune(1, {});
    EXPECT_EQ(names(), (std::vector<std::string>{"20261206T140000000Z a"}));
}

}  // namespace
}  // namespace mig::workflow
