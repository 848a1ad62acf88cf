#pragma once

// How sync and its snapshot plan name heads and commits in their messages, and compare head
// sets (internal to workflow/sync*.cpp).

#include "util/strings.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace mig::workflow::sync_labels {

// "a b" for heads a and b; "<base>" for none.
inline std::string heads_label(const std::vector<std::string>& heads) {
    return heads.empty() ? std::string("<base>") : util::join(heads, " ");
}

inline std::string short_commit(const std::string& commit) {
    return commit.substr(0, 12);
}

// Head sets compare equal whatever order they were read in.
inline std::vector<std::string> sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

}  // namespace mig::workflow::sync_labels
