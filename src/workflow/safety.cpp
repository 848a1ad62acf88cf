#include "workflow/safety.hpp"

#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"
#include "vcs/git_repository.hpp"

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

// Only what mig would load counts: `*.sql` directly in versions/.
bool is_revision_file(const fs::path& path, const fs::path& versions) {
    return path.extension() == ".sql" && path.parent_path() == versions;
}

// `path` (resolved) relative to the work tree `root` with `/` separators, or nullopt outside.
std::optional<std::string> inside(const fs::path& path, const fs::path& root) {
    const fs::path relative = path.lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..") {
        return std::nullopt;
    }
    return relative.generic_string();
}

// A revision file that is a symbolic link runs its target's SQL, which git does not record:
// only a target inside the work tree, byte-identical to HEAD's blob there, is as good as a
// committed file.
std::optional<std::string> link_problem(const vcs::GitRepository& repository, const fs::path& root,
                                        const fs::path& link, const std::string& shown) {
    std::error_code error;
    const fs::path target = fs::weakly_canonical(link, error);
    const std::optional<std::string> relative = inside(target, root);
    if (!relative) {
        return shown + " is a symbolic link out of the repository (to " + target.string() + ")";
    }
    const std::optional<vcs::CommittedFile> committed = repository.head_file(*relative);
    if (!committed || !committed->regular || !fs::is_regular_file(target, error) ||
        util::read_file(target) != committed->content) {
        return shown + " is a symbolic link to " + *relative + ", which is not committed as it is";
    }
    return std::nullopt;
}

}  // namespace

UncommittedRevisions uncommitted_revisions(const config::Config& config,
                                           const vcs::GitRepository& repository) {
    UncommittedRevisions found;
    std::error_code error;
    const fs::path root = fs::weakly_canonical(repository.workdir(), error);
    const fs::path shown_root = fs::weakly_canonical(config.root, error);
    const fs::path lexical = config.migrations_dir / "versions";
    const fs::path versions = fs::weakly_canonical(lexical, error);
    const std::string shown_versions = util::display_path(lexical, config.root);
    if (!inside(versions, root)) {
        found.links.push_back(shown_versions + " leads out of the repository (to " +
                              versions.string() + ")");
        return found;
    }
    for (const auto& file : repository.uncommitted_files(versions)) {
        if (is_revision_file(file.path, versions)) {
            found.files.push_back(util::display_path(file.path, shown_root) + " (" + file.state +
                                  ")");
        }
    }
    for (const auto& entry : fs::directory_iterator(versions, error)) {
        if (entry.path().extension() != ".sql" || !entry.is_symlink(error)) {
            continue;
        }
        const std::string shown = shown_versions + "/" + entry.path().filename().string();
        if (auto problem = link_problem(repository, root, entry.path(), shown)) {
            found.links.push_back(*problem);
        }
    }
    return found;
}

void require_committed_migrations(const Project& project) {
    const vcs::GitRepository* repository = project.git();
    if (repository == nullptr) {
        return;
    }
    const UncommittedRevisions found = uncommitted_revisions(project.config(), *repository);
    if (!found.links.empty()) {
        throw RefusedError(
            found.links.front() + ": git records where a link points, not the SQL that would run",
            "keep the revision files themselves in the repository and commit "
            "them, or pass --allow-dirty to upgrade anyway");
    }
    const std::vector<std::string>& problems = found.files;
    if (problems.empty()) {
        return;
    }
    std::string listed = problems.size() <= 3
                             ? util::quoted_list(problems)
                             : util::join({problems.begin(), problems.begin() + 3}, ", ") +
                                   " and " + std::to_string(problems.size() - 3) + " more";
    throw RefusedError(
        std::string(problems.size() == 1 ? "a migration is"
                                         : std::to_string(problems.size()) + " migrations are") +
            " not committed: " + listed,
        "commit the migrations first (git add " +
            project.display(project.config().migrations_dir / "versions") +
            " && git commit), or pass --allow-dirty to upgrade anyway");
}

void require_work_tree(const fs::path& dir) {
    const std::optional<fs::path> git_dir = vcs::git_directory_containing(dir);
    if (!git_dir) {
        return;
    }
    const fs::path parent = git_dir->parent_path();
    if (git_dir->filename() == ".git") {
        throw InputError(git_dir->string() + " is git's own folder, not the work tree",
                         "run mig in the work tree: cd " + parent.string() + " (or mig -C " +
                             parent.string() + ")");
    }
    throw InputError("this is a bare repository (" + git_dir->string() +
                         "): it has no work tree for mig's files",
                     "run mig in a work tree (git worktree add ../work, or git clone " +
                         git_dir->string() + ")");
}

}  // namespace mig::workflow
