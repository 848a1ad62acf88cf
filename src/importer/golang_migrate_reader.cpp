// golang-migrate: `{version}_{title}.up.sql` and `{version}_{title}.down.sql` in one folder,
// applied in numeric order of the version; the version table holds the number
// (`schema_migrations(version bigint, dirty boolean)`).

#include "importer/reader_support.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <map>

namespace mig::importer {

namespace {

struct FileName {
    std::string version;  // as written: "000001", "20230101120000"
    std::string title;
    bool up = true;
};

// `{version}_{title}.{up|down}.sql`, the pattern golang-migrate's file source parses
// (`^([0-9]+)_(.*)\.(down|up)\.(.*)$`, with .sql the only extension mig can run).
std::optional<FileName> parse_file_name(const std::string& name) {
    std::size_t digits = 0;
    while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') {
        ++digits;
    }
    if (digits == 0 || digits >= name.size() || name[digits] != '_') {
        return std::nullopt;
    }
    FileName parsed;
    parsed.version = name.substr(0, digits);
    std::string rest = name.substr(digits + 1);
    if (rest.ends_with(".up.sql")) {
        parsed.title = rest.substr(0, rest.size() - 7);
    } else if (rest.ends_with(".down.sql")) {
        parsed.title = rest.substr(0, rest.size() - 9);
        parsed.up = false;
    } else {
        return std::nullopt;
    }
    return parsed;
}

struct Pair {
    ImportedMigration migration;
    std::string down_file;
    std::string down_sql;
    bool has_up = false;
};

}  // namespace

ImportedHistory read_golang_migrate(const std::filesystem::path& dir) {
    ImportedHistory history;
    history.format = Format::golang_migrate;
    std::map<std::string, Pair> by_key;  // decimal key -> files
    for (const auto& file : list_files(dir, false)) {
        std::string name = file.filename().string();
        auto parsed = parse_file_name(name);
        if (!parsed) {
            if (name.ends_with(".sql")) {
                history.warnings.push_back("skipped " + name +
                                           ": not named {version}_{title}.up.sql or .down.sql");
            }
            continue;
        }
        std::string key = *decimal_key(parsed->version);
        Pair& pair = by_key[key];
        std::string sql = read_text(dir / file);
        if (parsed->up) {
            if (pair.has_up) {
                throw InputError(pair.migration.source_file + " and " + name +
                                     " are both up migrations of version " + key,
                                 "golang-migrate refuses this too: renumber one of them");
            }
            pair.has_up = true;
            pair.migration.source_id = parsed->version;
            pair.migration.version_key = key;
            pair.migration.revision_id = revision_id_for(parsed->version);
            pair.migration.description = words_of(parsed->title);
            pair.migration.upgrade_sql = tidy_sql(sql);
            pair.migration.source_file = name;
        } else {
            if (!pair.down_file.empty()) {
                throw InputError(
                    pair.down_file + " and " + name + " are both down migrations of version " + key,
                    "golang-migrate refuses this too: renumber one of them");
            }
            pair.down_file = name;
            pair.down_sql = tidy_sql(sql);
        }
    }
    std::vector<Pair*> ordered;
    for (auto& [key, pair] : by_key) {
        if (!pair.has_up) {
            throw InputError(pair.down_file + " has no matching .up.sql file",
                             "add the up migration, or remove the down file before importing");
        }
        ordered.push_back(&pair);
    }
    std::sort(ordered.begin(), ordered.end(), [](const Pair* a, const Pair* b) {
        return decimal_less(a->migration.version_key, b->migration.version_key);
    });
    for (Pair* pair : ordered) {
        // An empty down file undoes nothing by accident more often than by design: refused
        // like a missing one (docs/import.md).
        if (!pair->down_file.empty() && !pair->down_sql.empty()) {
            pair->migration.downgrade_sql = pair->down_sql;
        }
        history.migrations.push_back(std::move(pair->migration));
    }
    finish_linear(history);
    return history;
}

}  // namespace mig::importer
