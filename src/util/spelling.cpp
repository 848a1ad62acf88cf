#include "util/spelling.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace mig::util {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> closest_matches(std::string_view word,
                                         const std::vector<std::string>& candidates,
                                         std::size_t limit) {
    // Short words are close to everything: allow one edit for them, a third of the length
    // (at least two) for longer ones; and compare with id prefixes only from four characters.
    const std::size_t max_distance =
        word.size() <= 3 ? 1 : std::max<std::size_t>(2, word.size() / 3);
    // (distance, distance to the whole candidate, candidate): of two candidates the word is a
    // prefix of, the closer whole one comes first ("snapshot": snapshots before snapshot_keep).
    std::vector<std::tuple<std::size_t, std::size_t, std::string>> scored;
    for (const auto& candidate : candidates) {
        // Compare against the candidate's prefix too, so "3f2b" finds "3f2a9c1d7b4e".
        const std::size_t whole = edit_distance(word, candidate);
        std::size_t distance = whole;
        if (word.size() >= 4 && candidate.size() > word.size()) {
            distance = std::min(
                distance, edit_distance(word, std::string_view(candidate).substr(0, word.size())));
        }
        if (distance <= max_distance) {
            scored.emplace_back(distance, whole, candidate);
        }
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && out.size() < limit; ++i) {
        out.push_back(std::get<2>(scored[i]));
    }
    return out;
}

}  // namespace mig::util
