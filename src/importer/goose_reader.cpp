// goose (SQL migrations): `{version}_{name}.sql` with `-- +goose Up` and `-- +goose Down`
// sections, `-- +goose StatementBegin`/`StatementEnd` around a statement that holds
// semicolons, and `-- +goose NO TRANSACTION`. The version table `goose_db_version` keeps one
// row per apply or rollback (`version_id`, `is_applied`).

#include "importer/reader_support.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <map>

namespace mig::importer {

namespace {

// The annotation after `-- +goose`, or nullopt for any other line.
std::optional<std::string> annotation(std::string_view line) {
    std::string_view text = util::trim(line);
    if (!text.starts_with("--")) {
        return std::nullopt;
    }
    text = util::trim_left(text.substr(2));
    if (!text.starts_with("+goose")) {
        return std::nullopt;
    }
    return std::string(util::trim(text.substr(6)));
}

ImportedMigration parse_file(const std::string& name, const std::string& version,
                             const std::string& content, std::vector<std::string>& warnings) {
    ImportedMigration migration = migration_named(name, version);
    migration.version_key = *decimal_key(version);
    UpDownSections sections(name, {"goose", "-- +goose Up", "-- +goose Down", "section"});
    int open_statement = 0;
    LineCursor lines(content);
    while (lines.next()) {
        const int number = lines.number();
        auto command = annotation(lines.line());
        if (!command) {
            sections.add(lines.line(), number);
        } else if (util::equals_ci(*command, "Up") || util::equals_ci(*command, "Down")) {
            if (open_statement != 0) {
                throw ParseError(name, open_statement,
                                 "`-- +goose StatementBegin` without StatementEnd",
                                 "close the statement before the next section");
            }
            sections.open(util::equals_ci(*command, "Up"), number);
        } else if (util::equals_ci(*command, "StatementBegin")) {
            open_statement = number;
        } else if (util::equals_ci(*command, "StatementEnd")) {
            if (open_statement == 0) {
                throw ParseError(name, number, "`-- +goose StatementEnd` without StatementBegin",
                                 "add `-- +goose StatementBegin` before the statement");
            }
            open_statement = 0;
        } else if (util::equals_ci(*command, "NO TRANSACTION")) {
            migration.transactional = false;
        } else if (util::starts_with_ci(*command, "ENVSUB")) {
            warnings.push_back(name +
                               " asks for ENVSUB: mig imports the text as written, "
                               "without substituting environment variables");
        } else {
            throw ParseError(name, number, "unknown goose annotation `-- +goose " + *command + "`",
                             "goose knows Up, Down, StatementBegin, StatementEnd, NO "
                             "TRANSACTION and ENVSUB");
        }
    }
    if (open_statement != 0) {
        throw ParseError(name, open_statement, "`-- +goose StatementBegin` without StatementEnd",
                         "add `-- +goose StatementEnd` after the statement");
    }
    sections.finish(migration);
    return migration;
}

}  // namespace

ImportedHistory read_goose(const std::filesystem::path& dir) {
    ImportedHistory history;
    history.format = Format::goose;
    std::map<std::string, std::string> file_of_version;
    for (const auto& file : list_files(dir, false)) {
        std::string name = file.filename().string();
        bool go = name.ends_with(".go");
        if (!name.ends_with(".sql") && !go) {
            continue;
        }
        std::size_t digits = 0;
        while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') {
            ++digits;
        }
        if (digits == 0 || digits >= name.size() || name[digits] != '_') {
            if (!go) {
                history.warnings.push_back("skipped " + name + ": not named {version}_{name}.sql");
            }
            continue;
        }
        if (go) {
            throw InputError(name + " is a Go migration, which mig cannot import",
                             "rewrite it as a SQL migration (or export its SQL) first; the "
                             "history would have a hole otherwise");
        }
        std::string version = name.substr(0, digits);
        std::string key = *decimal_key(version);
        auto [it, added] = file_of_version.emplace(key, name);
        if (!added) {
            throw InputError(it->second + " and " + name + " have the same version " + key,
                             "goose refuses this too: give one of them a new version");
        }
        history.migrations.push_back(
            parse_file(name, version, read_text(dir / file), history.warnings));
    }
    std::stable_sort(history.migrations.begin(), history.migrations.end(),
                     [](const ImportedMigration& a, const ImportedMigration& b) {
                         return decimal_less(a.version_key, b.version_key);
                     });
    finish_linear(history);
    return history;
}

}  // namespace mig::importer
