// The `git add` command `mig check --staged` prints for a migration written but not staged:
// a user copies it into a shell, so every path must survive the shell as one word.

#include "workflow/staged_not_added.hpp"

#include <gtest/gtest.h>

namespace mig::workflow {
namespace {

NotAddedRevision file(const std::string& path, const std::string& state = "untracked") {
    return {path.substr(path.rfind('/') + 1), path, state};
}

TEST(GitAddCommand, PlainPathsStayAsTheyAre) {
    EXPECT_EQ(git_add_command({file("migrations/versions/ab12_add_age.sql")}),
              "git add migrations/versions/ab12_add_age.sql");
    EXPECT_EQ(git_add_command({file("app/m/versions/a.sql"), file("app/m/versions/b.sql")}),
              "git add app/m/versions/a.sql app/m/versions/b.sql");
}

TEST(GitAddCommand, PathsTheShellWouldSplitOrExpandAreQuoted) {
    EXPECT_EQ(git_add_command({file("my app/versions/a b.sql")}),
              "git add 'my app/versions/a b.sql'");
    EXPECT_EQ(git_add_command({file("v/it's.sql")}), "git add 'v/it'\\''s.sql'");
    EXPECT_EQ(git_add_command({file("v/$HOME*.sql")}), "git add 'v/$HOME*.sql'");
}

TEST(GitAddCommand, AnIgnoredFileNeedsForce) {
    EXPECT_EQ(git_add_command({file("v/a.sql"), file("v/b.sql", "ignored")}),
              "git add -f v/a.sql v/b.sql");
}

}  // namespace
}  // namespace mig::workflow
