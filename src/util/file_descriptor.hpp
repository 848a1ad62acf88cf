#pragma once

#include <unistd.h>

namespace mig::util {

// Owns a POSIX file descriptor and closes it on scope exit (errors of that close are lost:
// call close() first where they matter, e.g. after writing).
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    int get() const { return m_fd; }

    // Closes now; returns ::close's result (0, or -1 with errno set).
    int close() {
        int result = ::close(m_fd);
        m_fd = -1;
        return result;
    }

private:
    int m_fd;
};

}  // namespace mig::util
