#pragma once

// The realistic migration folders of tests/fixtures/import/, one per format.

#include "importer/importer.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace mig::importer::test {

inline std::filesystem::path fixture(const std::string& format) {
    return std::filesystem::path(MIG_SOURCE_DIR) / "tests" / "fixtures" / "import" / format;
}

inline std::vector<std::string> revision_ids(const ImportedHistory& history) {
    std::vector<std::string> ids;
    for (const auto& migration : history.migrations) {
        ids.push_back(migration.revision_id);
    }
    return ids;
}

inline const ImportedMigration& migration(const ImportedHistory& history, const std::string& id) {
    auto found = std::find_if(history.migrations.begin(), history.migrations.end(),
                              [&](const ImportedMigration& m) { return m.revision_id == id; });
    if (found == history.migrations.end()) {
        throw std::runtime_error("no migration " + id);
    }
    return *found;
}

}  // namespace mig::importer::test
