#include "importer/version_table.hpp"

#include "importer/reader_support.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace mig::importer {

namespace {

bool truthy(const std::optional<std::string>& value) {
    return value && (*value == "1" || *value == "t" || *value == "true" || *value == "TRUE");
}

std::string text(const Row& row, std::size_t column) {
    return column < row.size() && row[column] ? *row[column] : std::string();
}

// The version key a row names, for the formats whose table keeps applied versions.
std::string row_key(Format format, const Row& row) {
    std::string version = text(row, 0);
    if (format == Format::golang_migrate || format == Format::goose || format == Format::dbmate) {
        if (auto key = decimal_key(version)) {
            return *key;
        }
    }
    return format == Format::flyway ? flyway_version_key(version) : version;
}

// The applied set, from the rows of each format's table.
std::vector<std::string> applied_keys(const ImportedHistory& history, const std::vector<Row>& rows,
                                      std::vector<std::string>& warnings) {
    Format format = history.format;
    std::vector<std::string> applied;
    auto add = [&](const std::string& key) {
        if (std::find(applied.begin(), applied.end(), key) == applied.end()) {
            applied.push_back(key);
        }
    };
    auto remove = [&](const std::string& key) {
        applied.erase(std::remove(applied.begin(), applied.end(), key), applied.end());
    };
    switch (format) {
        case Format::golang_migrate:
            // One row: the version last applied (golang-migrate keeps no history).
            for (const Row& row : rows) {
                if (truthy(row.size() > 1 ? row[1] : std::nullopt)) {
                    warnings.push_back("golang-migrate marks version " + text(row, 0) +
                                       " dirty: it failed half-way; check the schema before "
                                       "stamping");
                }
                add(row_key(format, row));
            }
            break;
        case Format::dbmate:
        case Format::alembic:
            for (const Row& row : rows) {
                add(row_key(format, row));
            }
            break;
        case Format::goose:
            // Rows in id order; the last row of a version says whether it is applied now.
            for (const Row& row : rows) {
                std::string key = row_key(format, row);
                if (key == "0") {
                    continue;  // the row goose writes when it creates the table
                }
                if (truthy(row.size() > 1 ? row[1] : std::nullopt)) {
                    add(key);
                } else {
                    remove(key);
                }
            }
            break;
        case Format::flyway:
            // version, type, success, script; in installed_rank order.
            for (const Row& row : rows) {
                if (!truthy(row.size() > 2 ? row[2] : std::nullopt)) {
                    warnings.push_back("flyway_schema_history has a failed migration (" +
                                       text(row, 3) + "): repair it before stamping");
                    continue;
                }
                std::string type = text(row, 1);
                if (type == "SCHEMA") {
                    continue;  // Flyway created the schemas it manages: no migration
                }
                if (!row[0]) {
                    // A repeatable migration, by its script's file name.
                    std::string script = text(row, 3);
                    add("R:" + script.substr(script.find_last_of('/') + 1));
                    continue;
                }
                std::string key = row_key(format, row);
                if (type.starts_with("UNDO")) {
                    remove(key);
                } else if (type == "BASELINE") {
                    // Everything up to the baseline counts as applied; the baseline version
                    // itself usually names no script.
                    for (const ImportedMigration& migration : history.migrations) {
                        if (!migration.repeatable &&
                            !flyway_version_less(key, migration.version_key)) {
                            add(migration.version_key);
                        }
                    }
                } else {
                    add(key);
                }
            }
            break;
        case Format::sqitch: {
            // change, project, in deploy order: the changes deployed now (sqitch deletes a
            // reverted one's row); a reworked change is there once per deployed occurrence.
            std::map<std::string, int> seen;
            for (const Row& row : rows) {
                add(text(row, 0) + "#" + std::to_string(++seen[text(row, 0)]));
            }
            break;
        }
    }
    return applied;
}

}  // namespace

VersionTableQuery version_table_query(Format format, std::string_view scheme) {
    switch (format) {
        case Format::golang_migrate:
            return {"", "schema_migrations", "SELECT version, dirty FROM schema_migrations", {}};
        case Format::dbmate:
            return {"", "schema_migrations", "SELECT version FROM schema_migrations", {}};
        case Format::goose:
            return {"",
                    "goose_db_version",
                    "SELECT version_id, is_applied FROM goose_db_version ORDER BY id",
                    {}};
        case Format::flyway:
            return {"",
                    "flyway_schema_history",
                    "SELECT version, type, success, script FROM flyway_schema_history ORDER BY "
                    "installed_rank",
                    {}};
        case Format::sqitch:
            if (scheme == "sqlite") {
                return {"", "changes", "SELECT change, project FROM changes ORDER BY committed_at",
                        std::string("sqitch.db")};
            }
            return {"sqitch",
                    "changes",
                    "SELECT change, project FROM sqitch.changes ORDER BY committed_at",
                    {}};
        case Format::alembic:
            return {"", "alembic_version", "SELECT version_num FROM alembic_version", {}};
    }
    return {};
}

SourcePosition locate(const ImportedHistory& history, const std::vector<Row>& rows) {
    SourcePosition position;
    std::vector<Row> relevant;
    for (const Row& row : rows) {
        // sqitch's registry serves several projects.
        if (history.format == Format::sqitch && !history.sqitch_project.empty() &&
            text(row, 1) != history.sqitch_project) {
            continue;
        }
        relevant.push_back(row);
    }
    std::vector<std::string> applied = applied_keys(history, relevant, position.warnings);
    if (applied.empty()) {
        return position;
    }
    std::map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < history.migrations.size(); ++i) {
        index_of.emplace(history.migrations[i].version_key, i);
    }
    std::vector<std::string> unknown;
    std::set<std::size_t> applied_indices;
    for (const std::string& key : applied) {
        auto found = index_of.find(key);
        if (found == index_of.end()) {
            unknown.push_back(key.starts_with("R:") ? key.substr(2) : key);
        } else {
            applied_indices.insert(found->second);
        }
    }
    if (!unknown.empty()) {
        position.state = SourcePosition::State::unknown;
        position.problem = "the database records " + util::join(unknown, ", ") +
                           ", which the imported folder does not have";
        return position;
    }
    if (history.format == Format::alembic) {
        // alembic_version holds the heads themselves.
        position.state = SourcePosition::State::at;
        for (std::size_t index : applied_indices) {
            position.revision_ids.push_back(history.migrations[index].revision_id);
        }
        std::sort(position.revision_ids.begin(), position.revision_ids.end());
        return position;
    }
    // Flyway runs repeatable migrations after every pending versioned one: while a versioned
    // migration is pending, the repeatables recorded say nothing about the position.
    bool versioned_pending = false;
    for (std::size_t i = 0; i < history.migrations.size(); ++i) {
        versioned_pending = versioned_pending ||
                            (!history.migrations[i].repeatable && !applied_indices.contains(i));
    }
    if (versioned_pending) {
        std::erase_if(applied_indices,
                      [&](std::size_t i) { return history.migrations[i].repeatable; });
        if (applied_indices.empty()) {
            return position;
        }
    }
    // A linear history: the database is at the latest applied one; anything below it that is
    // not applied would be skipped by the stamp, so say so.
    std::size_t last = *applied_indices.rbegin();
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < last; ++i) {
        if (history.format == Format::golang_migrate) {
            break;  // golang-migrate records only the last version
        }
        if (!applied_indices.contains(i)) {
            missing.push_back(history.migrations[i].source_id);
        }
    }
    if (!missing.empty()) {
        position.warnings.push_back("the database does not record " + util::join(missing, ", ") +
                                    ", which come before " + history.migrations[last].source_id +
                                    ": apply them by hand, or check the schema, before stamping");
    }
    position.state = SourcePosition::State::at;
    position.revision_ids.push_back(history.migrations[last].revision_id);
    return position;
}

}  // namespace mig::importer
