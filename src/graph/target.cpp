#include "graph/target.hpp"

#include "graph/errors.hpp"
#include "util/spelling.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace mig::graph {

namespace {

using Index = RevisionGraph::Index;

constexpr std::string_view k_head = "head";
constexpr std::string_view k_heads = "heads";
constexpr std::string_view k_base = "base";

std::vector<std::string> ids_of(const RevisionGraph& graph, const std::vector<Index>& indices) {
    std::vector<std::string> ids;
    ids.reserve(indices.size());
    for (Index index : indices) {
        ids.push_back(graph.at(index).id);
    }
    return ids;
}

using RelativeSpec = RelativeTarget;

}  // namespace

// `TARGET+N` / `TARGET-N`, split at the last sign followed only by digits. Ids never contain
// a sign, so anything else is a plain spec.
std::optional<RelativeTarget> parse_relative_target(std::string_view target) {
    const std::size_t sign = target.find_last_of("+-");
    if (sign == std::string_view::npos || sign + 1 == target.size()) {
        return std::nullopt;
    }
    const std::string_view digits = target.substr(sign + 1);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    std::size_t steps = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), steps);
    if (error != std::errc{} || end != digits.data() + digits.size()) {
        throw ResolutionError("too many steps in target " + std::string(target), {});
    }
    return RelativeTarget{target.substr(0, sign), target[sign] == '+', steps};
}

namespace {

// Where a relative walk starts: one revision, or base.
using Anchor = std::optional<Index>;

std::string anchor_name(const RevisionGraph& graph, Anchor anchor) {
    return anchor ? graph.at(*anchor).id : std::string(k_base);
}

// "<what>: a, b; name one", with a and b as the candidates.
[[noreturn]] void throw_name_one(const RevisionGraph& graph, const std::string& what,
                                 const std::vector<Index>& revisions) {
    std::vector<std::string> ids = ids_of(graph, revisions);
    std::string message = what + ": " + util::join(ids, ", ") + "; name one";
    throw ResolutionError(message, std::move(ids));
}

// One step forward needs exactly one way to go; nullopt when `from` is a head (or the
// graph is empty).
std::optional<Index> single_child(const RevisionGraph& graph, Anchor from) {
    const std::vector<Index>& next = from ? graph.children_of(*from) : graph.bases();
    if (next.size() > 1) {
        throw_name_one(graph,
                       from ? "revision " + graph.at(*from).id + " has several children"
                            : std::string("there are several bases"),
                       next);
    }
    if (next.empty()) {
        return std::nullopt;
    }
    return next.front();
}

std::vector<Index> step_forward(const RevisionGraph& graph, std::string_view target, Anchor start,
                                std::size_t steps) {
    Anchor position = start;
    for (std::size_t taken = 0; taken < steps; ++taken) {
        auto next = single_child(graph, position);
        if (!next) {
            throw ResolutionError(
                std::string(target) + " goes past the head: only " + std::to_string(taken) +
                    " revision(s) after " + anchor_name(graph, start),
                position ? ids_of(graph, {*position}) : std::vector<std::string>{},
                "use head for the latest revision");
        }
        position = next;
    }
    return position ? std::vector<Index>{*position} : std::vector<Index>{};
}

// Every step back needs a single parent, except the last one, which may land on all the
// parents of a merge. Stepping back from a base lands on base, which must be the last step.
std::vector<Index> step_back(const RevisionGraph& graph, std::string_view target, Anchor start,
                             std::size_t steps) {
    if (steps == 0) {
        return start ? std::vector<Index>{*start} : std::vector<Index>{};
    }
    if (!start) {
        throw ResolutionError(std::string(target) + " goes below base: nothing is below base", {});
    }
    Index position = *start;
    for (std::size_t taken = 0;; ++taken) {
        const std::vector<Index>& parents = graph.parents_of(position);
        const bool last = taken + 1 == steps;
        if (last) {
            return parents;
        }
        if (parents.empty()) {
            throw ResolutionError(std::string(target) + " goes below base: only " +
                                      std::to_string(taken) + " revision(s) below " +
                                      graph.at(*start).id + "; use base",
                                  {});
        }
        if (parents.size() > 1) {
            throw_name_one(graph, "revision " + graph.at(position).id + " has several parents",
                           parents);
        }
        position = parents.front();
    }
}

// `+N` / `-N`: relative to the database, which must be at one revision (or base).
Anchor database_anchor(const RevisionGraph& graph, std::string_view target,
                       const RelativeSpec& relative, const std::vector<Index>& current) {
    if (current.size() > 1) {
        const auto heads = ids_of(graph, current);
        // The anchor is empty here, so `target` is just the sign and the count.
        const std::string example = heads.front() + std::string(target);
        throw ResolutionError(std::string(target) +
                                  " is ambiguous: the database has several heads (" +
                                  util::join(heads, ", ") + ")",
                              heads, "name the head to start from, e.g. " + example);
    }
    if (current.empty()) {
        if (!relative.forward && relative.steps > 0) {
            throw ResolutionError("the database is at base; nothing below it", {});
        }
        return std::nullopt;
    }
    return current.front();
}

std::vector<Index> resolve_plain(const RevisionGraph& graph, std::string_view spec);

// REV in `REV+N` / `REV-N`: any spec naming at most one revision.
Anchor named_anchor(const RevisionGraph& graph, std::string_view spec) {
    const std::vector<Index> named = resolve_plain(graph, spec);
    if (named.size() > 1) {
        throw_name_one(graph, std::string(spec) + " names several revisions", named);
    }
    return named.empty() ? Anchor{} : Anchor{named.front()};
}

std::vector<Index> resolve_relative(const RevisionGraph& graph, std::string_view target,
                                    const RelativeSpec& relative,
                                    const std::vector<Index>& current) {
    const Anchor start = relative.anchor.empty() ? database_anchor(graph, target, relative, current)
                                                 : named_anchor(graph, relative.anchor);
    return relative.forward ? step_forward(graph, target, start, relative.steps)
                            : step_back(graph, target, start, relative.steps);
}

std::vector<Index> single_head(const RevisionGraph& graph) {
    const std::vector<Index>& heads = graph.heads();
    if (heads.size() > 1) {
        auto ids = ids_of(graph, heads);
        std::string message = "the revision graph has " + std::to_string(heads.size()) +
                              " heads (" + util::join(ids, ", ") + "); head names only one";
        throw MultipleHeadsError(
            message, std::move(ids),
            "merge them with mig merge -m \"merge heads\" heads, or apply them all with "
            "mig upgrade heads");
    }
    return heads;
}

// Keywords, ids and prefixes: everything but arithmetic.
std::vector<Index> resolve_plain(const RevisionGraph& graph, std::string_view spec) {
    if (spec == k_base) {
        return {};
    }
    if (spec == k_heads) {
        return graph.heads();
    }
    if (spec == k_head) {
        return single_head(graph);
    }
    return {resolve_id(graph, spec)};
}

std::vector<std::string> prefix_matches(const RevisionGraph& graph, std::string_view prefix) {
    std::vector<std::string> matches;
    for (const auto& revision : graph.revisions()) {
        if (revision.id.starts_with(prefix)) {
            matches.push_back(revision.id);
        }
    }
    std::sort(matches.begin(), matches.end());
    return matches;
}

[[noreturn]] void throw_unknown(const RevisionGraph& graph, std::string_view spec) {
    std::vector<std::string> suggestions;
    // Keywords are lowercase; "HEAD" most likely meant "head".
    for (std::string_view keyword : {k_head, k_heads, k_base}) {
        if (util::equals_ci(spec, keyword)) {
            suggestions.emplace_back(keyword);
        }
    }
    if (suggestions.empty()) {
        suggestions = util::closest_matches(spec, graph.ids());
    }
    std::string message = "no revision matches " + std::string(spec);
    if (!suggestions.empty()) {
        message += "; did you mean " + util::join(suggestions, " or ") + "?";
    }
    throw ResolutionError(message, std::move(suggestions),
                          "run `mig history` to list every revision");
}

}  // namespace

std::vector<Index> resolve_target(const RevisionGraph& graph, std::string_view target,
                                  const std::vector<Index>& current) {
    if (target.empty()) {
        throw ResolutionError("empty target", {}, "name a revision, head, heads or base");
    }
    if (auto relative = parse_relative_target(target)) {
        return resolve_relative(graph, target, *relative, current);
    }
    return resolve_plain(graph, target);
}

Index resolve_single(const RevisionGraph& graph, std::string_view target,
                     const std::vector<Index>& current) {
    const std::vector<Index> resolved = resolve_target(graph, target, current);
    if (resolved.empty()) {
        throw ResolutionError(std::string(target) + " resolves to base, not a revision", {},
                              "name a revision id");
    }
    if (resolved.size() > 1) {
        throw_name_one(graph, std::string(target) + " names several revisions", resolved);
    }
    return resolved.front();
}

Index resolve_id(const RevisionGraph& graph, std::string_view id_or_prefix) {
    if (auto exact = graph.find(id_or_prefix)) {
        return *exact;
    }
    if (!id_or_prefix.empty()) {
        auto matches = prefix_matches(graph, id_or_prefix);
        if (matches.size() == 1) {
            return *graph.find(matches.front());
        }
        if (matches.size() > 1) {
            std::string message = "revision prefix " + std::string(id_or_prefix) +
                                  " is ambiguous: " + util::join(matches, ", ");
            throw ResolutionError(message, std::move(matches), "give more characters of the id");
        }
    }
    throw_unknown(graph, id_or_prefix);
}

}  // namespace mig::graph
