#pragma once

// Commit ids between libgit2's binary git_oid and the 40-character text mig passes around
// (internal to the vcs layer).

#include "util/error.hpp"
#include "vcs/libgit2.hpp"

#include <algorithm>
#include <iterator>
#include <string>

namespace mig::vcs::detail {

inline std::string hex(const git_oid& oid) {
    char text[GIT_OID_HEXSZ + 1] = {};
    libgit2().git_oid_tostr(text, sizeof text, &oid);
    return text;
}

// A full 40-character id; FailedError otherwise (callers pass ids git gave them).
inline git_oid parse_oid(const std::string& id) {
    git_oid oid{};
    if (id.size() != GIT_OID_HEXSZ || libgit2().git_oid_fromstr(&oid, id.c_str()) != 0) {
        throw FailedError("not a full git commit id: '" + id + "'");
    }
    return oid;
}

inline bool same_oid(const git_oid& a, const git_oid& b) {
    return std::equal(std::begin(a.id), std::end(a.id), std::begin(b.id));
}

}  // namespace mig::vcs::detail
