// The atomic write helpers: a temporary file beside the target, never a partial file under
// the final name, the target's permissions kept, stale temporaries of dead processes removed.

#include "support/temp_dir.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <functional>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace mig::util {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

pid_t dead_pid() {
    for (pid_t pid = 4'000'000; pid > 1000; --pid) {
        if (::kill(pid, 0) != 0 && errno == ESRCH) {
            return pid;
        }
    }
    return 0;
}

TEST(FileWrite, TemporaryNameIsHiddenBesideTheTargetAndNamesTheProcess) {
    EXPECT_EQ(temporary_path_for("/p/versions/a_b.sql"),
              fs::path("/p/versions/.a_b.sql.mig-tmp-" + std::to_string(::getpid())));
}

TEST(FileWrite, AtomicWriteKeepsTheReplacedFilesModeOrTakesTheGivenOne) {
    test::TempDir dir;
    write_file_atomically(dir / "a", "one");
    fs::permissions(dir / "a", fs::perms::owner_read | fs::perms::owner_write);
    write_file_atomically(dir / "a", "two");
    EXPECT_EQ(read_file(dir / "a"), "two");
    EXPECT_EQ(fs::status(dir / "a").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);

    write_file_atomically(dir / "b", "x", fs::perms::owner_read);
    EXPECT_EQ(fs::status(dir / "b").permissions() & fs::perms::all, fs::perms::owner_read);
    EXPECT_THAT(names_in(dir.path()), ElementsAre("a", "b")) << "no temporary file left";
}

TEST(FileWrite, NewFileNeverReplacesEvenADanglingSymlink) {
    test::TempDir dir;
    fs::create_symlink(dir / "nowhere", dir / "link");
    EXPECT_THROW(write_new_file(dir / "link", "x"), RefusedError);
    EXPECT_FALSE(fs::exists(dir / "nowhere"));
    EXPECT_THAT(names_in(dir.path()), ElementsAre("link"));
}

// Runs `write` in a child with a file size limit of 10 bytes (SIGXFSZ ignored, so writes
// fail with EFBIG as on a full disk). The child's exit code: 0 when `write` threw a
// FailedError whose message contains `file` and says "disk full", 3 for another message, 4
// when nothing was thrown.
int write_with_full_disk(const std::function<void()>& write, const std::string& file) {
    pid_t child = ::fork();
    if (child == 0) {
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{10, 10};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        try {
            write();
        } catch (const FailedError& error) {
            const std::string what = error.what();
            const bool named = what.find("disk full / file too large") != std::string::npos &&
                               what.find(file) != std::string::npos;
            ::_exit(named ? 0 : 3);
        }
        ::_exit(4);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(FileWrite, FullDiskLeavesNoFileAndSaysSo) {
    test::TempDir dir;
    EXPECT_EQ(write_with_full_disk([&] { write_new_file(dir / "new.sql", std::string(100, 'x')); },
                                   "new.sql"),
              0);
    EXPECT_THAT(names_in(dir.path()), IsEmpty()) << "no 0-byte file, no temporary file";

    write_file_atomically(dir / "old.txt", "kept");
    EXPECT_EQ(
        write_with_full_disk([&] { write_file_atomically(dir / "old.txt", std::string(100, 'y')); },
                             "old.txt"),
        0);
    EXPECT_THAT(names_in(dir.path()), ElementsAre("old.txt"));
    EXPECT_EQ(read_file(dir / "old.txt"), "kept") << "the old content survives a failed write";
}

TEST(FileWrite, StaleTemporariesOfDeadProcessesOnly) {
    test::TempDir dir;
    const std::string dead = std::to_string(dead_pid());
    const std::string live = std::to_string(::getppid());
    dir.write(".a.sql.mig-tmp-" + dead, "");
    dir.write(".app.db.x.bak.mig-tmp-" + dead + "-journal", "");
    dir.write(".b.sql.mig-tmp-" + live, "");
    dir.write("c.sql.mig-tmp-" + dead, "");  // not hidden: not mig's
    dir.write(".d.mig-tmp-12x", "");         // not a pid
    EXPECT_EQ(remove_stale_temporary_files(dir.path()), 2u);
    EXPECT_THAT(names_in(dir.path()),
                ElementsAre(".b.sql.mig-tmp-" + live, ".d.mig-tmp-12x", "c.sql.mig-tmp-" + dead));
}

TEST(FileWrite, FailureMessagesNameTheCauseAndTheFix) {
    FailedError full = write_failure("/p/v/a.sql", ENOSPC);
    EXPECT_THAT(full.what(), AllOf(HasSubstr("cannot write /p/v/a.sql: disk full / file too "
                                             "large (No space left on device)")));
    EXPECT_THAT(full.hint(), HasSubstr("free space"));
    FailedError denied = write_failure("/p/v/a.sql", EACCES);
    EXPECT_EQ(std::string(denied.what()), "cannot write /p/v/a.sql: Permission denied");
    EXPECT_THAT(denied.hint(), HasSubstr("make /p/v writable"));
    FailedError read_only = write_failure("/p/v/a.sql", EROFS);
    EXPECT_THAT(read_only.hint(), HasSubstr("make /p/v writable"));
}

}  // namespace
}  // namespace mig::util
