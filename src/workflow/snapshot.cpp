#include "workflow/snapshot.hpp"

#include "util/error.hpp"
#include "util/file_io.hpp"
#include "vcs/git_repository.hpp"
#include "workflow/staged_revisions.hpp"

#include <algorithm>
#include <fnmatch.h>
#include <utility>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

const vcs::GitRepository& open_repository(const Project& live, const std::string& option) {
    const vcs::GitRepository* repository = live.git();
    if (repository == nullptr) {
        throw InputError(
            option + " reads from git, but " + live.config().root.string() +
                " is not in a git repository",
            "run it inside the repository that holds mig.toml, or leave out " + option);
    }
    return *repository;
}

// `path` relative to the work tree root with `/` separators ("" for the root itself), or
// nullopt when it lies outside the work tree.
std::optional<std::string> repository_path(const vcs::GitRepository& repository,
                                           const fs::path& path) {
    std::error_code error;
    const fs::path root = fs::weakly_canonical(repository.workdir(), error);
    const fs::path relative = fs::weakly_canonical(path, error).lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..") {
        return std::nullopt;
    }
    return relative == "." ? std::string() : relative.generic_string();
}

std::string as_folder(const std::string& path) {
    return path.empty() ? path : path + "/";
}

// A folder worth entering: on the way down to `wanted` (a folder path ending in `/`, or ""
// for the root), or inside it.
bool on_the_way(const std::string& folder, const std::string& wanted) {
    return wanted.starts_with(folder) || folder.starts_with(wanted);
}

// What a snapshot of `live` must hold (see ProjectSnapshot). The revision files directly in
// `skipped_versions` (a folder path ending in `/`; "" for none) are left out: the snapshot
// reads them by blob id instead (StagedRevisions).
vcs::ExportFilter project_filter(const Project& live, const vcs::GitRepository& repository,
                                 const std::string& config_file,
                                 const std::string& skipped_versions) {
    const config::Config& config = live.config();
    if (config.model_command) {
        return {};  // the command may read anything in the tree
    }
    const std::string root = as_folder(repository_path(repository, config.root).value_or(""));
    const std::string migrations =
        as_folder(repository_path(repository, config.migrations_dir).value_or(""));
    std::vector<std::string> patterns;
    for (const std::string& pattern : config.model_paths) {
        if (!fs::path(pattern).is_absolute()) {  // absolute ones keep reading the work tree
            patterns.push_back(fs::path(root + pattern).lexically_normal().generic_string());
        }
    }
    vcs::ExportFilter filter;  // every folder: a model pattern may lead out of the root (../)
    filter.take = [=](const std::string& file) {
        if (!skipped_versions.empty() && file.starts_with(skipped_versions) &&
            file.find('/', skipped_versions.size()) == std::string::npos &&
            is_revision_file_name(file.substr(skipped_versions.size()))) {
            return false;
        }
        return file == config_file || (!migrations.empty() && file.starts_with(migrations)) ||
               std::any_of(patterns.begin(), patterns.end(), [&](const std::string& pattern) {
                   return ::fnmatch(pattern.c_str(), file.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0;
               });
    };
    return filter;
}

}  // namespace

ProjectSnapshot::ProjectSnapshot(util::TempDir folder, std::unique_ptr<Project> project)
    : m_folder(std::move(folder)), m_project(std::move(project)) {}

namespace {

// The index's versions folder, or nullopt when it lies outside the work tree. Its revisions
// are read by blob id unless it holds a symbolic link (a link's blob is a path, which the
// export turns back into a link).
std::optional<StagedVersions> staged_versions(const Project& live,
                                              const vcs::GitRepository& repository) {
    const auto path = repository_path(repository, live.config().migrations_dir / "versions");
    if (!path || path->empty()) {
        return std::nullopt;
    }
    StagedVersions versions{*path, repository.folder_files(std::nullopt, *path), nullptr};
    const bool has_link = std::any_of(versions.files.begin(), versions.files.end(),
                                      [](const vcs::FolderFile& file) { return file.link; });
    if (!has_link) {
        versions.revisions =
            std::make_shared<StagedRevisions>(repository, versions.files, live.cache_dir());
    }
    return versions;
}

}  // namespace

ProjectSnapshot ProjectSnapshot::staged(const Project& live) {
    const vcs::GitRepository& repository = open_repository(live, "--staged");
    const config::Config& config = live.config();
    const auto config_file = repository_path(repository, config.file);
    if (!config_file) {
        throw InputError("--staged reads the project from git, but " + config.file.string() +
                             " lies outside the work tree " + repository.workdir().string(),
                         "keep mig.toml inside the repository, or leave out --staged");
    }
    std::optional<StagedVersions> versions = staged_versions(live, repository);
    util::TempDir folder("mig-staged");
    repository.export_files(
        std::nullopt, folder.path(),
        project_filter(live, repository, *config_file,
                       versions && versions->revisions ? versions->path + "/" : ""));

    const fs::path snapshot_config = folder.path() / *config_file;
    if (!fs::exists(snapshot_config)) {  // not added to git yet: the work tree's applies
        fs::create_directories(snapshot_config.parent_path());
        util::write_file_atomically(snapshot_config, util::read_file(config.file));
    }
    config::ConfigRequest request = live.request();
    request.config_file = snapshot_config;
    request.start_dir = snapshot_config.parent_path();
    auto project = std::make_unique<Project>(config::load_config(request), request);
    // Nothing staged under versions/ yet means no revisions, not a project without `mig init`.
    fs::create_directories(project->config().migrations_dir / "versions");
    project->use_caches_of_copy_of(live);
    if (versions && versions->revisions) {
        project->read_revisions_from(versions->revisions);
    }
    // The database is the live one, wherever the URL's relative path now points.
    project->use_database_of(live);
    ProjectSnapshot snapshot(std::move(folder), std::move(project));
    snapshot.m_versions = std::move(versions);
    return snapshot;
}

RevisionsAtCommit revisions_at_commit(const Project& live, const std::string& ref) {
    const vcs::GitRepository& repository = open_repository(live, "--against");
    RevisionsAtCommit result;
    result.commit = repository.resolve_commit(ref);
    const fs::path versions = live.config().migrations_dir / "versions";
    const auto versions_path = repository_path(repository, versions);
    if (!versions_path) {
        throw InputError("--against compares revisions in git, but " + versions.string() +
                             " lies outside the work tree " + repository.workdir().string(),
                         "keep the migrations inside the repository, or leave out --against");
    }
    const std::string folder_path = as_folder(*versions_path);
    vcs::ExportFilter filter;
    filter.enter = [&](const std::string& folder) { return on_the_way(folder, folder_path); };
    filter.take = [&](const std::string& file) {
        return file.starts_with(folder_path) && file.ends_with(".sql") &&
               file.find('/', folder_path.size()) == std::string::npos;
    };
    util::TempDir folder("mig-against");
    repository.export_files(result.commit, folder.path(), filter);
    const fs::path exported = folder.path() / *versions_path;
    if (!fs::exists(exported)) {
        return result;  // the commit has no revisions
    }
    try {
        result.scripts = script::ScriptDirectory(exported.parent_path()).load_scripts();
    } catch (const Error& error) {
        throw InputError(ref + " (" + result.commit.substr(0, 12) + "): " + error.what(),
                         "fix that revision on " + ref + " first");
    }
    for (auto& script : result.scripts) {
        script.revision.path = (versions / fs::path(script.revision.path).filename()).string();
    }
    return result;
}

std::optional<std::string> merge_base_with_head(const Project& live, const std::string& commit) {
    const vcs::GitRepository& repository = open_repository(live, "--against");
    const auto head = repository.head_commit();
    return head ? repository.merge_base(*head, commit) : std::nullopt;
}

}  // namespace mig::workflow
