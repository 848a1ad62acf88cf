// Flyway: `V{version}__{description}.sql` versioned migrations (version parts separated by `.`
// or `_`, compared as numbers), `U{version}__...` undo migrations (Teams edition), and
// `R__{description}.sql` repeatable ones, anywhere below the folder (Flyway scans locations
// recursively). A `{script}.conf` beside a script may say `executeInTransaction=false`. The
// history table `flyway_schema_history` keeps one row per script run.

#include "importer/reader_support.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <map>

namespace mig::importer {

namespace {

struct ScriptName {
    char prefix = 'V';        // V, U or R
    std::string version;      // as written, `_` read as `.`: "1.1"; empty for R
    std::string description;  // words
};

std::optional<ScriptName> parse_script_name(const std::string& name) {
    if (name.size() < 5 || !name.ends_with(".sql")) {
        return std::nullopt;
    }
    ScriptName parsed;
    parsed.prefix = name[0];
    if (parsed.prefix != 'V' && parsed.prefix != 'U' && parsed.prefix != 'R') {
        return std::nullopt;
    }
    std::string stem = name.substr(1, name.size() - 5);
    std::size_t separator = stem.find("__");
    if (separator == std::string::npos) {
        return std::nullopt;
    }
    std::string version = stem.substr(0, separator);
    for (char& c : version) {
        if (c == '_') {
            c = '.';
        }
    }
    parsed.description = words_of(stem.substr(separator + 2));
    if (parsed.prefix == 'R') {
        if (!version.empty()) {
            return std::nullopt;
        }
        return parsed;
    }
    if (version.empty() || version.front() == '.' || version.back() == '.' ||
        version.find("..") != std::string::npos ||
        !std::all_of(version.begin(), version.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
        return std::nullopt;
    }
    parsed.version = version;
    return parsed;
}

bool transaction_off(const std::filesystem::path& conf) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(conf, error)) {
        return false;
    }
    for (const std::string& line : util::split_whitespace(read_text(conf))) {
        if (line == "executeInTransaction=false") {
            return true;
        }
    }
    return false;
}

void warn_placeholders(const std::string& file, const std::string& sql,
                       std::vector<std::string>& warnings) {
    if (sql.find("${") != std::string::npos) {
        warnings.push_back(file +
                           " uses a ${placeholder}: mig imports the text as written, "
                           "without Flyway's substitution; edit the revision");
    }
}

}  // namespace

std::string flyway_version_key(std::string_view version) {
    std::vector<std::string> parts;
    std::size_t begin = 0;
    while (begin <= version.size()) {
        std::size_t end = version.find('.', begin);
        if (end == std::string_view::npos) {
            end = version.size();
        }
        parts.push_back(decimal_key(version.substr(begin, end - begin)).value_or("0"));
        begin = end + 1;
    }
    while (parts.size() > 1 && parts.back() == "0") {
        parts.pop_back();  // Flyway: 1.0 is 1
    }
    return util::join(parts, ".");
}

bool flyway_version_less(const std::string& a, const std::string& b) {
    std::vector<std::string> left;
    std::vector<std::string> right;
    for (auto [text, parts] : {std::pair{&a, &left}, std::pair{&b, &right}}) {
        std::size_t begin = 0;
        while (begin <= text->size()) {
            std::size_t end = text->find('.', begin);
            end = end == std::string::npos ? text->size() : end;
            parts->push_back(text->substr(begin, end - begin));
            begin = end + 1;
        }
    }
    for (std::size_t i = 0; i < std::max(left.size(), right.size()); ++i) {
        std::string x = i < left.size() ? left[i] : "0";
        std::string y = i < right.size() ? right[i] : "0";
        if (x != y) {
            return decimal_less(x, y);
        }
    }
    return false;
}

ImportedHistory read_flyway(const std::filesystem::path& dir) {
    ImportedHistory history;
    history.format = Format::flyway;
    std::map<std::string, ImportedMigration> versioned;               // by version key
    std::map<std::string, std::pair<std::string, std::string>> undo;  // key -> file, sql
    std::vector<ImportedMigration> repeatable;
    for (const auto& file : list_files(dir, true)) {
        std::string name = file.filename().string();
        std::string relative = file.generic_string();
        auto parsed = parse_script_name(name);
        if (!parsed) {
            if (name.ends_with(".sql")) {
                history.warnings.push_back("skipped " + relative +
                                           ": not a V, U or R migration (callbacks and other "
                                           "scripts are not imported)");
            }
            continue;
        }
        std::string sql = read_text(dir / file);
        warn_placeholders(relative, sql, history.warnings);
        if (parsed->prefix == 'U') {
            std::string key = flyway_version_key(parsed->version);
            auto [it, added] = undo.emplace(key, std::pair{relative, tidy_sql(sql)});
            if (!added) {
                throw InputError(it->second.first + " and " + relative +
                                     " are both undo migrations of version " + key,
                                 "Flyway refuses this too: remove one of them");
            }
            continue;
        }
        ImportedMigration migration;
        migration.description = parsed->description;
        migration.upgrade_sql = tidy_sql(sql);
        migration.source_file = relative;
        std::filesystem::path conf = dir / file;
        conf += ".conf";
        migration.transactional = !transaction_off(conf);
        if (parsed->prefix == 'R') {
            migration.repeatable = true;
            migration.source_id = "R__" + name.substr(3, name.size() - 7);
            migration.version_key = "R:" + name;
            migration.revision_id = revision_id_for("R_" + name.substr(3, name.size() - 7));
            repeatable.push_back(std::move(migration));
            continue;
        }
        migration.source_id = parsed->version;
        migration.version_key = flyway_version_key(parsed->version);
        migration.revision_id = revision_id_for(parsed->version);
        auto [it, added] = versioned.emplace(migration.version_key, migration);
        if (!added) {
            throw InputError(it->second.source_file + " and " + relative + " are both version " +
                                 migration.version_key,
                             "Flyway refuses this too: give one of them another version");
        }
    }
    for (auto& [key, entry] : undo) {
        auto found = versioned.find(key);
        if (found == versioned.end()) {
            throw InputError(entry.first + " undoes version " + key + ", which has no V script",
                             "remove the undo script, or add its versioned migration");
        }
        if (!entry.second.empty()) {
            found->second.downgrade_sql = entry.second;
        }
    }
    std::vector<ImportedMigration> ordered;
    ordered.reserve(versioned.size() + repeatable.size());
    for (auto& [key, migration] : versioned) {
        ordered.push_back(std::move(migration));
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const ImportedMigration& a, const ImportedMigration& b) {
                  return flyway_version_less(a.version_key, b.version_key);
              });
    // Flyway runs repeatable migrations after the versioned ones, by description.
    std::sort(repeatable.begin(), repeatable.end(),
              [](const ImportedMigration& a, const ImportedMigration& b) {
                  return a.description < b.description;
              });
    for (ImportedMigration& migration : repeatable) {
        history.warnings.push_back(
            migration.source_file +
            " is repeatable: imported once, after the versioned migrations; Flyway re-runs it "
            "whenever it changes, mig does not (change it with a new revision)");
        ordered.push_back(std::move(migration));
    }
    history.migrations = std::move(ordered);
    finish_linear(history);
    return history;
}

}  // namespace mig::importer
