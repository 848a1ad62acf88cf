#include "workflow/check.hpp"

#include "graph/errors.hpp"
#include "graph/plan.hpp"
#include "runtime/changed_revisions.hpp"
#include "util/strings.hpp"
#include "workflow/published.hpp"
#include "workflow/schema_engine.hpp"
#include "workflow/snapshot.hpp"
#include "workflow/staged_not_added.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace mig::workflow {

namespace {

using Index = graph::RevisionGraph::Index;

// The single head's schema against the model; returns how many differences it found (their
// fix is the caller's: a migration to write, or one to stage).
std::size_t check_model(Project& project, SchemaEngine& engine, CheckResult& result) {
    const graph::RevisionGraph& graph = project.scripts().graph();
    if (graph.heads().size() > 1) {
        std::vector<std::string> heads;
        for (Index head : graph.heads()) {
            heads.push_back(graph.at(head).id);
        }
        result.problems.push_back({CheckProblemKind::multiple_heads,
                                   "the migrations have " + std::to_string(heads.size()) +
                                       " heads (" + util::join(heads, ", ") + ")"});
        result.fixes.emplace_back("join the heads with `mig merge -m \"merge heads\" heads`");
        return 0;  // there is no single head schema to compare with
    }
    std::vector<std::string> differences = engine.model_differences(project);
    for (auto& line : differences) {
        result.problems.push_back({CheckProblemKind::model_difference, std::move(line)});
    }
    return differences.size();
}

void add_migrate_fix(std::size_t differences, CheckResult& result) {
    result.fixes.push_back("run `mig migrate -m MESSAGE` to write a revision for " +
                           std::string(differences == 1 ? "this difference" : "these differences"));
}

// The staged model differs from the staged migrations: is the migration written but not
// staged? Named (with the `git add`) when staging it makes them match; otherwise unstaged
// revision files are only mentioned in the fix.
void check_not_added(const Project& live, Project& snapshot, const StagedVersions& staged,
                     std::size_t differences, CheckResult& result) {
    const std::vector<NotAddedRevision> files = not_added_revisions(live, staged);
    if (adding_matches_model(live, snapshot, staged, files)) {
        const std::string command = git_add_command(files);
        for (const auto& file : files) {
            result.problems.push_back(
                {CheckProblemKind::revision_not_added,
                 live.display(live.config().migrations_dir / "versions" / file.name) + " is " +
                     file.state + ": it holds the migration for the staged model, but the " +
                     "commit would leave it out"});
        }
        result.fixes.push_back("stage the migration with `" + command + "`");
        return;
    }
    add_migrate_fix(differences, result);
    if (!files.empty()) {
        result.fixes.push_back("(revision files not staged: if they hold this change, `" +
                               git_add_command(files) + "`)");
    }
}

std::string describe_published(const Project& live, const PublishedRevisionChange& change,
                               const std::string& short_commit) {
    const std::filesystem::path versions = live.config().migrations_dir / "versions";
    std::string line = live.display(versions / change.name) + ": revision " +
                       (change.revision.empty() ? "file" : change.revision) + " is published (" +
                       change.ref.name + " at " + short_commit + ") and the staged change ";
    switch (change.kind) {
        case PublishedRevisionChange::Kind::edited:
            return line + "edits it: databases that already ran it will never run the change";
        case PublishedRevisionChange::Kind::deleted:
            return line + "deletes it: databases that ran it would be at a revision the code " +
                   "does not know";
        case PublishedRevisionChange::Kind::renamed:
            return line + "renames it to " + live.display(versions / change.new_name) +
                   (change.also_edited ? " and edits it" : "") +
                   ": a published revision keeps its file";
    }
    return line;
}

CheckProblemKind problem_kind(PublishedRevisionChange::Kind kind) {
    switch (kind) {
        case PublishedRevisionChange::Kind::edited:
            return CheckProblemKind::edited_published_revision;
        case PublishedRevisionChange::Kind::deleted:
            return CheckProblemKind::deleted_published_revision;
        case PublishedRevisionChange::Kind::renamed:
            return CheckProblemKind::renamed_published_revision;
    }
    return CheckProblemKind::edited_published_revision;
}

// Staged changes to published revisions. Returns the ids of the revisions it named.
std::set<std::string> check_published(const Project& live, Project& snapshot,
                                      const StagedVersions& staged, CheckResult& result) {
    const vcs::GitRepository& repository = *live.git();
    const auto find_refs = [&] {
        return published_refs(repository, live.config().hooks_published,
                              live.display(live.config().file));
    };
    std::optional<std::vector<PublishedRef>> refs;
    if (live.config().hooks_published) {
        refs = find_refs();  // a mistyped ref is reported on every commit, not only on an edit
    }
    const auto changes = staged_revision_changes(repository, staged.path, staged.files);
    if (changes.empty()) {
        return {};  // the usual commit: nothing that HEAD has changes
    }
    if (!refs) {
        refs = find_refs();
    }
    const graph::RevisionGraph& graph = snapshot.scripts().graph();
    const auto staged_file_of = [&](const std::string& id) -> std::optional<std::string> {
        const auto index = graph.find(id);
        if (!index) {
            return std::nullopt;
        }
        return std::filesystem::path(graph.at(*index).path).filename().string();
    };
    std::set<std::string> named;
    std::map<std::string, std::string> short_ids;
    for (const auto& change :
         published_changes(repository, staged.path, staged.files, changes, *refs, staged_file_of)) {
        auto [short_id, added] = short_ids.try_emplace(change.ref.commit);
        if (added) {
            short_id->second = repository.commit(change.ref.commit).short_id;
        }
        result.problems.push_back(
            {problem_kind(change.kind), describe_published(live, change, short_id->second)});
        named.insert(change.revision);
    }
    if (!named.empty()) {
        result.fixes.emplace_back(
            "published revisions are immutable: put the file back as it is committed (`git "
            "checkout HEAD -- FILE`; for a rename, also `git rm --cached NEW_FILE`) and write a "
            "new revision instead: `mig revision -m MESSAGE` (or `mig migrate -m MESSAGE` for "
            "a model change)");
    }
    return named;
}

// Applied revisions whose file changed since they ran: the database (and every other one that
// ran them) will never run the change.
void check_changed_revisions(Project& project, const std::vector<std::string>& heads,
                             CheckResult& result) {
    if (heads.empty()) {
        return;
    }
    const auto history = project.open_database(db::OpenMode::read_only)->history();
    const auto changed = runtime::find_changed_revisions(project.scripts(), heads, history);
    for (const auto& revision : changed) {
        result.problems.push_back(
            {CheckProblemKind::changed_revision,
             runtime::describe_changed_revision(revision, project.config().root)});
    }
    if (!changed.empty()) {
        result.fixes.emplace_back(
            "put the applied file back as it was (git log -p FILE shows the change) and write "
            "the change as a new revision");
    }
}

// The live database against the schema its revisions produce.
void check_drift(Project& project, SchemaEngine& engine, CheckResult& result) {
    const std::unique_ptr<LiveSchema> live = engine.read_live_schema(project, "--db");
    const std::string name = engine.database_name(project);
    result.database = name;
    const std::vector<std::string> heads =
        project.open_database(db::OpenMode::read_only)->current_heads();
    std::vector<Index> revisions;
    try {
        revisions = graph::current_indices(project.scripts().graph(), heads);
    } catch (const graph::ResolutionError& unknown) {
        const bool one = unknown.candidates().size() == 1;
        result.problems.push_back({CheckProblemKind::unknown_database_revision,
                                   "database " + name + " is at " +
                                       (one ? "revision " : "revisions ") +
                                       util::join(unknown.candidates(), ", ") +
                                       ", which the migrations do not have, so its schema cannot "
                                       "be checked"});
        result.fixes.push_back(unknown.hint());
        return;
    }
    check_changed_revisions(project, heads, result);
    const std::size_t before = result.problems.size();
    for (auto& line : engine.drift(project, *live, revisions)) {
        result.problems.push_back(
            {CheckProblemKind::drift, "drift in " + name + ": " + std::move(line)});
    }
    if (result.problems.size() <= before) {
        return;
    }
    if (heads.empty()) {
        result.fixes.emplace_back(
            "the database is at base (no revision applied) but has a schema: if another tool "
            "made it, adopt it with `mig stamp REV` at the revision that matches it");
    } else {
        result.fixes.push_back("the database no longer has the schema its revision " +
                               util::join(heads, ", ") +
                               " creates (changed by hand, or a revision edited after it ran): "
                               "undo the change, or put it in a revision");
    }
}

bool same_script(const script::RevisionScript& mine, const graph::Revision& my_revision,
                 const script::RevisionScript& theirs) {
    return mine.upgrade.sql == theirs.upgrade.sql && mine.downgrade.sql == theirs.downgrade.sql &&
           mine.transactional == theirs.transactional &&
           my_revision.parents == theirs.revision.parents;
}

// Revisions REF has that this checkout does not: deleted here when the merge base had them.
std::set<std::string> deleted_here(const Project& live, const RevisionsAtCommit& there,
                                   const std::vector<const script::RevisionScript*>& missing) {
    std::set<std::string> deleted;
    const auto base = merge_base_with_head(live, there.commit);
    if (!base || missing.empty()) {
        return deleted;
    }
    std::set<std::string> at_base;
    const RevisionsAtCommit base_revisions = revisions_at_commit(live, *base);
    for (const auto& script : base_revisions.scripts) {
        at_base.insert(script.revision.id);
    }
    for (const auto* script : missing) {
        if (at_base.contains(script->revision.id)) {
            deleted.insert(script->revision.id);
        }
    }
    return deleted;
}

// Would merging REF leave the migrations with several heads?
void check_union_heads(const graph::RevisionGraph& here,
                       const std::vector<const script::RevisionScript*>& missing,
                       const std::string& ref, CheckResult& result) {
    std::vector<graph::Revision> revisions = here.revisions();
    std::set<std::string> theirs;
    for (const auto* script : missing) {
        revisions.push_back(script->revision);
        theirs.insert(script->revision.id);
    }
    const auto problems = graph::RevisionGraph::find_problems(revisions);
    if (!problems.empty()) {
        result.problems.push_back({CheckProblemKind::graph_conflict,
                                   "this branch's revisions and " + ref +
                                       "'s do not fit together: " + problems.front().message});
        result.fixes.push_back("merge " + ref + " into this branch and repair the graph");
        return;
    }
    const graph::RevisionGraph merged = graph::RevisionGraph::build(std::move(revisions));
    if (merged.heads().size() <= 1) {
        return;
    }
    std::vector<std::string> heads;
    for (Index head : merged.heads()) {
        const std::string& id = merged.at(head).id;
        heads.push_back(id + (theirs.contains(id) ? " (" + ref + ")" : " (here)"));
    }
    result.problems.push_back(
        {CheckProblemKind::heads_after_merge, "merging " + ref + " would give the migrations " +
                                                  std::to_string(heads.size()) +
                                                  " heads: " + util::join(heads, ", ")});
    result.fixes.push_back("merge " + ref + " into this branch, then run `mig merge -m \"merge " +
                           "heads\" heads` (or re-parent this branch's new revision onto " + ref +
                           "'s head)");
}

// This checkout's revisions against REF's: nothing REF has was changed or deleted here, and
// the two fit into one line of history.
void check_against(Project& project, const Project& live, const std::string& ref,
                   const std::set<std::string>& already_named, CheckResult& result) {
    const RevisionsAtCommit there = revisions_at_commit(live, ref);
    const script::ScriptDirectory& scripts = project.scripts();
    const graph::RevisionGraph& here = scripts.graph();
    std::vector<const script::RevisionScript*> missing;
    bool changed = false;
    for (const auto& theirs : there.scripts) {
        const auto index = here.find(theirs.revision.id);
        if (!index) {
            missing.push_back(&theirs);
            continue;
        }
        if (!same_script(scripts.script(*index), here.at(*index), theirs) &&
            !already_named.contains(theirs.revision.id)) {
            changed = true;
            result.problems.push_back(
                {CheckProblemKind::edited_revision,
                 "revision " + theirs.revision.id + " (" + project.display(here.at(*index).path) +
                     ") differs from the one on " + ref +
                     ": databases that already ran it will never run the change"});
        }
    }
    if (changed) {
        result.fixes.push_back("leave revisions that " + ref + " has as they are (`git checkout " +
                               ref + " -- FILE`) and put the change in a new revision");
    }
    const std::set<std::string> deleted = deleted_here(live, there, missing);
    for (const std::string& id : deleted) {
        if (already_named.contains(id)) {
            continue;
        }
        const auto it = std::find_if(missing.begin(), missing.end(),
                                     [&](const auto* script) { return script->revision.id == id; });
        result.problems.push_back({CheckProblemKind::deleted_revision,
                                   "revision " + id + " (" + live.display((*it)->revision.path) +
                                       ") was deleted here but " + ref + " has it"});
    }
    const bool named_deletion = std::any_of(deleted.begin(), deleted.end(), [&](const auto& id) {
        return !already_named.contains(id);
    });
    if (named_deletion) {
        result.fixes.push_back("restore deleted revisions with `git checkout " + ref +
                               " -- FILE`; revert a revision with a new one instead");
    }
    if (here.heads().size() <= 1 && !missing.empty()) {
        check_union_heads(here, missing, ref, result);
    }
}

}  // namespace

CheckResult check(Project& project, const CheckOptions& options) {
    std::optional<ProjectSnapshot> snapshot;
    if (options.staged) {
        snapshot.emplace(ProjectSnapshot::staged(project));
    }
    Project& subject = snapshot ? snapshot->project() : project;
    CheckResult result;
    // One engine for the run: on PostgreSQL the model, the head and the database's revisions
    // are built in one scratch database.
    const std::unique_ptr<SchemaEngine> engine = make_schema_engine(subject);
    const std::size_t differences = check_model(subject, *engine, result);
    const std::optional<StagedVersions>* staged = snapshot ? &snapshot->versions() : nullptr;
    if (differences > 0 && staged != nullptr && *staged) {
        check_not_added(project, subject, **staged, differences, result);
    } else if (differences > 0) {
        add_migrate_fix(differences, result);
    }
    std::set<std::string> named;
    if (staged != nullptr && *staged) {
        named = check_published(project, subject, **staged, result);
    }
    if (options.against) {
        check_against(subject, project, *options.against, named, result);
    }
    if (options.database) {
        check_drift(subject, *engine, result);
    }
    return result;
}

}  // namespace mig::workflow
