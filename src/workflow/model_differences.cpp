#include "workflow/model_differences.hpp"

#include "autogen/compare.hpp"
#include "db/sqlite_introspect.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "workflow/difference_lines.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <optional>
#include <sstream>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

fs::path cache_file(const Project& project) {
    return project.cache_dir() / "model-drift";
}

std::string cache_header(const std::string& head_key, const std::string& model_key) {
    return "mig-model-drift 1 " + head_key + " " + model_key + "\n";
}

// The key's inputs beyond the files: bump the tag when runtime::schema_key changes what it
// hashes (its k_replay_version).
std::string head_key_prefix(const std::string& generation) {
    return std::string("mig-head-key 1 sqlite ") + sqlite3_libversion() + " " + generation + " ";
}

}  // namespace

std::string head_schema_key(Project& project) {
    const script::ScriptDirectory& scripts = project.script_headers();
    const std::string& generation = scripts.content_generation();
    const fs::path file = project.cache_dir() / "head-key";
    const bool cacheable = !generation.empty() && !project.cache_dir().empty();
    if (cacheable) {
        try {
            const std::optional<std::string> kept = util::read_file_if_exists(file);
            const std::string prefix = head_key_prefix(generation);
            if (kept && kept->starts_with(prefix)) {
                return kept->substr(prefix.size());
            }
        } catch (const Error&) {
            // unreadable: compute
        }
    }
    std::string key = runtime::schema_key(scripts, "head");
    if (cacheable) {
        if (const std::string failure =
                util::write_cache_file(file, head_key_prefix(generation) + key);
            !failure.empty()) {
            spdlog::debug("cannot write {}: {}", file.string(), failure);  // only slower
        }
    }
    return key;
}

std::optional<std::vector<std::string>> known_model_differences(const Project& project,
                                                                const std::string& head_key,
                                                                const std::string& model_key) {
    if (head_key.empty() || model_key.empty()) {
        return std::nullopt;
    }
    const std::string header = cache_header(head_key, model_key);
    std::optional<std::string> cached;
    try {
        cached = util::read_file_if_exists(cache_file(project));
    } catch (const Error&) {
        return std::nullopt;  // unreadable: compute
    }
    if (!cached || !cached->starts_with(header) || cached->back() != '\n') {
        return std::nullopt;
    }
    std::vector<std::string> lines;
    std::istringstream text(cached->substr(header.size()));
    for (std::string line; std::getline(text, line);) {
        lines.push_back(std::move(line));
    }
    return lines;
}

void remember_model_differences(const Project& project, const std::string& head_key,
                                const std::string& model_key,
                                const std::vector<std::string>& differences) {
    if (head_key.empty() || model_key.empty()) {
        return;
    }
    const fs::path file = cache_file(project);
    std::string content = cache_header(head_key, model_key);
    for (const std::string& line : differences) {
        content += line + "\n";
    }
    if (const std::string failure = util::write_cache_file(file, content); !failure.empty()) {
        spdlog::debug("cannot write {}: {}", file.string(), failure);  // only slower
    }
}

std::vector<std::string> model_differences(const Project& project,
                                           const runtime::ReplayedSchema& head,
                                           const LoadedModel& model) {
    if (auto known = known_model_differences(project, head.key, model.key)) {
        return *known;
    }
    std::vector<std::string> differences;
    const schema::Catalog current = db::introspect(*head.database);
    const schema::Catalog desired = db::introspect(*model.database);
    for (const auto& operation : autogen::compare(current, desired).upgrade) {
        for (auto& line : difference_lines(operation, {"migrations", "model"})) {
            differences.push_back(std::move(line));
        }
    }
    remember_model_differences(project, head.key, model.key, differences);
    return differences;
}

}  // namespace mig::workflow
