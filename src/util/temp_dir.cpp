#include "util/temp_dir.hpp"

#include "util/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

namespace mig::util {

namespace fs = std::filesystem;

TempDir::TempDir(const char* purpose) {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        (base != nullptr && *base != '\0' ? std::string(base) : "/tmp") + "/" + purpose + ".XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw FailedError(
            "cannot create a temporary folder " + pattern + ": " + std::strerror(errno),
            "check that TMPDIR (or /tmp) exists and is writable");
    }
    m_path = pattern;
}

TempDir::~TempDir() {
    remove();
}

TempDir::TempDir(TempDir&& other) noexcept : m_path(std::exchange(other.m_path, {})) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
    if (this != &other) {
        remove();
        m_path = std::exchange(other.m_path, {});
    }
    return *this;
}

void TempDir::remove() noexcept {
    if (!m_path.empty()) {
        std::error_code ignored;  // best effort: a leftover temporary folder harms nobody
        fs::remove_all(m_path, ignored);
    }
}

}  // namespace mig::util
