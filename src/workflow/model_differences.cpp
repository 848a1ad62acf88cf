#include "workflow/model_differences.hpp"

#include "autogen/compare.hpp"
#include "db/sqlite_introspect.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "workflow/difference_lines.hpp"

#include <spdlog/spdlog.h>

#include <optional>
#include <sstream>

namespace mig::workflow {

namespace fs = std::filesystem;

std::vector<std::string> model_differences(const Project& project,
                                           const runtime::ReplayedSchema& head,
                                           const LoadedModel& model) {
    const fs::path file = project.cache_dir() / "model-drift";
    const std::string header = "mig-model-drift 1 " + head.key + " " + model.key + "\n";
    const bool cacheable = !head.key.empty() && !model.key.empty();
    if (cacheable) {
        std::optional<std::string> cached;
        try {
            cached = util::read_file_if_exists(file);
        } catch (const Error&) {
            cached.reset();  // unreadable: compute
        }
        if (cached && cached->starts_with(header) && cached->back() == '\n') {
            std::vector<std::string> lines;
            std::istringstream text(cached->substr(header.size()));
            for (std::string line; std::getline(text, line);) {
                lines.push_back(std::move(line));
            }
            return lines;
        }
    }
    std::vector<std::string> differences;
    const schema::Catalog current = db::introspect(*head.database);
    const schema::Catalog desired = db::introspect(*model.database);
    for (const auto& operation : autogen::compare(current, desired).upgrade) {
        for (auto& line : difference_lines(operation, {"migrations", "model"})) {
            differences.push_back(std::move(line));
        }
    }
    if (cacheable) {
        std::string content = header;
        for (const std::string& line : differences) {
            content += line + "\n";
        }
        try {
            util::create_state_dir(file.parent_path().parent_path());
            fs::create_directories(file.parent_path());
            util::write_file_atomically(file, content, std::nullopt, util::Durability::cache);
        } catch (const std::exception& failure) {
            spdlog::debug("cannot write {}: {}", file.string(), failure.what());  // only slower
        }
    }
    return differences;
}

}  // namespace mig::workflow
