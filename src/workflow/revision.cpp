#include "workflow/revision.hpp"

#include "graph/errors.hpp"
#include "graph/target.hpp"
#include "script/revision_script.hpp"
#include "script/script_writer.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace mig::workflow {

namespace {

using Index = graph::RevisionGraph::Index;

std::string require_message(const std::string& message) {
    std::string trimmed(util::trim(message));
    if (trimmed.empty()) {
        throw InputError("the revision message is empty", "pass -m \"what this revision does\"");
    }
    return trimmed;
}

std::string choose_id(const graph::RevisionGraph& graph, const std::optional<std::string>& wanted) {
    if (!wanted) {
        return script::generate_revision_id(graph.ids());
    }
    if (wanted->empty()) {
        throw InputError("--rev-id is empty",
                         "give an id of letters, digits and '_', or leave --rev-id out for a "
                         "random one");
    }
    if (wanted->size() > script::k_max_revision_id_length) {
        // Bad input, not an I/O failure: the file name would exceed what file systems allow.
        throw InputError(
            "--rev-id is " + std::to_string(wanted->size()) +
                " characters long; the longest id is " +
                std::to_string(script::k_max_revision_id_length) +
                " (a file name holds 255 bytes: the id, `_`, a slug of up to 80 and `.sql`)",
            "choose a shorter id, or leave --rev-id out for a random one");
    }
    if (!script::is_valid_revision_id(*wanted)) {
        throw InputError("--rev-id '" + *wanted + "' is not a valid revision id",
                         "use letters, digits and '_' only");
    }
    if (auto existing = graph.find(*wanted)) {
        throw InputError("revision id " + *wanted + " already exists in " +
                             std::filesystem::path(graph.at(*existing).path).filename().string(),
                         "choose another --rev-id, or leave it out for a random one");
    }
    return *wanted;
}

std::vector<Index> default_parents(const graph::RevisionGraph& graph) {
    const auto& heads = graph.heads();
    if (heads.size() > 1) {
        std::vector<std::string> names;
        names.reserve(heads.size());
        for (Index head : heads) {
            names.push_back(graph.at(head).id);
        }
        throw graph::MultipleHeadsError(
            "the migrations have several heads: " + util::join(names, ", "), names,
            "pass --head REV to build on one of them, or join them first with `mig merge -m "
            "\"merge heads\" heads`");
    }
    return heads;
}

std::string template_text(Project& project) {
    return util::read_file(
        script::ScriptDirectory(project.config().migrations_dir).template_path());
}

RevisionResult write(Project& project, const std::string& id,
                     const std::vector<std::string>& parents, const std::string& message,
                     const RevisionOptions* sql) {
    script::NewRevision revision;
    revision.id = id;
    revision.parents = parents;
    revision.message = message;
    revision.created = util::utc_timestamp();
    if (sql != nullptr) {
        revision.upgrade_sql = sql->upgrade_sql;
        revision.downgrade_sql = sql->downgrade_sql;
        revision.transactional = sql->transactional;
    }
    RevisionResult result;
    result.id = id;
    result.parents = parents;
    result.file = script::write_revision(
        script::ScriptDirectory(project.config().migrations_dir).versions_dir(),
        template_text(project), revision,
        project.display(script::ScriptDirectory(project.config().migrations_dir).template_path()));
    return result;
}

}  // namespace

RevisionResult create_revision(Project& project, const RevisionOptions& options) {
    std::string message = require_message(options.message);
    const graph::RevisionGraph& graph = project.graph();
    std::vector<Index> parents;
    if (!options.head) {
        parents = default_parents(graph);
    } else if (*options.head != "base") {
        parents.push_back(graph::resolve_single(graph, *options.head, {}));
    }
    std::vector<std::string> parent_ids;
    bool starts_branch = false;
    for (Index parent : parents) {
        parent_ids.push_back(graph.at(parent).id);
        starts_branch = starts_branch || !graph.is_head(parent);
    }
    if (options.head && *options.head == "base" && !graph.empty()) {
        starts_branch = true;  // a second root
    }
    RevisionResult result =
        write(project, choose_id(graph, options.rev_id), parent_ids, message, &options);
    result.starts_branch = starts_branch;
    return result;
}

RevisionResult merge_revisions(Project& project, const MergeOptions& options) {
    std::string message = require_message(options.message);
    const graph::RevisionGraph& graph = project.graph();
    std::vector<Index> chosen;
    for (const std::string& target : options.revisions) {
        for (Index index : graph::resolve_target(graph, target, {})) {
            if (std::find(chosen.begin(), chosen.end(), index) == chosen.end()) {
                chosen.push_back(index);
            }
        }
    }
    if (chosen.size() < 2) {
        throw InputError(
            "a merge needs at least two different revisions, got " + std::to_string(chosen.size()),
            "name the heads to join, e.g. `mig merge -m \"merge heads\" heads`");
    }
    // Joining a revision with its own descendant would make a cycle-free but pointless merge.
    for (Index candidate : chosen) {
        std::vector<bool> below = graph.descendants({candidate}, false);
        for (Index other : chosen) {
            if (other != candidate && below[other]) {
                throw InputError("cannot merge " + graph.at(candidate).id + " with " +
                                     graph.at(other).id + ": " + graph.at(candidate).id +
                                     " is already an ancestor of it",
                                 "merge only revisions on different branches (see `mig heads`)");
            }
        }
    }
    std::vector<std::string> parent_ids;
    parent_ids.reserve(chosen.size());
    for (Index index : chosen) {
        parent_ids.push_back(graph.at(index).id);
    }
    return write(project, choose_id(graph, options.rev_id), parent_ids, message, nullptr);
}

}  // namespace mig::workflow
