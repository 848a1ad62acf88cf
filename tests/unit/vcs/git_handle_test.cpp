// Each libgit2 handle has exactly one owner: GitHandle and GitRepository move but never copy
// (a copy would free the same handle twice).

#include "vcs/git_handle.hpp"

#include "git_fixture.hpp"

#include <gtest/gtest.h>

#include <type_traits>

namespace mig::vcs::test {
namespace {

using detail::GitHandle;

static_assert(!std::is_copy_constructible_v<GitHandle<git_object>>);
static_assert(!std::is_copy_assignable_v<GitHandle<git_object>>);
static_assert(std::is_nothrow_move_constructible_v<GitHandle<git_object>>);
static_assert(std::is_nothrow_move_assignable_v<GitHandle<git_object>>);
static_assert(!std::is_copy_constructible_v<GitRepository>);
static_assert(!std::is_copy_assignable_v<GitRepository>);
static_assert(std::is_nothrow_move_constructible_v<GitRepository>);
static_assert(std::is_nothrow_move_assignable_v<GitRepository>);

TEST(GitHandle, MovingHandsTheHandleOverAndEmptiesTheSource) {
    // A fake pointer (the address of a local byte): never dereferenced, and released (not
    // freed) at the end.
    char storage = 0;
    auto* fake = reinterpret_cast<git_object*>(&storage);
    GitHandle<git_object> first(fake);
    GitHandle<git_object> second(std::move(first));
    EXPECT_EQ(first.get(), nullptr);  // NOLINT(bugprone-use-after-move): what the test checks
    EXPECT_EQ(second.get(), fake);
    GitHandle<git_object> third;
    third = std::move(second);
    EXPECT_EQ(second.get(), nullptr);  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(third.get(), fake);
    EXPECT_EQ(third.release(), fake);  // gives it up unfreed: the fake must never be freed
    EXPECT_EQ(third.get(), nullptr);
}

class GitRepositoryMove : public GitFixture {};

TEST_F(GitRepositoryMove, AMovedRepositoryStillWorksAndTheMovedFromOneIsJustEmpty) {
    init();
    const std::string first = commit({{"a.txt", "a"}}, "one");
    GitRepository opened = open();
    GitRepository moved(std::move(opened));
    EXPECT_EQ(moved.head_commit(), first);
    GitRepository assigned = open();
    assigned = std::move(moved);
    EXPECT_EQ(assigned.head_commit(), first);
}

}  // namespace
}  // namespace mig::vcs::test
