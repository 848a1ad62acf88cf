#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::script {

// Revision files that come from somewhere other than versions/ on disk: the git index's, read
// by blob id (`mig check --staged`). ScriptDirectory parses them exactly as it parses files,
// under their names in versions/.
class RevisionSource {
public:
    RevisionSource() = default;
    RevisionSource(const RevisionSource&) = delete;
    RevisionSource& operator=(const RevisionSource&) = delete;
    virtual ~RevisionSource() = default;

    // The revision files' names (`*.sql`, no folder), sorted.
    virtual std::vector<std::string> names() const = 0;

    // Calls `visit(i, content, sha256)` for each of `names` in order, as ContentCache::visit_all
    // does: the views are valid during the call only; `sha256` is the content's hex digest
    // when known, else empty.
    virtual void visit_all(const std::vector<std::string>& names,
                           const std::function<void(std::size_t, std::string_view,
                                                    std::string_view)>& visit) const = 0;
};

}  // namespace mig::script
