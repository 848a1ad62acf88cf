#include "util/file_io.hpp"

#include "util/error.hpp"
#include "util/file_descriptor.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace mig::util {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_file_impl(const fs::path& path, bool missing_ok) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (missing_ok && errno == ENOENT) {
            return std::nullopt;
        }
        throw InputError("cannot read " + path.string() + ": " + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        throw InputError("cannot stat " + path.string() + ": " + std::strerror(errno));
    }
    std::string content;
    content.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    const bool regular = S_ISREG(info.st_mode);
    while (true) {
        if (regular && done == content.size() && done > 0) {
            break;  // the whole file is in: skip the extra read() that would only see EOF
        }
        if (done == content.size()) {
            content.resize(content.size() + 4096);  // the file may have grown, or be a pipe
        }
        ssize_t got = ::read(fd.get(), content.data() + done, content.size() - done);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw InputError("cannot read " + path.string() + ": " + std::strerror(errno));
        }
        if (got == 0) {
            break;
        }
        done += static_cast<std::size_t>(got);
    }
    content.resize(done);
    return content;
}

}  // namespace

std::string read_file(const fs::path& path) {
    return *read_file_impl(path, false);
}

std::string read_regular_file(const fs::path& path) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        throw InputError("cannot read " + path.string() + ": " + std::strerror(errno));
    }
    // One uninitialised scratch buffer for every call: zero-filling a fresh buffer per file
    // cost more than reading the file.
    constexpr std::size_t k_chunk = std::size_t{64} * 1024;
    static const std::unique_ptr<char[]> scratch(new char[k_chunk]);
    std::string content;
    while (true) {
        ssize_t got = ::read(fd.get(), scratch.get(), k_chunk);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            throw InputError("cannot read " + path.string() + ": " + std::strerror(errno));
        }
        content.append(scratch.get(), static_cast<std::size_t>(got));
        // A regular file returns less than asked for only at its end.
        if (static_cast<std::size_t>(got) < k_chunk) {
            return content;
        }
    }
}

std::optional<std::string> read_file_if_exists(const fs::path& path) {
    return read_file_impl(path, true);
}

void create_state_dir(const fs::path& dir) {
    std::error_code error;
    fs::create_directories(dir, error);
    fs::path ignore = dir / ".gitignore";
    if (error || fs::exists(ignore, error)) {
        return;
    }
    try {
        write_new_file(ignore, "# mig's local state (lock, backups, caches): never commit it\n*\n");
    } catch (const Error&) {
        // another process wrote it first, or the folder is read-only: both harmless here
    }
}

std::string write_cache_file(const fs::path& file, std::string_view content) {
    try {
        create_state_dir(file.parent_path().parent_path());
        fs::create_directories(file.parent_path());
        write_file_atomically(file, content, std::nullopt, Durability::cache);
        return {};
    } catch (const std::exception& failure) {
        return failure.what();
    }
}

std::string display_path(const fs::path& path, const fs::path& base) {
    // Plain string work: lexically_relative builds component lists, and this runs per step.
    const std::string& text = path.native();
    const std::string& prefix = base.native();
    if (base.empty() || path.is_relative() || text.size() <= prefix.size() ||
        text.compare(0, prefix.size(), prefix) != 0) {
        return text;
    }
    if (prefix.back() == '/') {
        return text.substr(prefix.size());
    }
    return text[prefix.size()] == '/' ? text.substr(prefix.size() + 1) : text;
}

}  // namespace mig::util
