#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mig::util {

// Levenshtein distance, for "did you mean ...?" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` candidates closest to `word`, best first: within one edit for words of up to
// three characters, else within max(2, word.size()/3) edits of the candidate or its prefix.
std::vector<std::string> closest_matches(std::string_view word,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit = 3);

}  // namespace mig::util
