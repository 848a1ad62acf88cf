// The README's first command, `bash scripts/demo.sh`, is what a new user sees first: it must
// run to its end and show each step of the everyday workflow doing what the demo says it does
// (a refusal where it shows one, success everywhere else). Runs the built mig, builds nothing.

#include "support/run_mig.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::test {
namespace {

// Each of `expected` occurs in `text`, in this order.
::testing::AssertionResult contains_in_order(const std::string& text,
                                             const std::vector<std::string>& expected) {
    std::size_t from = 0;
    for (const auto& piece : expected) {
        const std::size_t at = text.find(piece, from);
        if (at == std::string::npos) {
            return ::testing::AssertionFailure()
                   << "missing (in this order): \"" << piece << "\" after offset " << from;
        }
        from = at + piece.size();
    }
    return ::testing::AssertionSuccess();
}

TEST(Demo, WalksTheEverydayWorkflowAndTheGraphTour) {
    TempDir tmp;
    const MigResult demo =
        run_program(tmp.path(), {"bash", std::string(MIG_SOURCE_DIR) + "/scripts/demo.sh"},
                    {{"MIG_DEMO_BINARY", mig_binary().string()},
                     {"TMPDIR", tmp.path().string()},
                     {"NO_COLOR", "1"}});
    ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
    const std::string& out = demo.out;
    EXPECT_TRUE(contains_in_order(
        out,
        {"$ mig migrate -m 'users table'", "create table user", "$ mig upgrade",
         "Database is now at",
         // mig check names the model change, mig migrate writes it
         "$ mig check", "column age missing in migrations", "(exit 1)",
         "$ mig migrate -m 'Add age column to user model'",
         "ALTER TABLE \"user\" ADD COLUMN \"age\" INTEGER;",
         // upgrade refused until committed, then applied
         "$ mig upgrade", "is not committed", "(exit 3)", "$ mig upgrade", "1 revision applied",
         "id|username|age", "1|ada|",
         // rollback: plan, then database and code together, rows intact
         "$ mig rollback --dry-run", "nothing changed", "$ mig rollback", "1 revision reverted",
         "kept as refs/mig/rollback/", "To undo: git reset --hard", "id|username\n", "1|ada\n",
         "2|grace\n", "users table\n", "The model matches the migrations' head schema.",
         // the pre-commit hook refuses a model change without its migration
         "$ mig hooks install", "pre-commit     installed", "pre-commit hook refused", "(exit 1)",
         "$ mig migrate -m 'Add karma'", "1 revision applied", "$ mig status",
         "Model drift: ", "Hooks: installed",
         // part 2: graph tour
         "$ mig merge", "$ mig upgrade --sql 9a8b7c6d5e4f:b1e2a3d4c5f6", "COMMIT;",
         "4 revisions reverted", "4 revisions applied", "drift in app.db", "(exit 1)",
         "Demo finished"}))
        << out;
    // Every refusal or failure is one the demo shows on purpose, listed above.
    std::size_t failures = 0;
    const std::string marker = "\n  (exit ";  // run() prints it under the output
    for (std::size_t at = out.find(marker); at != std::string::npos;
         at = out.find(marker, at + 1)) {
        ++failures;
    }
    EXPECT_EQ(failures, 5u) << out;
}

}  // namespace
}  // namespace mig::test
