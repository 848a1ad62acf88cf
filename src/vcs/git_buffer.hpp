#pragma once

// The owner of a git_buf that libgit2 fills (internal to the vcs layer). Neither copied nor
// moved: libgit2 writes into it in place and it is disposed of once, on scope exit.

#include "vcs/libgit2.hpp"

#include <string>

namespace mig::vcs::detail {

class GitBuffer {
public:
    GitBuffer() = default;
    GitBuffer(const GitBuffer&) = delete;
    GitBuffer& operator=(const GitBuffer&) = delete;
    GitBuffer(GitBuffer&&) = delete;
    GitBuffer& operator=(GitBuffer&&) = delete;
    ~GitBuffer() { libgit2().git_buf_dispose(&m_buffer); }

    git_buf* out() noexcept { return &m_buffer; }
    std::string str() const {
        return m_buffer.ptr != nullptr ? std::string(m_buffer.ptr, m_buffer.size) : std::string();
    }

private:
    git_buf m_buffer{};
};

}  // namespace mig::vcs::detail
