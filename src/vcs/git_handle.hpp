#pragma once

// One move-only owner per libgit2 handle (internal to the vcs layer).
//
// Every git_* object libgit2 hands out must be freed exactly once with its own free function.
// GitHandle<T> owns one such pointer: it cannot be copied (a copy would free twice), moving
// hands ownership over, and the destructor frees. It names the libgit2 types without
// including <git2.h>, so GitRepository's public header stays free of libgit2.

#include <utility>

struct git_repository;
struct git_status_list;
struct git_object;
struct git_tree;
struct git_tree_entry;
struct git_blob;
struct git_commit;
struct git_reference;
struct git_branch_iterator;
struct git_index;
struct git_signature;
struct git_odb;
struct git_odb_object;

namespace mig::vcs::detail {

// The libgit2 free function of each handle type (git_object_free, git_tree_free, ...), called
// through the table of libgit2.hpp. Defined in git_handle.cpp.
void free_handle(git_repository* handle) noexcept;
void free_handle(git_status_list* handle) noexcept;
void free_handle(git_object* handle) noexcept;
void free_handle(git_tree* handle) noexcept;
void free_handle(git_tree_entry* handle) noexcept;
void free_handle(git_blob* handle) noexcept;
void free_handle(git_commit* handle) noexcept;
void free_handle(git_reference* handle) noexcept;
void free_handle(git_branch_iterator* handle) noexcept;
void free_handle(git_index* handle) noexcept;
void free_handle(git_signature* handle) noexcept;
void free_handle(git_odb* handle) noexcept;
void free_handle(git_odb_object* handle) noexcept;

template <class T>
class GitHandle {
public:
    GitHandle() = default;
    explicit GitHandle(T* handle) noexcept : m_handle(handle) {}
    GitHandle(const GitHandle&) = delete;
    GitHandle& operator=(const GitHandle&) = delete;
    GitHandle(GitHandle&& other) noexcept : m_handle(std::exchange(other.m_handle, nullptr)) {}
    GitHandle& operator=(GitHandle&& other) noexcept {
        if (this != &other) {
            reset();
            m_handle = std::exchange(other.m_handle, nullptr);
        }
        return *this;
    }
    ~GitHandle() { reset(); }

    T* get() const noexcept { return m_handle; }
    explicit operator bool() const noexcept { return m_handle != nullptr; }

    // For libgit2's `T** out` parameters: frees what is held, then lends the slot.
    T** out() noexcept {
        reset();
        return &m_handle;
    }

    // Gives up ownership without freeing.
    [[nodiscard]] T* release() noexcept { return std::exchange(m_handle, nullptr); }

    void reset() noexcept {
        // A null handle never loads libgit2 (a moved-from repository, a lookup that failed).
        if (m_handle != nullptr) {
            free_handle(m_handle);
            m_handle = nullptr;
        }
    }

private:
    T* m_handle = nullptr;
};

}  // namespace mig::vcs::detail
