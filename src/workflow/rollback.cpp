#include "workflow/rollback.hpp"

#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"
#include "workflow/revision_commits.hpp"

#include <spdlog/spdlog.h>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

using graph::Direction;
using Index = graph::RevisionGraph::Index;

std::string heads_label(const std::vector<std::string>& heads) {
    return heads.empty() ? std::string("<base>") : util::join(heads, " ");
}

// Revision files as git names them: the versions folder relative to the work tree root.
class RevisionFiles {
public:
    RevisionFiles(Project& project, const vcs::Repository* repository) {
        if (repository == nullptr) {
            return;
        }
        const fs::path versions = project.config().migrations_dir / "versions";
        m_folder = path_in_repository(*repository, versions);
        m_added_by = revision_file_commits(*repository, versions, project.cache_dir());
    }

    AppliedRevision describe(const script::ScriptDirectory& scripts, Index index) const {
        // The header lives in the graph; the script holds the sections.
        const graph::Revision& revision = scripts.graph().at(index);
        const script::RevisionScript& script = scripts.script(index);
        AppliedRevision applied;
        applied.id = revision.id;
        applied.message = revision.message;
        if (!revision.path.empty() && !m_folder.empty()) {
            applied.file = m_folder + "/" + fs::path(revision.path).filename().string();
            if (auto found = m_added_by.find(applied.file); found != m_added_by.end()) {
                applied.added_by = found->second;
            }
        }
        for (const script::DestructiveMark& mark : script.downgrade.destructive) {
            applied.destructive.push_back("line " + std::to_string(mark.line) + ": " + mark.reason);
        }
        return applied;
    }

private:
    std::string m_folder;  // empty: outside git (or outside the work tree)
    std::map<std::string, std::string> m_added_by;
};

// Every revision still applied once the plan has run.
std::vector<AppliedRevision> kept_revisions(const script::ScriptDirectory& scripts,
                                            const graph::Plan& plan, const RevisionFiles& files) {
    const graph::RevisionGraph& graph = scripts.graph();
    std::vector<bool> applied = graph.ancestors(graph::current_indices(graph, plan.heads_after));
    std::vector<AppliedRevision> kept;
    for (Index index = 0; index < applied.size(); ++index) {
        if (applied[index]) {
            kept.push_back(files.describe(scripts, index));
        }
    }
    return kept;
}

std::string revert_message(const RollbackResult& result) {
    std::string message =
        "Roll back " + result.code.branch + " to " + result.code.target->short_id +
        " (mig rollback --revert)\n\n" + "The database was rolled back to " +
        heads_label(result.plan.heads_after) + ". This commit reverts, newest first:\n\n";
    for (const vcs::CommitInfo& commit : result.code.leaving) {
        message += "    " + commit.short_id + " " + commit.subject + "\n";
    }
    return message;
}

// Saves the old HEAD, then moves the code. Each git failure is reported with the state the
// database and the code are in, and the commands that finish or undo the rollback.
void move_code(vcs::Repository& repository, RollbackResult& result) {
    const CodePlan& code = result.code;
    const std::string database_state =
        "the database was rolled back to " + heads_label(result.plan.heads_after);
    const std::string target = code.target->short_id;
    result.recovery_ref = "refs/mig/rollback/" + util::compact_utc_timestamp();
    try {
        repository.write_reference(result.recovery_ref, code.head,
                                   "mig rollback: " + code.branch + " before moving to " + target);
    } catch (const Error& failure) {
        throw FailedError(database_state +
                              ", but git could not save HEAD before moving the code, "
                              "which is unchanged: " +
                              std::string(failure.what()),
                          "move the code with `git reset --hard " + target +
                              "`, or undo the rollback with `mig upgrade`");
    }
    try {
        if (code.action == CodeAction::reset) {
            repository.reset_hard(code.target->id, "mig rollback: moving " + code.branch + " to " +
                                                       target + " " + code.target->subject);
        } else {
            result.new_commit = repository.commit_tree_of(code.target->id, revert_message(result));
        }
    } catch (const Error& failure) {
        throw FailedError(database_state + ", but moving the code to " + target + " failed (" +
                              std::string(failure.what()) + "); the old HEAD is saved as " +
                              result.recovery_ref,
                          "finish with `git reset --hard " + target +
                              "`, or undo the rollback with `git reset "
                              "--hard " +
                              result.recovery_ref + "` then `mig upgrade`");
    }
}

// SQLite's files for the database, as git names them; empty for a server database or a file
// outside the work tree.
std::vector<std::string> database_files(const Project& project, const vcs::Repository& repository) {
    const std::optional<fs::path> file = project.database_url().database_file();
    if (!file) {
        return {};
    }
    std::vector<std::string> files;
    for (const char* suffix : {"", "-journal", "-wal"}) {
        std::string relative = path_in_repository(repository, fs::path(file->string() + suffix));
        if (!relative.empty()) {
            files.push_back(std::move(relative));
        }
    }
    return files;
}

}  // namespace

RollbackResult rollback(Project& project, vcs::Repository* repository,
                        const RollbackOptions& options, MigrateObserver& observer) {
    project.scripts();  // parse errors before anything else
    RollbackResult result;
    result.database = project.database_url().redacted();
    result.in_git = repository != nullptr;

    // The lock first: the plan must be made from the version no other run is moving.
    std::unique_ptr<db::MigrationLock> lock;
    if (!options.dry_run) {
        lock = project.lock_database();
    }
    auto reader = project.open_database(db::OpenMode::read_only);
    project.add_recorded_revisions(*reader);
    const script::ScriptDirectory& scripts = project.scripts();
    result.plan =
        plan_migration(scripts.graph(), Direction::down, reader->current_heads(), options.target);
    reader.reset();

    const bool move_code_too = !options.no_code && repository != nullptr;
    const RevisionFiles files(project, move_code_too ? repository : nullptr);
    for (const graph::PlanStep& step : result.plan.steps) {
        result.undone.push_back(files.describe(scripts, step.revision));
    }
    if (options.no_code) {
        result.code.why_unchanged = "--no-code: only the database moves";
    } else if (repository == nullptr) {
        result.code.why_unchanged = "not in a git repository: only the database moves";
    } else {
        result.code =
            plan_code(*repository, result.undone, kept_revisions(scripts, result.plan, files),
                      {options.revert, options.force, database_files(project, *repository)});
    }
    if (options.dry_run || result.plan.steps.empty()) {
        return result;
    }

    auto database = project.open_database(db::OpenMode::read_write);
    MigrateOptions downgrade_options;
    downgrade_options.backup = options.backup;
    MigrateResult downgraded;
    downgraded.plan = result.plan;
    try {
        run_downgrade_plan(project, *database, downgrade_options, observer, downgraded);
    } catch (const Error& failure) {
        if (downgraded.step_ids.empty()) {
            throw;  // nothing changed
        }
        throw FailedError(std::string(failure.what()) + "; the database stays at " +
                              heads_label(database->current_heads()) + " after reverting " +
                              util::join(downgraded.step_ids, ", ") +
                              ", and the code was not moved",
                          failure.hint().empty() ? "fix it and run `mig rollback` again, or go "
                                                   "back with `mig upgrade`"
                                                 : failure.hint());
    }
    result.step_ids = std::move(downgraded.step_ids);
    result.backup = std::move(downgraded.backup);
    result.executed = true;
    if (result.code.action != CodeAction::none) {
        move_code(*repository, result);
    }
    return result;
}

}  // namespace mig::workflow
