#pragma once

// Internal to the script layer: "did you mean" for directive and placeholder names.

#include "util/spelling.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::script {

// The known name closest to `word`, if it is a plausible typo. util::closest_matches also
// matches candidate prefixes (made for revision-id prefixes), which turns a short unknown
// word like `foo` into `downgrade`; for names we want an abbreviation (`rev` -> `revision`)
// or a whole-word typo (`upgarde` -> `upgrade`) only.
inline std::optional<std::string> suggest_name(std::string_view word,
                                               const std::vector<std::string>& names) {
    if (word.size() >= 2) {
        for (const auto& candidate : names) {
            if (candidate.starts_with(word)) {
                return candidate;  // an abbreviation
            }
        }
    }
    for (const auto& candidate : util::closest_matches(word, names, names.size())) {
        const std::size_t limit = std::max<std::size_t>(2, candidate.size() / 3);
        if (candidate.starts_with(word) || util::edit_distance(word, candidate) <= limit) {
            return candidate;
        }
    }
    return std::nullopt;
}

}  // namespace mig::script
