#pragma once

#include "vcs/libgit2.hpp"

#include <string>

namespace mig::vcs::detail {

// libgit2's message for the call that just failed (internal to the vcs layer).
inline std::string last_git_error() {
    const git_error* error = libgit2().git_error_last();
    return error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error";
}

}  // namespace mig::vcs::detail
