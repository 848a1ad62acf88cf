#include "workflow/staged_not_added.hpp"

#include "util/error.hpp"
#include "util/file_io.hpp"
#include "workflow/schema_engine.hpp"
#include "workflow/staged_revisions.hpp"

#include <algorithm>
#include <map>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

// The staged revisions with some files replaced or added from the work tree.
class RevisionsWithAdditions final : public script::RevisionSource {
public:
    RevisionsWithAdditions(const script::RevisionSource& staged,
                           const std::map<std::string, std::string>& added) {
        std::vector<std::string> kept;
        for (const auto& name : staged.names()) {
            if (!added.contains(name)) {
                kept.push_back(name);
            }
        }
        staged.visit_all(kept, [&](std::size_t i, std::string_view content, std::string_view) {
            m_contents.emplace(kept[i], std::string(content));
        });
        for (const auto& [name, content] : added) {
            m_contents.emplace(name, content);
        }
    }

    std::vector<std::string> names() const override {
        std::vector<std::string> names;
        for (const auto& entry : m_contents) {
            names.push_back(entry.first);
        }
        return names;  // a std::map's keys: sorted
    }

    void visit_all(const std::vector<std::string>& names,
                   const std::function<void(std::size_t, std::string_view, std::string_view)>&
                       visit) const override {
        for (std::size_t i = 0; i < names.size(); ++i) {
            visit(i, m_contents.at(names[i]), {});
        }
    }

private:
    std::map<std::string, std::string> m_contents;  // by name
};

bool shell_safe(const std::string& word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
    });
}

std::string shell_quote(const std::string& word) {
    if (shell_safe(word)) {
        return word;
    }
    std::string quoted = "'";
    for (char c : word) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

}  // namespace

std::vector<NotAddedRevision> not_added_revisions(const Project& live,
                                                  const StagedVersions& staged) {
    const vcs::GitRepository* repository = live.git();
    if (repository == nullptr) {
        return {};
    }
    const fs::path versions = live.config().migrations_dir / "versions";
    std::map<std::string, std::string> staged_blobs;
    for (const auto& file : staged.files) {
        staged_blobs.emplace(file.name, file.blob);
    }
    std::vector<NotAddedRevision> found;
    for (const auto& file : repository->uncommitted_files(versions)) {
        const std::string name = file.path.filename().string();
        std::error_code error;  // git's paths start at its work tree, maybe another spelling
        const bool in_versions = file.path.parent_path() == versions ||
                                 fs::equivalent(file.path.parent_path(), versions, error);
        if (!in_versions || !is_revision_file_name(name) ||
            (file.state != "untracked" && file.state != "ignored" && file.state != "modified")) {
            continue;
        }
        // git's status compares with the repository's index, but `git commit -a` stages
        // into another one (GIT_INDEX_FILE): a file that one already holds as it is is staged.
        if (auto blob = staged_blobs.find(name); blob != staged_blobs.end()) {
            const auto bytes = util::read_file_if_exists(file.path);
            if (!bytes || *bytes == repository->blob_content(blob->second)) {
                continue;
            }
        }
        found.push_back({name, staged.path + "/" + name, file.state});
    }
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return found;
}

bool adding_matches_model(const Project& live, Project& snapshot, const StagedVersions& staged,
                          const std::vector<NotAddedRevision>& files) {
    if (files.empty() || !staged.revisions) {
        return false;
    }
    try {
        const fs::path versions = live.config().migrations_dir / "versions";
        std::map<std::string, std::string> added;
        for (const auto& file : files) {
            added.emplace(file.name, util::read_file(versions / file.name));
        }
        Project with_them(snapshot.config(), snapshot.request());
        with_them.use_caches_of_copy_of(live);
        with_them.read_revisions_from(
            std::make_shared<RevisionsWithAdditions>(*staged.revisions, added));
        with_them.use_database_of(live);
        if (with_them.scripts().graph().heads().size() != 1) {
            return false;
        }
        return make_schema_engine(with_them)->model_matches_head(with_them);
    } catch (const Error&) {
        return false;  // a file that does not parse or replay explains nothing
    }
}

std::string git_add_command(const std::vector<NotAddedRevision>& files) {
    const bool ignored = std::any_of(files.begin(), files.end(),
                                     [](const auto& file) { return file.state == "ignored"; });
    std::string command = ignored ? "git add -f" : "git add";
    for (const auto& file : files) {
        command += " " + shell_quote(file.repository_path);
    }
    return command;
}

}  // namespace mig::workflow
