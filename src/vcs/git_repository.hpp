#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

struct git_repository;

namespace mig::vcs {

// A git repository opened through libgit2. Move-only; the handle is freed on destruction.
class GitRepository {
public:
    // The repository containing `start` (searching parent folders), or nullopt outside git.
    static std::optional<GitRepository> discover(const std::filesystem::path& start);

    GitRepository(GitRepository&&) noexcept;
    GitRepository& operator=(GitRepository&&) noexcept;
    ~GitRepository();

    std::filesystem::path workdir() const;

    // The commit HEAD points at; nullopt on a branch with no commits yet.
    std::optional<std::string> head_commit() const;

    // True when tracked files differ from HEAD (staged or not). Untracked files don't count:
    // `git reset --hard` would not lose them.
    bool is_dirty() const;

private:
    explicit GitRepository(git_repository* repository);
    git_repository* m_repository = nullptr;
};

}  // namespace mig::vcs
