#include "util/subprocess.hpp"

#include "support/temp_dir.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

namespace mig::util {
namespace {

using namespace std::chrono_literals;
using Ending = CommandResult::Ending;

TEST(RunShellCommand, CapturesOutputErrorAndStatus) {
    test::TempDir dir;
    CommandResult result = run_shell_command("echo out; echo err >&2; exit 4", dir.path(), 10s);
    EXPECT_EQ(result.ending, Ending::exited);
    EXPECT_EQ(result.status, 4);
    EXPECT_EQ(result.out, "out\n");
    EXPECT_EQ(result.err, "err\n");
    EXPECT_FALSE(result.succeeded());
}

TEST(RunShellCommand, RunsInTheDirectoryWithEmptyInput) {
    test::TempDir dir;
    dir.write("here.txt", "found");
    CommandResult result = run_shell_command("cat here.txt; cat", dir.path(), 10s);
    EXPECT_TRUE(result.succeeded());
    EXPECT_EQ(result.out, "found");
}

TEST(RunShellCommand, KeepsLargeOutputWhole) {
    test::TempDir dir;
    CommandResult result = run_shell_command(
        "head -c 3000000 /dev/zero; head -c 300000 /dev/zero >&2", dir.path(), 10s);
    EXPECT_TRUE(result.succeeded());
    EXPECT_EQ(result.out.size(), 3000000u);
    EXPECT_LE(result.err.size(), 300000u);
}

TEST(RunShellCommand, ReportsSignalAndTimeout) {
    test::TempDir dir;
    CommandResult killed = run_shell_command("kill -TERM $$", dir.path(), 10s);
    EXPECT_EQ(killed.ending, Ending::signalled);
    EXPECT_EQ(killed.status, 15);

    CommandResult slow = run_shell_command("echo partial; sleep 10", dir.path(), 100ms);
    EXPECT_EQ(slow.ending, Ending::timed_out);
    EXPECT_EQ(slow.out, "partial\n");
}

TEST(RunShellCommand, MissingDirectoryIsAFailedError) {
    test::TempDir dir;
    EXPECT_THROW(run_shell_command("true", dir / "missing", 10s), FailedError);
}

}  // namespace
}  // namespace mig::util
