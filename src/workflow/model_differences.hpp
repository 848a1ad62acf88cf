#pragma once

#include "runtime/replay.hpp"
#include "workflow/model.hpp"
#include "workflow/project.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mig::workflow {

// The differences between the migrations' head schema `head` and the model, one line each in a
// reviewer's words, as `mig check` prints them ("table users: column age missing in migrations
// (model has INTEGER)"); none when they agree. Kept in `.mig/cache/model-drift` under the
// cache keys of both schemas: introspecting and comparing two large schemas is most of what
// `mig check` and `mig status` would cost, and between commits neither changes. Without both
// keys (a schema at base, no cache folder) they are compared every time. A cache that cannot
// be read or written only costs time.
// What model_differences kept for these keys (runtime::schema_key of the head, model_key),
// found without restoring the head schema or loading the model; nullopt when nothing is kept
// for them (or a key is empty).
std::optional<std::vector<std::string>> known_model_differences(const Project& project,
                                                                const std::string& head_key,
                                                                const std::string& model_key);

// Keeps `differences` for these keys, for known_model_differences; nothing without both keys.
// Failures only cost speed. For engines that compute the lines themselves (PostgreSQL).
void remember_model_differences(const Project& project, const std::string& head_key,
                                const std::string& model_key,
                                const std::vector<std::string>& differences);

// runtime::schema_key of the migrations' head, kept in `.mig/cache/head-key` under the
// scripts' content generation (script::ScriptDirectory::content_generation): the same names
// and bytes give the same key, so a warm run need not hash the chain of every revision.
std::string head_schema_key(Project& project);

std::vector<std::string> model_differences(const Project& project,
                                           const runtime::ReplayedSchema& head,
                                           const LoadedModel& model);

}  // namespace mig::workflow
