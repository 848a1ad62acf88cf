// Atomic file writes: temporary file, fsync, rename, fsync of the folder (see file_io.hpp).

#include "util/error.hpp"
#include "util/file_descriptor.hpp"
#include "util/file_io.hpp"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mig::util {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_temporary_marker = ".mig-tmp-";
constexpr mode_t k_default_mode = 0666;  // less the umask, as for any file a program creates

// The file being written under its temporary name; removed unless `keep()` was called.
class TemporaryFile {
public:
    TemporaryFile(const fs::path& target, std::optional<fs::perms> mode)
        : m_target(target), m_path(temporary_path_for(target)), m_fd(open_exclusive(mode)) {
        if (mode) {
            // Exactly these bits whatever the umask: a 0600 file stays 0600.
            if (::fchmod(m_fd.get(), static_cast<mode_t>(*mode)) != 0) {
                fail(errno);
            }
        }
    }
    ~TemporaryFile() {
        if (!m_kept) {
            ::unlink(m_path.c_str());
        }
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;

    const fs::path& path() const { return m_path; }

    // All of `content`, then fsync (unless a cache) and close: every write error surfaces
    // here, including a full disk that some file systems report only at fsync or close.
    void write(std::string_view content, Durability durability) {
        std::size_t done = 0;
        while (done < content.size()) {
            ssize_t wrote = ::write(m_fd.get(), content.data() + done, content.size() - done);
            if (wrote < 0 && errno == EINTR) {
                continue;
            }
            if (wrote <= 0) {
                fail(wrote < 0 ? errno : ENOSPC);
            }
            done += static_cast<std::size_t>(wrote);
        }
        if ((durability == Durability::durable && ::fsync(m_fd.get()) != 0) || m_fd.close() != 0) {
            fail(errno);
        }
    }

    // The file now has its final name: nothing to remove.
    void keep() { m_kept = true; }

    [[noreturn]] void fail(int error_number) const { throw write_failure(m_target, error_number); }

private:
    int open_exclusive(std::optional<fs::perms> mode) const {
        const mode_t bits = mode ? static_cast<mode_t>(*mode) : k_default_mode;
        const int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
        int fd = ::open(m_path.c_str(), flags, bits);
        if (fd < 0 && errno == EEXIST) {
            // Left by an earlier process that had our pid: it is not running, so it is stale.
            ::unlink(m_path.c_str());
            fd = ::open(m_path.c_str(), flags, bits);
        }
        if (fd < 0) {
            fail(errno);
        }
        return fd;
    }

    fs::path m_target;
    fs::path m_path;
    FileDescriptor m_fd;
    bool m_kept = false;
};

// The permission bits of `path`, when it exists.
std::optional<fs::perms> existing_mode(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return std::nullopt;
    }
    return static_cast<fs::perms>(info.st_mode & 07777);
}

// Gives `from` the name `to` unless `to` exists. False when `to` exists.
bool rename_no_replace(const fs::path& from, const fs::path& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
        return true;
    }
    if (errno == EEXIST) {
        return false;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        throw write_failure(to, errno);
    }
    // A file system without RENAME_NOREPLACE: link() also never replaces.
    if (::link(from.c_str(), to.c_str()) != 0) {
        if (errno == EEXIST) {
            return false;
        }
        throw write_failure(to, errno);
    }
    ::unlink(from.c_str());
    return true;
}

// The writer's pid in a temporary file name `.<name>.mig-tmp-<pid>[-journal]`, or 0.
pid_t temporary_file_owner(std::string_view name) {
    const std::size_t marker = name.rfind(k_temporary_marker);
    if (name.empty() || name.front() != '.' || marker == std::string_view::npos) {
        return 0;
    }
    std::string_view digits = name.substr(marker + k_temporary_marker.size());
    pid_t pid = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    const bool rest_ok = end == digits.data() + digits.size() || *end == '-';
    return error == std::errc() && rest_ok && pid > 0 ? pid : 0;
}

bool process_is_running(pid_t pid) {
    return ::kill(pid, 0) == 0 || errno == EPERM;  // EPERM: it runs, as another user
}

}  // namespace

fs::path temporary_path_for(const fs::path& target) {
    return target.parent_path() / ("." + target.filename().string() +
                                   std::string(k_temporary_marker) + std::to_string(::getpid()));
}

void write_file_atomically(const fs::path& path, std::string_view content,
                           std::optional<fs::perms> mode, Durability durability) {
    remove_stale_temporary_files(path.parent_path());
    TemporaryFile temporary(path, mode ? mode : existing_mode(path));
    temporary.write(content, durability);
    if (::rename(temporary.path().c_str(), path.c_str()) != 0) {
        temporary.fail(errno);
    }
    temporary.keep();
    if (durability == Durability::durable) {
        sync_directory(path.parent_path());
    }
}

void write_new_file(const fs::path& path, std::string_view content) {
    std::error_code ignored;
    if (fs::exists(fs::symlink_status(path, ignored))) {
        // Checked first too, so that an existing file is reported before any write is tried.
        throw RefusedError(path.string() + " already exists; mig never overwrites it");
    }
    remove_stale_temporary_files(path.parent_path());
    TemporaryFile temporary(path, std::nullopt);
    temporary.write(content, Durability::durable);
    if (!rename_no_replace(temporary.path(), path)) {
        throw RefusedError(path.string() + " already exists; mig never overwrites it");
    }
    temporary.keep();
    sync_directory(path.parent_path());
}

std::size_t remove_stale_temporary_files(const fs::path& dir) {
    std::size_t removed = 0;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        const pid_t owner = temporary_file_owner(entry.path().filename().native());
        if (owner != 0 && owner != ::getpid() && !process_is_running(owner)) {
            std::error_code ignored;
            removed += fs::remove(entry.path(), ignored) ? std::size_t{1} : std::size_t{0};
        }
    }
    return removed;
}

void sync_directory(const fs::path& dir) {
    FileDescriptor fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0) {
        ::fsync(fd.get());  // best effort: some file systems refuse fsync on a folder
    }
}

FailedError write_failure(const fs::path& path, int error_number) {
    const std::string cause = std::strerror(error_number);
    const std::string folder = path.parent_path().empty() ? "." : path.parent_path().string();
    switch (error_number) {
        case ENOSPC:
        case EDQUOT:
        case EFBIG:
            return FailedError("cannot write " + path.string() + ": disk full / file too large (" +
                                   cause + "); nothing was written",
                               "free space on the disk (or raise the file size limit) and retry");
        case EACCES:
        case EPERM:
        case EROFS:
            return FailedError("cannot write " + path.string() + ": " + cause,
                               "make " + folder +
                                   " writable, or run mig as a user who may write "
                                   "there");
        case ENOENT:
        case ENOTDIR:
            return FailedError(
                "cannot write " + path.string() + ": the folder " + folder + " does not exist",
                "create it, or fix the path");
        default:
            return FailedError("cannot write " + path.string() + ": " + cause,
                               "check the disk, then retry");
    }
}

}  // namespace mig::util
