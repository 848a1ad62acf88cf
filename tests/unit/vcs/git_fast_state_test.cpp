// The fast answers (git's files read directly, and the facts earlier runs learnt) against
// libgit2's, in real repositories: a generator changes the work tree, the index, HEAD, branches
// and configuration in random ways, and after every step a repository that keeps facts must
// answer exactly as one that asks libgit2 everything, on its first run and on a warm one.

#include "git_fixture.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>

namespace mig::vcs::test {

namespace fs = std::filesystem;

namespace {

const std::string k_versions = "migrations/versions";

// Everything the fast state answers, in one comparable value.
struct Answers {
    std::optional<std::string> branch;
    std::optional<std::string> commit;
    std::set<std::pair<std::string, std::string>> tracked_changes;
    std::set<std::pair<std::string, std::string>> uncommitted;
    bool dirty = false;
    std::vector<std::string> in_the_way;
    std::vector<std::string> branches;
    std::optional<std::string> upstream_name;
    std::optional<std::string> upstream_commit;
    std::string hooks_dir;
    bool tracks_first = false;
    bool first_is_ancestor = false;
    std::string first_subject;

    bool operator==(const Answers&) const = default;
};

std::string describe(const Answers& answers) {
    std::ostringstream out;
    out << "branch=" << answers.branch.value_or("-") << " commit=" << answers.commit.value_or("-")
        << " dirty=" << answers.dirty << "\n  tracked:";
    for (const auto& [path, state] : answers.tracked_changes) {
        out << " " << path << "(" << state << ")";
    }
    out << "\n  uncommitted:";
    for (const auto& [path, state] : answers.uncommitted) {
        out << " " << path << "(" << state << ")";
    }
    out << "\n  in the way:";
    for (const auto& path : answers.in_the_way) {
        out << " " << path;
    }
    out << "\n  branches:";
    for (const auto& name : answers.branches) {
        out << " " << name;
    }
    out << "\n  upstream=" << answers.upstream_name.value_or("-") << " "
        << answers.upstream_commit.value_or("-") << " hooks=" << answers.hooks_dir
        << " tracks=" << answers.tracks_first << " ancestor=" << answers.first_is_ancestor
        << " subject=" << answers.first_subject;
    return out.str();
}

class GitFastState : public GitFixture {
protected:
    void SetUp() override {
        init();
        write("migrations/versions/a.sql", "-- a\n");
        write("migrations/versions/b.sql", "-- b\n");
        write("model.sql", "CREATE TABLE t (id INTEGER);\n");
        write("src/app.py", "print(1)\n");
        git({"add", "-A"});
        git({"commit", "-q", "-m", "first"});
        m_first = git_line({"rev-parse", "HEAD"});
        git({"rm", "-q", "src/app.py"});
        write("src/other.py", "print(2)\n");
        git({"add", "-A"});
        git({"commit", "-q", "-m", "second"});
    }

    // Writes `path` with its modification time 100 s in the past, as files look a while after
    // they were written: then git's index is newer and its stat data counts (racily clean
    // entries are left to libgit2, see git_fast_state.cpp). `now`: keep the real time.
    void write(const std::string& path, const std::string& content, bool now = false) {
        m_repo.write(path, content);
        if (!now) {
            fs::last_write_time(m_repo.path() / path,
                                fs::file_time_type::clock::now() - std::chrono::seconds(100));
        }
    }

    GitRepository cached() const {
        return std::move(*GitRepository::discover(m_repo.path(), m_cache.path()));
    }
    GitRepository reference() const {
        return std::move(*GitRepository::discover_with_libgit2(m_repo.path()));
    }

    Answers answers(const GitRepository& repository) const {
        Answers answers;
        const HeadState head = repository.head();
        answers.branch = head.branch;
        answers.commit = head.commit;
        EXPECT_EQ(repository.head_commit(), head.commit);
        for (const ChangedFile& file : repository.tracked_changes()) {
            answers.tracked_changes.emplace(file.path, file.state);
        }
        for (const UncommittedFile& file :
             repository.uncommitted_files(m_repo.path() / k_versions)) {
            answers.uncommitted.emplace(
                file.path.lexically_relative(fs::canonical(m_repo.path())).generic_string(),
                file.state);
        }
        answers.dirty = repository.is_dirty();
        answers.in_the_way = repository.untracked_files_tracked_by(m_first);
        answers.branches = repository.branches_containing(m_first);
        answers.upstream_name = repository.upstream_name();
        answers.upstream_commit = repository.upstream_commit();
        answers.hooks_dir = repository.hooks_dir().string();
        answers.tracks_first = repository.head_tracks("src/app.py");
        if (head.commit) {
            answers.first_is_ancestor = repository.is_ancestor(m_first, *head.commit);
        }
        answers.first_subject = repository.commit(m_first).subject;
        return answers;
    }

    // The cached repository answers as libgit2 does: on the run that learns, and on a warm one.
    void expect_same_answers(const std::string& step) {
        const Answers expected = answers(reference());
        const Answers learning = answers(cached());
        EXPECT_EQ(learning, expected)
            << step << "\nexpected " << describe(expected) << "\nlearning " << describe(learning);
        const Answers warm = answers(cached());
        EXPECT_EQ(warm, expected) << step << "\nexpected " << describe(expected) << "\nwarm "
                                  << describe(warm);
    }

    // One random change to the repository; returns what it did, for the failure message.
    std::string random_step(std::mt19937& random, int step);

    mig::test::TempDir m_cache;
    std::string m_first;
};

}  // namespace

TEST_F(GitFastState, AWarmRunOfACleanRepositoryDoesNotLoadLibgit2) {
    answers(cached());  // learns
    const GitRepository warm = cached();
    EXPECT_EQ(warm.head().branch, std::optional<std::string>("main"));
    EXPECT_TRUE(warm.tracked_changes().empty());
    EXPECT_TRUE(warm.uncommitted_files(m_repo.path() / k_versions).empty());
    EXPECT_TRUE(warm.untracked_files_tracked_by(m_first).empty());
    EXPECT_EQ(warm.branches_containing(m_first), std::vector<std::string>{"main"});
    EXPECT_EQ(warm.commit(m_first).subject, "first");
    EXPECT_FALSE(warm.head_tracks("src/app.py"));
    EXPECT_EQ(warm.hooks_dir(), fs::canonical(m_repo.path()) / ".git" / "hooks");
    EXPECT_FALSE(warm.upstream_name().has_value());
    EXPECT_FALSE(warm.opened_libgit2());
}

TEST_F(GitFastState, TheFactsFileInTheProjectsStateFolderIsNeverSeenByGit) {
    {
        const auto repository =
            GitRepository::discover(m_repo.path(), m_repo.path() / ".mig/cache");
        ASSERT_TRUE(repository.has_value());
        EXPECT_TRUE(repository->tracked_changes().empty());  // learns a fact, written at the end
    }
    EXPECT_TRUE(fs::exists(m_repo.path() / ".mig/cache/git-facts"));
    EXPECT_EQ(git({"status", "--porcelain", "--untracked-files=all"}), "");
}

TEST_F(GitFastState, AChangedFileIsSeenAlthoughTheFactsSayTheIndexWasClean) {
    answers(cached());
    write("migrations/versions/a.sql", "-- A\n");  // same size, time in the past: new ctime
    const GitRepository warm = cached();
    const auto files = warm.uncommitted_files(m_repo.path() / k_versions);
    ASSERT_EQ(files.size(), 1U);
    EXPECT_EQ(files.front().state, "modified");
    EXPECT_TRUE(warm.is_dirty());
}

TEST_F(GitFastState, AnUntrackedRevisionFileIsSeenAlthoughTheFactsSayTheFolderWasClean) {
    answers(cached());
    write("migrations/versions/c.sql", "-- c\n");
    const auto files = cached().uncommitted_files(m_repo.path() / k_versions);
    ASSERT_EQ(files.size(), 1U);
    EXPECT_EQ(files.front().state, "untracked");
    EXPECT_EQ(files.front().path.filename(), "c.sql");
}

TEST_F(GitFastState, AnUntrackedFileWhereTheOlderCommitHasOneIsInTheWay) {
    answers(cached());
    write("src/app.py", "mine\n");
    EXPECT_EQ(cached().untracked_files_tracked_by(m_first), std::vector<std::string>{"src/app.py"});
    expect_same_answers("untracked src/app.py");
}

TEST_F(GitFastState, FilesInAFolderWhereTheOlderCommitHasAFileAreInTheWay) {
    write("src/app.py/inner.txt", "a folder where the first commit has a file\n");
    EXPECT_EQ(cached().untracked_files_tracked_by(m_first),
              std::vector<std::string>{"src/app.py/inner.txt"});
    expect_same_answers("untracked folder src/app.py/");
}

TEST_F(GitFastState, RandomChangesAreAnsweredAsLibgit2AnswersThem) {
    for (unsigned seed = 1; seed <= 12; ++seed) {
        std::mt19937 random(seed);
        for (int step = 0; step < 14; ++step) {
            const std::string what = random_step(random, step);
            expect_same_answers("seed " + std::to_string(seed) + " step " + std::to_string(step) +
                                ": " + what);
            if (HasFailure()) {
                return;
            }
        }
    }
}

std::string GitFastState::random_step(std::mt19937& random, int step) {
    GitFastState& t = *this;
    const std::vector<std::string> tracked{"migrations/versions/a.sql", "migrations/versions/b.sql",
                                           "model.sql", "src/other.py"};
    const std::string& file = tracked.at(random() % tracked.size());
    const bool now = random() % 3 == 0;
    const std::string content = "v" + std::to_string(step) + std::string(random() % 3, 'x') + "\n";
    std::error_code error;
    switch (random() % 16) {
        case 0:
            t.write(file, content, now);
            return "modified " + file;
        case 1:
            t.write("migrations/versions/new" + std::to_string(step) + ".sql", content, now);
            return "untracked revision";
        case 2:
            t.write("notes" + std::to_string(step) + ".txt", content, now);
            return "untracked file at the root";
        case 3:
            t.write(file, content, now);
            t.git({"add", "--", file});
            return "staged " + file;
        case 4:
            fs::remove(t.m_repo.path() / file, error);
            return "deleted " + file;
        case 5:
            fs::permissions(t.m_repo.path() / file, fs::perms::owner_exec, fs::perm_options::add,
                            error);
            return "chmod +x " + file;
        case 6:
            t.git({"add", "-A"});
            t.git({"commit", "-q", "--allow-empty", "-m", "step " + std::to_string(step)});
            return "committed everything";
        case 7:
            t.git({"checkout", "-q", "-f", "-B", "b" + std::to_string(step % 3)});
            return "checked out a branch";
        case 8:
            t.git({"reset", "-q", "--hard"});
            return "reset --hard";
        case 9:
            t.git({"clean", "-q", "-fd"});
            return "clean -fd";
        case 10:
            t.write("migrations/versions/sub/x.sql", content, now);
            return "a folder in versions";
        case 11:
            fs::last_write_time(t.m_repo.path() / file, fs::file_time_type::clock::now(), error);
            return "touched " + file;
        case 12:
            t.git({"pack-refs", "--all"});
            return "packed the refs";
        case 13:
            t.git({"update-ref", "refs/remotes/origin/main", "HEAD~1"});
            t.git({"config", "branch.main.remote", "origin"});
            t.git({"config", "branch.main.merge", "refs/heads/main"});
            return "main tracks origin/main";
        case 14:
            t.write("src/app.py", content, now);
            return "untracked src/app.py";
        default:
            t.git({"checkout", "-q", "-f", "main"});
            return "checked out main";
    }
}

}  // namespace mig::vcs::test
