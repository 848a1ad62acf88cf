#pragma once

#include "cli/printers.hpp"
#include "workflow/check.hpp"
#include "workflow/inspect.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace mig::cli {

// `--json`: the same results as the text, as one JSON document on standard output for scripts
// and CI. Only the cli layer renders JSON; the workflow results it is built from are the ones
// the text is printed from. Keys keep the order they are added in (ordered_json), so a document
// reads like the text; the schemas are documented in docs/commands.md.
using Json = nlohmann::ordered_json;

// The version of every document's schema. Adding a key keeps it; renaming or removing one, or
// changing what a key means, bumps it.
inline constexpr int k_json_version = 1;

// Writes {"version": 1, <the keys of `body`>} and a newline: the whole of standard output.
// Never coloured, and printed with -q too (it is the data asked for). Bytes that are not UTF-8
// (a path, say) become U+FFFD rather than an invalid document.
void print_json(const Output& output, const Json& body);

// A string, or null when it is empty (an unknown date, a revision without a file).
Json string_or_null(const std::string& text);

// A revision with its place in the graph: id, parents, children, message, created, file and
// the is_head / is_base / is_branch_point / is_merge_point flags.
Json revision_json(const workflow::RevisionInfo& info);

// A revision the database is at: id, message, applied_at, git_commit, dirty.
Json current_revision_json(const workflow::CurrentRevision& revision);

// "multiple_heads", "model_difference", ...: the kind's name in snake_case, stable.
std::string check_problem_kind_name(workflow::CheckProblemKind kind);

}  // namespace mig::cli
