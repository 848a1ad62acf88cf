#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct git_repository;

namespace mig::vcs {

// A file whose content in the work tree is not what HEAD has.
struct UncommittedFile {
    std::filesystem::path path;  // absolute
    std::string state;           // "untracked", "ignored", "modified", "staged", "deleted"
};

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

    // Files below `dir` that differ from HEAD: untracked (ignored ones too: a migration git
    // ignores would never be committed), modified, staged but not committed, or deleted.
    std::vector<UncommittedFile> uncommitted_files(const std::filesystem::path& dir) const;

private:
    explicit GitRepository(git_repository* repository);
    git_repository* m_repository = nullptr;
};

}  // namespace mig::vcs
