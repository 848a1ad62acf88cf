#include "db/content_token.hpp"

#include "util/file_descriptor.hpp"

#include <array>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mig::db {

namespace {

constexpr std::size_t k_header_size = 100;
constexpr std::size_t k_change_counter = 24;   // 4 bytes, big-endian
constexpr std::size_t k_write_version = 18;    // 1: rollback journal, 2: WAL
constexpr char k_magic[] = "SQLite format 3";  // with its NUL: 16 bytes

bool exists(const std::string& path) {
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0;
}

}  // namespace

std::optional<std::string> content_token(const DatabaseUrl& url) {
    if (url.scheme != "sqlite") {
        return std::nullopt;
    }
    const std::string path = url.sqlite_path.string();
    if (exists(path + "-wal") || exists(path + "-journal")) {
        return std::nullopt;
    }
    const util::FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat info {};
    if (file.get() < 0 || ::fstat(file.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
        return std::nullopt;
    }
    std::array<unsigned char, k_header_size> header{};
    if (::pread(file.get(), header.data(), header.size(), 0) !=
            static_cast<ssize_t>(header.size()) ||
        std::memcmp(header.data(), k_magic, sizeof k_magic) != 0 || header[k_write_version] != 1) {
        return std::nullopt;
    }
    std::uint32_t counter = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        counter = (counter << 8U) | header[k_change_counter + i];
    }
    return "sqlite " + std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino) + ":" +
           std::to_string(info.st_size) + ":" + std::to_string(info.st_mtim.tv_sec) + "." +
           std::to_string(info.st_mtim.tv_nsec) + ":" + std::to_string(info.st_ctim.tv_sec) + "." +
           std::to_string(info.st_ctim.tv_nsec) + ":" + std::to_string(counter);
}

}  // namespace mig::db
