#include "db/lock_file.hpp"

#include "util/error.hpp"
#include "util/file_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace mig::db {

namespace fs = std::filesystem;

namespace {

constexpr std::chrono::milliseconds k_poll_interval{20};

int open_lock_file(const fs::path& path) {
    util::create_state_dir(path.parent_path());  // open() below reports any real problem
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int error = errno;
        throw FailedError(
            "cannot create the lock file " + path.string() + ": " + std::strerror(error),
            util::write_failure(path, error).hint());
    }
    return fd;
}

// "5 s", "0.5 s": the waited time as the user configured it.
std::string seconds_text(std::chrono::milliseconds timeout) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(timeout.count()) / 1000.0);
    return std::string(buffer) + " s";
}

// True when the lock was taken, false while another open file description holds it.
bool try_lock(int fd, const fs::path& path) {
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            return false;
        }
        if (errno != EINTR) {
            throw FailedError("cannot lock " + path.string() + ": " + std::strerror(errno));
        }
    }
    return true;
}

}  // namespace

// flock(2) rather than fcntl locks: it belongs to the open file description, so two
// LockFiles conflict even inside one process, and the kernel drops it when the process dies.
LockFile::LockFile(const fs::path& path, std::chrono::milliseconds timeout)
    : m_fd(open_lock_file(path)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    try {
        while (!try_lock(m_fd, path)) {
            if (std::chrono::steady_clock::now() >= deadline) {
                throw FailedError("another mig process holds the lock " + path.string() +
                                      "; waited " + seconds_text(timeout),
                                  "wait for it to finish, or raise [database] lock_timeout");
            }
            std::this_thread::sleep_for(k_poll_interval);
        }
    } catch (...) {
        ::close(m_fd);  // the destructor does not run for a constructor that throws
        throw;
    }
}

LockFile::~LockFile() {
    ::close(m_fd);  // releases the flock
}

}  // namespace mig::db
