#pragma once

// What libgit2 once answered, kept for the next runs (internal to the vcs layer).
//
// Most answers mig asks git for never change once known, because git names content by its
// hash: whether commit A is an ancestor of commit B, what commit C's subject is, which files
// commit D has that commit E lacks, whether the index whose checksum is X holds HEAD X's
// tree. Others are keyed by what they depend on (the configuration files' stat data for
// `core.hooksPath` and a branch's upstream). So a warm mig run reads them from one small file
// instead of loading libgit2 (see git_layout.hpp). The file lives in the project's cache
// folder (.mig/cache/git-facts); a damaged or missing one only makes the next run slower.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace mig::vcs::detail {

class GitFacts {
public:
    // Facts kept in `file`, read on first use. An empty path keeps nothing.
    explicit GitFacts(std::filesystem::path file);
    GitFacts(const GitFacts&) = delete;
    GitFacts& operator=(const GitFacts&) = delete;
    GitFacts(GitFacts&&) = delete;
    GitFacts& operator=(GitFacts&&) = delete;
    // Writes the facts learnt in this run (atomically; a failure only costs the next run time).
    ~GitFacts();

    std::optional<std::string> find(const std::string& key) const;
    void remember(const std::string& key, const std::string& value);

    // Writes now (the destructor does nothing more unless new facts arrive).
    void save() noexcept;

private:
    void load() const;

    std::filesystem::path m_file;
    mutable bool m_loaded = false;
    mutable std::map<std::string, std::string> m_facts;
    std::map<std::string, std::string> m_new;
};

}  // namespace mig::vcs::detail
