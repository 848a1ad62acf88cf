#pragma once

#include "util/error.hpp"

#include <string>
#include <vector>

namespace mig::graph {

// A broken graph (duplicate ids, missing parents, a cycle): exit 2.
class GraphError : public InputError {
public:
    using InputError::InputError;
};

// A target that names no revision, or several: exit 2. Carries the candidates.
class ResolutionError : public InputError {
public:
    ResolutionError(const std::string& message, std::vector<std::string> candidates,
                    std::string hint = {})
        : InputError(message, std::move(hint)), m_candidates(std::move(candidates)) {}
    const std::vector<std::string>& candidates() const { return m_candidates; }

private:
    std::vector<std::string> m_candidates;
};

// `head` asked for while the graph has several heads: exit 2. Carries the heads.
class MultipleHeadsError : public InputError {
public:
    MultipleHeadsError(const std::string& message, std::vector<std::string> heads, std::string hint)
        : InputError(message, std::move(hint)), m_heads(std::move(heads)) {}
    const std::vector<std::string>& heads() const { return m_heads; }

private:
    std::vector<std::string> m_heads;
};

}  // namespace mig::graph
