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

}  // namespace

void require_committed_migrations(const Project& project) {
    auto repository = vcs::GitRepository::discover(project.config().root);
    if (!repository) {
        return;
    }
    std::error_code error;
    fs::path versions = fs::weakly_canonical(project.config().migrations_dir / "versions", error);
    fs::path root = fs::weakly_canonical(project.config().root, error);
    std::vector<std::string> problems;
    for (const auto& file : repository->uncommitted_files(versions)) {
        if (is_revision_file(file.path, versions)) {
            problems.push_back(util::display_path(file.path, root) + " (" + file.state + ")");
        }
    }
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

}  // namespace mig::workflow
