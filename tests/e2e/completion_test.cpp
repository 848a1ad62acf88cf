// `mig completion bash|zsh|fish`: each script loads in its real shell and completes commands,
// options and, through the hidden `mig __complete targets`, the project's revision ids. The
// shells are driven the way they drive a completion: bash through COMP_WORDS and the function
// `complete -p` names; zsh through $words/$CURRENT with its completion builtins replaced by
// functions that print what they were given; fish through `complete -C`, its own completer.

#include "e2e/project.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace mig::test {
namespace {

namespace fs = std::filesystem;

bool have(const std::string& program) {
    return run_program(fs::current_path(), {"sh", "-c", "command -v " + program}).exit_code == 0;
}

// Skipped where the shell is missing, except in CI (scripts/install-deps.sh installs them).
#define REQUIRE_SHELL(shell)                                                    \
    if (!have(shell)) {                                                         \
        if (std::getenv("CI") != nullptr) {                                     \
            FAIL() << (shell) << " is not installed (scripts/install-deps.sh)"; \
        }                                                                       \
        GTEST_SKIP() << (shell) << " is not installed";                         \
    }

class Completion : public ::testing::Test {
protected:
    Completion() {
        project.write_chain(
            {rev("1a2b3c4d5e6f", {}, "CREATE TABLE t1 (a INTEGER);", "DROP TABLE t1;",
                 "users table"),
             rev("1a2bffff0000", {}, "CREATE TABLE t2 (a INTEGER);", "DROP TABLE t2;",
                 "orders table"),
             rev("9f8e7d6c5b4a", {}, "CREATE TABLE t3 (a INTEGER);", "DROP TABLE t3;", "add age")});
    }
    // Runs `shell_argv` + `script` in the project with mig first on PATH (the scripts call the
    // mig the user typed).
    MigResult shell(const std::vector<std::string>& shell_argv, const std::string& script,
                    const fs::path& cwd) const {
        std::vector<std::string> argv = shell_argv;
        argv.push_back(script);
        const std::string path = mig_binary().parent_path().string() + ":" + std::getenv("PATH");
        return run_program(cwd, argv,
                           {{"PATH", path},
                            {"MIG_DATABASE_URL", ""},
                            {"MIG_ENV", ""},
                            {"HOME", home.path().string()}});
    }
    Project project;
    TempDir home;     // no user's shell configuration
    TempDir outside;  // a folder with no project
};

TEST_F(Completion, CompleteTargetsListsSymbolicTargetsAndEveryRevisionWithItsMessage) {
    const MigResult result = project.mig({"__complete", "targets"});
    ASSERT_MIG_OK(result);
    EXPECT_EQ(result.out,
              "head\tthe newest revision\nheads\tevery head\nbase\tbefore the first revision\n"
              "9f8e7d6c5b4a\tadd age\n1a2bffff0000\torders table\n1a2b3c4d5e6f\tusers table\n");
    EXPECT_EQ(result.err, "");
}

TEST_F(Completion, CompleteTargetsIsSilentWithoutAProject) {
    const MigResult result = mig_at(outside.path(), {"__complete", "targets"});
    EXPECT_NE(result.exit_code, 0);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err, "");
    EXPECT_TRUE(fs::is_empty(outside.path()));
}

TEST_F(Completion, UnknownShellIsBadUsage) {
    const MigResult result = mig_at(outside.path(), {"completion", "bsh"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err,
              "mig: error: mig completion: unknown shell bsh; did you mean bash? Pass bash, zsh "
              "or fish\n");
    EXPECT_EQ(result.out, "");
}

// `_mig` run for the words given; prints COMPREPLY one a line.
std::string bash_complete(const std::string& words, int cword) {
    return "COMP_WORDS=(" + words + "); COMP_CWORD=" + std::to_string(cword) +
           "; COMPREPLY=(); _mig; printf '%s\\n' \"${COMPREPLY[@]}\"; echo --\n";
}

TEST_F(Completion, BashLoadsAndCompletesCommandsOptionsAndRevisions) {
    REQUIRE_SHELL("bash");
    const std::string script = "set -u\nsource <(mig completion bash)\ncomplete -p mig\n" +
                               bash_complete("mig upg", 1) +            // a command
                               bash_complete("mig upgrade --s", 2) +    // an option
                               bash_complete("mig upgrade 1a2b", 2) +   // revision ids
                               bash_complete("mig show ''", 2) +        // every target
                               bash_complete("mig hooks in", 2) +       // a subcommand
                               bash_complete("mig --color a", 2) +      // a choice
                               bash_complete("mig -q downgrade 9", 3);  // after an option
    const MigResult result = shell({"bash", "--norc", "--noprofile", "-c"}, script, project.root());
    ASSERT_MIG_OK(result);
    EXPECT_EQ(result.out,
              "complete -F _mig mig\n"
              "upgrade\n--\n"
              "--sql\n--\n"
              "1a2bffff0000\n1a2b3c4d5e6f\n--\n"
              "head\nheads\nbase\n9f8e7d6c5b4a\n1a2bffff0000\n1a2b3c4d5e6f\n--\n"
              "install\n--\n"
              "auto\nalways\n--\n"
              "9f8e7d6c5b4a\n--\n");
    EXPECT_EQ(result.err, "");
}

TEST_F(Completion, BashCompletesRevisionsOfTheProjectNamedByDashC) {
    REQUIRE_SHELL("bash");
    const std::string root = project.root().string();
    const std::string script = "source <(mig completion bash)\n" +
                               bash_complete("mig -C '" + root + "' upgrade 9", 4) +
                               bash_complete("mig upgrade ''", 2);  // here: no project, nothing
    const MigResult result = shell({"bash", "--norc", "--noprofile", "-c"}, script, outside.path());
    ASSERT_MIG_OK(result);
    EXPECT_EQ(result.out, "9f8e7d6c5b4a\n--\n\n--\n");
    EXPECT_EQ(result.err, "");
    EXPECT_TRUE(fs::is_empty(outside.path()));
}

TEST_F(Completion, ZshLoadsThroughCompinitFromASourceAndFromFpath) {
    REQUIRE_SHELL("zsh");
    const MigResult sourced =
        shell({"zsh", "-f", "-c"},
              "autoload -Uz compinit && compinit -u -D && source <(mig completion zsh) && "
              "print -r -- $_comps[mig]",
              project.root());
    ASSERT_MIG_OK(sourced);
    EXPECT_EQ(sourced.out, "_mig\n");
    EXPECT_EQ(sourced.err, "");

    const fs::path functions = home.path() / "functions";
    fs::create_directories(functions);
    const MigResult written =
        shell({"sh", "-c"}, "mig completion zsh > '" + (functions / "_mig").string() + "'",
              project.root());
    ASSERT_MIG_OK(written);
    const MigResult autoloaded = shell({"zsh", "-f", "-c"},
                                       "fpath=('" + functions.string() +
                                           "' $fpath); autoload -Uz compinit && compinit -u -D && "
                                           "print -r -- $_comps[mig]",
                                       project.root());
    ASSERT_MIG_OK(autoloaded);
    EXPECT_EQ(autoloaded.out, "_mig\n");
}

TEST_F(Completion, ZshCompletesCommandsOptionsAndRevisions) {
    REQUIRE_SHELL("zsh");
    // The completion builtins print the words they were given that match the current one.
    const std::string stubs = R"ZSH(
_mig_offer() { print -rl -- ${(M)@:#${words[CURRENT]}*}; print -r -- -- }
_describe() { local -a given; given=("${(@P)4}"); _mig_offer "${given[@]%%:*}" }
compadd() { shift; _mig_offer "$@" }
_files() { print -r -- "_files $*"; print -r -- -- }
_message() { print -r -- "_message"; print -r -- -- }
)ZSH";
    const std::string script = "compdef() { : }\nsource <(mig completion zsh)\n" + stubs +
                               "words=(mig upg); CURRENT=2; _mig\n"
                               "words=(mig upgrade --s); CURRENT=3; _mig\n"
                               "words=(mig upgrade 1a2b); CURRENT=3; _mig\n"
                               "words=(mig hooks in); CURRENT=3; _mig\n"
                               "words=(mig --config ''); CURRENT=3; _mig\n"
                               "words=(mig merge -m x 9f8e7d6c5b4a 1); CURRENT=6; _mig\n";
    const MigResult result = shell({"zsh", "-f", "-c"}, script, project.root());
    ASSERT_MIG_OK(result);
    EXPECT_EQ(result.out,
              "upgrade\n--\n"
              "--sql\n--\n"
              "1a2bffff0000\n1a2b3c4d5e6f\n--\n"
              "install\n--\n"
              "_files \n--\n"
              "1a2bffff0000\n1a2b3c4d5e6f\n--\n");
    EXPECT_EQ(result.err, "");
}

TEST_F(Completion, FishLoadsAndCompletesCommandsOptionsAndRevisions) {
    REQUIRE_SHELL("fish");
    const std::string script =
        "mig completion fish | source\n"
        "complete -C 'mig upg'; echo ==\n"
        "complete -C 'mig upgrade --s'; echo ==\n"
        "complete -C 'mig upgrade 1a2b'; echo ==\n"
        "complete -C 'mig hooks in'; echo ==\n"
        "complete -C 'mig -C " +
        project.root().string() + " show 9'; echo ==\n";
    const MigResult result = shell({"fish", "--no-config", "-c"}, script, project.root());
    ASSERT_MIG_OK(result);
    EXPECT_EQ(result.out,
              "upgrade\tApply revisions up to TARGET, one transaction each\n==\n"
              "--sql\tPrint the SQL (with the version bookkeeping); touch nothing\n==\n"
              "1a2b3c4d5e6f\tusers table\n1a2bffff0000\torders table\n==\n"
              "install\tInstall pre-commit, pre-push, post-checkout and post-merge; a hook "
              "already there is kept and runs first\n==\n"
              "9f8e7d6c5b4a\tadd age\n==\n");
    EXPECT_EQ(result.err, "");
}

}  // namespace
}  // namespace mig::test
