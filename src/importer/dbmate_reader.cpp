// dbmate: `{version}_{name}.sql` files (version: the leading digits), each with a
// `-- migrate:up` block and an optional `-- migrate:down` block; `transaction:false` after
// either marker runs it outside a transaction. The version table keeps every applied
// version (`schema_migrations(version varchar primary key)`).

#include "importer/reader_support.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <map>

namespace mig::importer {

namespace {

struct Marker {
    bool up = true;
    bool transactional = true;
};

// `-- migrate:up` / `-- migrate:down`, optionally followed by options (dbmate's own rule:
// `--` then spaces, `migrate:up|down`, then options separated by spaces).
std::optional<Marker> parse_marker(std::string_view line, const std::string& file, int number) {
    std::string_view text = util::trim(line);
    if (!text.starts_with("--")) {
        return std::nullopt;
    }
    text = util::trim_left(text.substr(2));
    Marker marker;
    if (text.starts_with("migrate:up")) {
        text.remove_prefix(10);
    } else if (text.starts_with("migrate:down")) {
        text.remove_prefix(12);
        marker.up = false;
    } else {
        return std::nullopt;
    }
    if (!text.empty() && text.front() != ' ' && text.front() != '\t') {
        return std::nullopt;  // `-- migrate:upper` is a comment
    }
    for (const std::string& option : util::split_whitespace(text)) {
        if (option == "transaction:false") {
            marker.transactional = false;
        } else if (option != "transaction:true") {
            throw ParseError(file, number, "unknown dbmate option `" + option + "`",
                             "dbmate knows transaction:false and transaction:true");
        }
    }
    return marker;
}

ImportedMigration parse_file(const std::string& name, const std::string& version,
                             const std::string& content) {
    ImportedMigration migration = migration_named(name, version);
    migration.version_key = version;
    UpDownSections sections(name, {"dbmate", "-- migrate:up", "-- migrate:down", "block"});
    LineCursor lines(content);
    while (lines.next()) {
        if (auto marker = parse_marker(lines.line(), name, lines.number())) {
            sections.open(marker->up, lines.number());
            migration.transactional = migration.transactional && marker->transactional;
        } else {
            sections.add(lines.line(), lines.number());
        }
    }
    sections.finish(migration);
    return migration;
}

}  // namespace

ImportedHistory read_dbmate(const std::filesystem::path& dir) {
    ImportedHistory history;
    history.format = Format::dbmate;
    std::map<std::string, std::string> file_of_version;
    for (const auto& file : list_files(dir, false)) {
        std::string name = file.filename().string();
        if (!name.ends_with(".sql")) {
            continue;
        }
        std::size_t digits = 0;
        while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') {
            ++digits;
        }
        if (digits == 0) {
            history.warnings.push_back("skipped " + name +
                                       ": its name does not start with a version");
            continue;
        }
        std::string version = name.substr(0, digits);
        auto [it, added] = file_of_version.emplace(version, name);
        if (!added) {
            throw InputError(it->second + " and " + name + " have the same version " + version,
                             "dbmate refuses this too: give one of them a new version");
        }
        history.migrations.push_back(parse_file(name, version, read_text(dir / file)));
    }
    // dbmate applies in version order (its file names sort so, versions being timestamps).
    std::stable_sort(history.migrations.begin(), history.migrations.end(),
                     [](const ImportedMigration& a, const ImportedMigration& b) {
                         return a.version_key < b.version_key;
                     });
    finish_linear(history);
    return history;
}

}  // namespace mig::importer
