#pragma once

#include "db/database.hpp"

#include <chrono>
#include <filesystem>

namespace mig::db {

// An exclusive flock(2) on a file, polled until `timeout`. Released on destruction (and by
// the kernel if the process dies, so a crash never leaves a stale lock).
class LockFile final : public MigrationLock {
public:
    LockFile(const std::filesystem::path& path, std::chrono::milliseconds timeout);
    ~LockFile() override;
    LockFile(const LockFile&) = delete;
    LockFile& operator=(const LockFile&) = delete;

private:
    int m_fd = -1;
};

}  // namespace mig::db
