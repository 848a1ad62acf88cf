#pragma once

#include <filesystem>

namespace mig::util {

// A fresh private folder under $TMPDIR (or /tmp), removed with everything in it on
// destruction. Throws FailedError when it cannot be created. Move-only.
class TempDir {
public:
    explicit TempDir(const char* purpose = "mig");
    ~TempDir();
    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&& other) noexcept;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }

private:
    void remove() noexcept;
    std::filesystem::path m_path;
};

}  // namespace mig::util
