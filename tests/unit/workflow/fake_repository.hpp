#pragma once

// An in-memory vcs::Repository: commits, a branch, a work tree's state and an upstream, set up
// by the test. Writes are recorded (and can be made to fail), so the decisions of rollback are
// tested without git (ninja's DiskInterface pattern); real repositories are exercised end to end.

#include "util/error.hpp"
#include "vcs/repository.hpp"

#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace mig::test {

class FakeRepository final : public vcs::Repository {
public:
    // Appends a commit on the branch (first parent: the current head) and moves the head to it.
    // `id` is used as given (tests use short readable ids); the subject defaults to "commit <id>".
    std::string commit_on_branch(const std::string& id, std::vector<std::string> extra_parents = {},
                                 const std::string& subject = {}) {
        vcs::CommitInfo info;
        info.id = id;
        info.short_id = id.substr(0, 7);
        info.subject = subject.empty() ? "commit " + id : subject;
        if (m_head.commit) {
            info.parents.push_back(*m_head.commit);
        }
        info.parents.insert(info.parents.end(), extra_parents.begin(), extra_parents.end());
        m_commits[id] = info;
        m_head.commit = id;
        return id;
    }
    // A commit off the branch (for merges): parents as given.
    void side_commit(const std::string& id, std::vector<std::string> parents) {
        m_commits[id] = vcs::CommitInfo{id, id.substr(0, 7), "side " + id, std::move(parents), 0};
    }
    void add_file(const std::string& path, const std::string& commit) {
        m_additions.push_back({path, commit});
    }

    vcs::HeadState m_head{std::string("main"), std::nullopt};
    std::vector<vcs::ChangedFile> m_tracked_changes;
    std::set<std::string> m_tracked;  // files HEAD's tree has
    std::map<std::string, std::vector<std::string>> m_untracked_overwritten;  // by commit
    std::optional<std::string> m_upstream;                                    // a commit id
    std::vector<vcs::FileAddition> m_additions;
    std::map<std::string, std::string> m_refs;  // find_commit: ref name -> commit id
    // folder_files: by commit id, "" for the index (one folder: tests ask about versions/ only)
    std::map<std::string, std::vector<vcs::FolderFile>> m_folder_files;
    std::map<std::string, std::string> m_blobs;  // blob_content: blob id -> bytes
    std::set<std::string> m_failing_writes;  // "write_reference", "reset_hard", "commit_tree_of"
    std::vector<std::string> m_writes;       // what was written, in order

    std::filesystem::path workdir() const override { return "/work-tree"; }
    vcs::HeadState head() const override { return m_head; }
    vcs::CommitInfo commit(const std::string& id) const override {
        auto found = m_commits.find(id);
        if (found == m_commits.end()) {
            throw FailedError("no commit " + id);
        }
        return found->second;
    }
    std::vector<vcs::ChangedFile> tracked_changes() const override { return m_tracked_changes; }
    bool head_tracks(const std::string& path) const override { return m_tracked.count(path) != 0; }
    std::vector<std::string> untracked_files_tracked_by(const std::string& id) const override {
        auto found = m_untracked_overwritten.find(id);
        return found == m_untracked_overwritten.end() ? std::vector<std::string>{} : found->second;
    }
    std::vector<vcs::FileAddition> first_parent_additions(
        const std::string& /*dir*/) const override {
        ++m_walks;
        return m_additions;
    }
    std::optional<std::string> upstream_commit() const override { return m_upstream; }
    std::optional<std::string> upstream_name() const override {
        return m_upstream ? std::optional<std::string>("origin/main") : std::nullopt;
    }
    bool is_ancestor(const std::string& ancestor, const std::string& descendant) const override {
        std::vector<std::string> todo{descendant};
        std::set<std::string> seen;
        while (!todo.empty()) {
            std::string id = todo.back();
            todo.pop_back();
            if (id == ancestor) {
                return true;
            }
            if (!seen.insert(id).second || m_commits.count(id) == 0) {
                continue;
            }
            for (const auto& parent : m_commits.at(id).parents) {
                todo.push_back(parent);
            }
        }
        return false;
    }
    std::vector<std::string> branches_containing(const std::string& id) const override {
        return m_head.commit && is_ancestor(id, *m_head.commit)
                   ? std::vector<std::string>{m_head.branch.value_or("main")}
                   : std::vector<std::string>{};
    }
    std::optional<std::string> find_commit(const std::string& ref) const override {
        auto found = m_refs.find(ref);
        if (found != m_refs.end()) {
            return found->second;
        }
        return m_commits.count(ref) != 0 ? std::optional<std::string>(ref) : std::nullopt;
    }
    // The first commit met walking back from `b` (breadth first) that is `a` or its ancestor.
    std::optional<std::string> merge_base(const std::string& a,
                                          const std::string& b) const override {
        std::deque<std::string> todo{b};
        std::set<std::string> seen;
        while (!todo.empty()) {
            std::string id = todo.front();
            todo.pop_front();
            if (is_ancestor(id, a)) {
                return id;
            }
            if (!seen.insert(id).second || m_commits.count(id) == 0) {
                continue;
            }
            for (const auto& parent : m_commits.at(id).parents) {
                todo.push_back(parent);
            }
        }
        return std::nullopt;
    }
    std::vector<vcs::FolderFile> folder_files(const std::optional<std::string>& commit,
                                              const std::string& /*dir*/) const override {
        ++m_folder_reads;
        auto found = m_folder_files.find(commit.value_or(""));
        return found == m_folder_files.end() ? std::vector<vcs::FolderFile>{} : found->second;
    }
    std::string blob_content(const std::string& blob) const override {
        auto found = m_blobs.find(blob);
        if (found == m_blobs.end()) {
            throw FailedError("no blob " + blob);
        }
        ++m_blob_reads;
        return found->second;
    }
    int folder_reads() const { return m_folder_reads; }
    int blob_reads() const { return m_blob_reads; }

    void write_reference(const std::string& name, const std::string& id,
                         const std::string& /*log_message*/) override {
        fail_if("write_reference");
        m_writes.push_back("ref " + name + " " + id);
    }
    void reset_hard(const std::string& id, const std::string& /*log_message*/) override {
        fail_if("reset_hard");
        m_writes.push_back("reset " + id);
        m_head.commit = id;
    }
    std::string commit_tree_of(const std::string& tree_of, const std::string& message) override {
        fail_if("commit_tree_of");
        m_writes.push_back("commit tree of " + tree_of);
        m_last_message = message;
        return commit_on_branch("revert" + std::to_string(m_writes.size()));
    }
    int walks() const { return m_walks; }
    std::string m_last_message;

private:
    void fail_if(const std::string& what) const {
        if (m_failing_writes.count(what) != 0) {
            throw FailedError(what + " failed (injected)");
        }
    }
    std::map<std::string, vcs::CommitInfo> m_commits;
    mutable int m_walks = 0;
    mutable int m_folder_reads = 0;
    mutable int m_blob_reads = 0;
};

}  // namespace mig::test
