// Alembic (and Flask-Migrate, whose `migrations/` folder is an Alembic script folder): python3
// with alembic lists the revisions with their parents and renders each one's upgrade() and
// downgrade() as SQL in the project's dialect (alembic_bridge.hpp). Branches and merges are
// kept: the parents are Alembic's down_revision. The version table `alembic_version` holds
// the heads.

#include "importer/alembic_bridge.hpp"
#include "importer/reader_support.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"
#include "util/subprocess.hpp"
#include "util/temp_dir.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

namespace mig::importer {

namespace {

std::string shell_quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'') {
            quoted += "'\\''";
        } else {
            quoted += c;
        }
    }
    return quoted + "'";
}

std::string last_line(const std::string& text) {
    std::string_view trimmed = util::trim(text);
    std::size_t newline = trimmed.rfind('\n');
    return std::string(newline == std::string_view::npos ? trimmed : trimmed.substr(newline + 1));
}

nlohmann::json run_bridge(const std::filesystem::path& dir, const ReadOptions& options) {
    util::TempDir temp("mig-import");
    std::filesystem::path bridge = temp.path() / "alembic_bridge.py";
    util::write_new_file(bridge, k_alembic_bridge);
    std::string command = shell_quote(options.python) + " " + shell_quote(bridge.string()) + " " +
                          shell_quote(dir.string()) + " " + shell_quote(options.dialect);
    util::CommandResult result = util::run_shell_command(command, dir, std::chrono::minutes(2),
                                                         {{"PYTHONDONTWRITEBYTECODE", "1"}});
    if (result.ending == util::CommandResult::Ending::exited && result.status == 4) {
        throw InputError(last_line(result.err),
                         "give the Alembic folder that holds env.py and versions/ (Flask-Migrate: "
                         "migrations/)");
    }
    if (result.ending == util::CommandResult::Ending::exited && result.status == 5) {
        throw InputError(
            "alembic revision " + last_line(result.err),
            "offline SQL needs operations that need no live database (batch operations on "
            "SQLite need copy_from=); edit that revision, or write its SQL by hand after import");
    }
    if (!result.succeeded()) {
        std::string why = result.ending == util::CommandResult::Ending::timed_out
                              ? "it ran for more than 2 minutes"
                              : last_line(result.err);
        throw FailedError("cannot read the Alembic revisions with " + options.python + ": " +
                              (why.empty() ? "it failed" : why),
                          "install alembic (Debian: apt install python3-alembic), or pass "
                          "--python with an interpreter that has it");
    }
    try {
        return nlohmann::json::parse(result.out);
    } catch (const nlohmann::json::exception& error) {
        throw FailedError(std::string("the Alembic reader printed something that is not its "
                                      "JSON: ") +
                              error.what(),
                          "does a revision script print to standard output when imported?");
    }
}

}  // namespace

ImportedHistory read_alembic(const std::filesystem::path& dir, const ReadOptions& options) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error)) {
        throw InputError("no folder at " + dir.string(),
                         "give the Alembic folder that holds env.py and versions/");
    }
    nlohmann::json revisions = run_bridge(dir, options);
    ImportedHistory history;
    history.format = Format::alembic;
    for (const auto& item : revisions) {
        ImportedMigration migration;
        migration.source_id = item.at("id").get<std::string>();
        migration.version_key = migration.source_id;
        migration.revision_id = revision_id_for(migration.source_id);
        for (const auto& parent : item.at("parents")) {
            migration.parents.push_back(revision_id_for(parent.get<std::string>()));
        }
        migration.description = item.at("message").get<std::string>();
        migration.source_file = item.at("path").get<std::string>();
        migration.upgrade_sql = tidy_sql(item.at("upgrade").get<std::string>());
        const auto& downgrade = item.at("downgrade");
        if (!downgrade.is_null()) {
            std::string sql = tidy_sql(downgrade.get<std::string>());
            // An empty downgrade is "none", except where the upgrade does nothing either
            // (a merge): nothing to undo.
            if (!sql.empty() || migration.upgrade_sql.empty()) {
                migration.downgrade_sql = sql;
            }
        } else {
            history.warnings.push_back(
                migration.source_file + ": downgrade() cannot be rendered (" +
                item.at("downgrade_error").get<std::string>() + "): its downgrade refuses to run");
        }
        if (!item.at("depends_on").empty()) {
            history.warnings.push_back(migration.source_file +
                                       " has depends_on, which mig does not keep: only its "
                                       "down_revision orders it");
        }
        history.migrations.push_back(std::move(migration));
    }
    finish_linear(history, Linking::keep_parents);
    return history;
}

}  // namespace mig::importer
