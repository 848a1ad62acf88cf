#include "workflow/published.hpp"

#include "script/revision_script.hpp"
#include "util/error.hpp"
#include "workflow/staged_revisions.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace mig::workflow {

namespace {

constexpr const char* k_default_published = "origin/main";

void add_ref(std::vector<PublishedRef>& refs, std::string name, std::string commit) {
    const bool known = std::any_of(refs.begin(), refs.end(),
                                   [&](const PublishedRef& ref) { return ref.commit == commit; });
    if (!known) {
        refs.push_back({std::move(name), std::move(commit)});
    }
}

std::map<std::string, std::string> blobs_by_name(const std::vector<vcs::FolderFile>& files) {
    std::map<std::string, std::string> blobs;
    for (const auto& file : files) {
        blobs.emplace(file.name, file.blob);
    }
    return blobs;
}

// The names of the files in `versions` at `commit`.
std::set<std::string> names_at(const vcs::Repository& repository, const std::string& commit,
                               const std::string& versions) {
    std::set<std::string> names;
    for (const auto& file : repository.folder_files(commit, versions)) {
        names.insert(file.name);
    }
    return names;
}

// The files of `versions` that `ref` publishes: at its commit, or at the merge base with HEAD.
std::set<std::string> published_names(const vcs::Repository& repository, const PublishedRef& ref,
                                      const std::string& head, const std::string& versions) {
    std::set<std::string> names = names_at(repository, ref.commit, versions);
    const std::optional<std::string> base = repository.merge_base(head, ref.commit);
    if (base && *base != ref.commit) {
        names.merge(names_at(repository, *base, versions));
    }
    return names;
}

// The revision id in a file's header; "" when it cannot be read (then no rename is found).
std::string revision_id_of(const vcs::Repository& repository, const std::string& blob,
                           const std::string& display) {
    try {
        return script::parse_revision_header(repository.blob_content(blob), display).revision.id;
    } catch (const InputError&) {
        return {};
    }
}

}  // namespace

std::vector<PublishedRef> published_refs(const vcs::Repository& repository,
                                         const std::optional<std::string>& configured,
                                         const std::string& config_file) {
    std::vector<PublishedRef> refs;
    const std::optional<std::string> upstream = repository.upstream_commit();
    if (upstream) {
        add_ref(refs, repository.upstream_name().value_or("the upstream"), *upstream);
    }
    if (configured) {
        const std::optional<std::string> commit = repository.find_commit(*configured);
        if (!commit) {
            throw InputError(config_file + ": [hooks] published = \"" + *configured +
                                 "\" names no commit git knows, so mig cannot tell which "
                                 "revisions are published",
                             "`git fetch` it, correct the name (a branch such as "
                             "origin/main), or remove the key to use the branch's upstream");
        }
        add_ref(refs, *configured, *commit);
    } else if (!upstream) {
        if (const std::optional<std::string> commit = repository.find_commit(k_default_published)) {
            add_ref(refs, k_default_published, *commit);
        }
    }
    return refs;
}

std::vector<StagedRevisionChange> staged_revision_changes(
    const vcs::Repository& repository, const std::string& versions,
    const std::vector<vcs::FolderFile>& staged) {
    const std::optional<std::string> head = repository.head().commit;
    if (!head) {
        return {};
    }
    // Both lists are sorted by name: one merge, no lookups (this runs on every commit).
    std::vector<StagedRevisionChange> changes;
    auto next = staged.begin();
    for (const auto& file : repository.folder_files(*head, versions)) {
        while (next != staged.end() && next->name < file.name) {
            ++next;
        }
        if (!is_revision_file_name(file.name)) {
            continue;
        }
        if (next == staged.end() || next->name != file.name) {
            changes.push_back({StagedRevisionChange::Kind::deleted, file.name, file.blob});
        } else if (next->blob != file.blob) {
            changes.push_back({StagedRevisionChange::Kind::edited, file.name, file.blob});
        }
    }
    return changes;
}

std::vector<PublishedRevisionChange> published_changes(
    const vcs::Repository& repository, const std::string& versions,
    const std::vector<vcs::FolderFile>& staged, const std::vector<StagedRevisionChange>& changes,
    const std::vector<PublishedRef>& refs,
    const std::function<std::optional<std::string>(const std::string& revision)>& staged_file_of) {
    const std::optional<std::string> head = repository.head().commit;
    if (changes.empty() || refs.empty() || !head) {
        return {};
    }
    std::vector<std::set<std::string>> published;  // per ref, read once
    published.reserve(refs.size());
    for (const auto& ref : refs) {
        published.push_back(published_names(repository, ref, *head, versions));
    }
    const std::map<std::string, std::string> staged_blobs = blobs_by_name(staged);
    std::vector<PublishedRevisionChange> found;
    for (const auto& change : changes) {
        std::size_t which = 0;
        while (which < refs.size() && !published[which].contains(change.name)) {
            ++which;
        }
        if (which == refs.size()) {
            continue;  // not published yet: still yours to change
        }
        PublishedRevisionChange problem;
        problem.kind = change.kind == StagedRevisionChange::Kind::edited
                           ? PublishedRevisionChange::Kind::edited
                           : PublishedRevisionChange::Kind::deleted;
        problem.name = change.name;
        problem.revision = revision_id_of(repository, change.head_blob, change.name);
        problem.ref = refs[which];
        if (problem.kind == PublishedRevisionChange::Kind::deleted && !problem.revision.empty()) {
            if (const auto moved = staged_file_of(problem.revision);
                moved && *moved != change.name) {
                problem.kind = PublishedRevisionChange::Kind::renamed;
                problem.new_name = *moved;
                auto blob = staged_blobs.find(*moved);
                problem.also_edited =
                    blob == staged_blobs.end() || blob->second != change.head_blob;
            }
        }
        found.push_back(std::move(problem));
    }
    return found;
}

}  // namespace mig::workflow
