// limited_run: runs a program in a hostile environment, for the end-to-end tests of what
// mig does when the disk is full, files are read-only or standard output fails.
//
//   limited_run [--file-size-limit BYTES] [--unprivileged] [--stdout-file PATH]
//               [--stdout-closed-pipe] -- PROGRAM ARGS...
//
// --file-size-limit: setrlimit(RLIMIT_FSIZE) with SIGXFSZ ignored, so that a write past BYTES
//   fails with EFBIG exactly as a full disk fails with ENOSPC (a real full file system would
//   need root to mount one).
// --unprivileged: when running as root, switch to nobody (65534) first, so that file
//   permissions apply (root ignores them); a no-op for any other user.
// --stdout-file: standard output opened on PATH (e.g. /dev/full).
// --stdout-closed-pipe: standard output is a pipe whose reader has already gone.
// MIG_DATABASE_URL and MIG_ENV are always unset, so that the environment the tests run in
// cannot change what they see.

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace {

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "limited_run: %s: %s\n", what.c_str(), std::strerror(errno));
    std::exit(127);
}

}  // namespace

int main(int argc, char** argv) {
    ::unsetenv("MIG_DATABASE_URL");
    ::unsetenv("MIG_ENV");
    int i = 1;
    for (; i < argc && std::string(argv[i]) != "--"; ++i) {
        const std::string option = argv[i];
        if (option == "--file-size-limit" && i + 1 < argc) {
            rlimit limit{};
            limit.rlim_cur = std::strtoull(argv[++i], nullptr, 10);
            limit.rlim_max = limit.rlim_cur;
            std::signal(SIGXFSZ, SIG_IGN);  // inherited across exec: writes fail with EFBIG
            if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
                die("setrlimit");
            }
        } else if (option == "--unprivileged") {
            if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) {
                die("setuid");
            }
        } else if (option == "--stdout-file" && i + 1 < argc) {
            int fd = ::open(argv[++i], O_WRONLY);
            if (fd < 0 || ::dup2(fd, 1) < 0) {
                die("open stdout");
            }
            ::close(fd);
        } else if (option == "--stdout-closed-pipe") {
            int ends[2];
            if (::pipe(ends) != 0 || ::dup2(ends[1], 1) < 0) {
                die("pipe");
            }
            ::close(ends[0]);
            ::close(ends[1]);
        } else {
            std::fprintf(stderr, "limited_run: unknown option %s\n", option.c_str());
            return 127;
        }
    }
    if (i + 1 >= argc) {
        std::fprintf(stderr, "limited_run: no program after --\n");
        return 127;
    }
    ::execv(argv[i + 1], argv + i + 1);
    die(std::string("exec ") + argv[i + 1]);
}
