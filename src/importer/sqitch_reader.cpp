// sqitch: `sqitch.plan` lists the changes in deploy order (`name [dependencies] timestamp
// planner <email> # note`, tags as `@tag ...` lines, pragmas as `%key=value`); each change
// has `deploy/<name>.sql` and `revert/<name>.sql` (`verify/` is not imported). A change
// reworked after a tag keeps its earlier scripts as `deploy/<name>@<tag>.sql`. The registry
// (`sqitch.changes` on PostgreSQL) lists the changes deployed.

#include "importer/reader_support.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <system_error>

namespace mig::importer {

namespace {

namespace fs = std::filesystem;

struct PlannedChange {
    std::string name;
    std::vector<std::string> requires_;  // in-project changes
    std::string note;
    int line = 0;
    std::string tag_after;  // the first tag after this change (for reworked scripts)
};

// `name [a b !c other:d] 2013-12-30T23:19:51Z Planner Name <email> # note`
PlannedChange parse_change(std::string_view line, int number, const std::string& plan,
                           std::vector<std::string>& warnings) {
    PlannedChange change;
    change.line = number;
    std::size_t hash = line.find(" #");
    if (hash != std::string_view::npos) {
        change.note = std::string(util::trim(line.substr(hash + 2)));
        line = line.substr(0, hash);
    }
    std::size_t space = line.find_first_of(" \t");
    change.name = std::string(line.substr(0, space));
    if (change.name.starts_with("+") || change.name.starts_with("-")) {
        throw ParseError(
            plan, number,
            "`" + change.name +
                "` uses the old +/- plan syntax, which mig does "
                "not import",
            "rewrite the plan with a current sqitch first (`sqitch rework` or by hand)");
    }
    std::string_view rest = space == std::string_view::npos ? "" : util::trim(line.substr(space));
    if (rest.starts_with("[")) {
        std::size_t close = rest.find(']');
        if (close == std::string_view::npos) {
            throw ParseError(plan, number, "`[` without `]` in the dependencies of " + change.name,
                             "close the dependency list");
        }
        for (const std::string& dependency : util::split_whitespace(rest.substr(1, close - 1))) {
            if (dependency.starts_with("!")) {
                continue;  // a conflict: sqitch checks it at deploy time; nothing to keep
            }
            if (dependency.find(':') != std::string::npos) {
                warnings.push_back("sqitch.plan: " + change.name + " requires " + dependency +
                                   " from another project; mig does not check it");
                continue;
            }
            change.requires_.push_back(dependency.substr(0, dependency.find('@')));
        }
        rest = util::trim(rest.substr(close + 1));
    }
    if (rest.empty()) {
        throw ParseError(plan, number, "change " + change.name + " has no timestamp and planner",
                         "sqitch writes `name [deps] 2013-12-30T23:19:51Z Name <email> # note`");
    }
    return change;
}

std::optional<std::string> read_script(const fs::path& file) {
    std::error_code error;
    if (!fs::is_regular_file(file, error)) {
        return std::nullopt;
    }
    return read_text(file);
}

}  // namespace

ImportedHistory read_sqitch(const fs::path& dir) {
    ImportedHistory history;
    history.format = Format::sqitch;
    fs::path plan_file = dir / "sqitch.plan";
    std::error_code error;
    if (!fs::is_regular_file(plan_file, error)) {
        if (!fs::is_directory(dir, error)) {
            throw InputError("no folder at " + dir.string(),
                             "give the sqitch project folder (the one with sqitch.plan)");
        }
        return history;  // read_migrations says "no sqitch migrations"
    }
    std::string plan = read_text(plan_file);
    std::vector<PlannedChange> changes;
    std::map<std::string, int> planned_at;  // name -> line of its latest occurrence so far
    int number = 0;
    std::size_t begin = 0;
    while (begin < plan.size()) {
        std::size_t end = plan.find('\n', begin);
        std::size_t next = end == std::string::npos ? plan.size() : end + 1;
        std::string_view line = util::trim(std::string_view(plan).substr(begin, next - begin));
        ++number;
        begin = next;
        if (line.empty() || line.starts_with("#")) {
            continue;
        }
        if (line.starts_with("%")) {
            if (line.starts_with("%project=")) {
                history.sqitch_project = std::string(util::trim(line.substr(9)));
            }
            continue;
        }
        if (line.starts_with("@")) {
            std::string tag(line.substr(1, line.find_first_of(" \t") - 1));
            for (auto it = changes.rbegin(); it != changes.rend() && it->tag_after.empty(); ++it) {
                it->tag_after = tag;
            }
            continue;
        }
        PlannedChange change = parse_change(line, number, "sqitch.plan", history.warnings);
        for (const std::string& required : change.requires_) {
            if (!planned_at.contains(required)) {
                throw ParseError("sqitch.plan", number,
                                 change.name + " requires " + required +
                                     ", which the plan does not have before it",
                                 "sqitch deploys in plan order: move " + required +
                                     " above it, or fix the name");
            }
        }
        planned_at[change.name] = number;
        changes.push_back(std::move(change));
    }

    std::map<std::string, int> occurrences;
    std::map<std::string, int> total;
    for (const PlannedChange& change : changes) {
        ++total[change.name];
    }
    for (const PlannedChange& change : changes) {
        int occurrence = ++occurrences[change.name];
        bool reworked_later = occurrence < total[change.name];
        if (reworked_later && change.tag_after.empty()) {
            throw ParseError("sqitch.plan", change.line,
                             change.name + " is planned again without a tag in between",
                             "sqitch requires a tag before a rework");
        }
        std::string script_name =
            reworked_later ? change.name + "@" + change.tag_after : change.name;
        auto deploy = read_script(dir / "deploy" / (script_name + ".sql"));
        if (!deploy) {
            throw InputError("sqitch.plan:" + std::to_string(change.line) + ": no deploy/" +
                                 script_name + ".sql for change " + change.name,
                             "add the script, or remove the change from the plan");
        }
        ImportedMigration migration;
        migration.source_id = script_name;
        migration.version_key = change.name + "#" + std::to_string(occurrence);
        migration.revision_id = revision_id_for(script_name);
        migration.description = change.note;
        if (!change.requires_.empty()) {
            migration.description += (migration.description.empty() ? "requires " : "; requires ") +
                                     util::join(change.requires_, ", ");
        }
        migration.upgrade_sql = tidy_sql(*deploy);
        migration.source_file = "deploy/" + script_name + ".sql";
        if (auto revert = read_script(dir / "revert" / (script_name + ".sql"));
            revert && !tidy_sql(*revert).empty()) {
            migration.downgrade_sql = tidy_sql(*revert);
        }
        history.migrations.push_back(std::move(migration));
    }
    finish_linear(history);
    return history;
}

}  // namespace mig::importer
