#include "vcs/git_handle.hpp"

#include "vcs/libgit2.hpp"

namespace mig::vcs::detail {

void free_handle(git_repository* handle) noexcept {
    libgit2().git_repository_free(handle);
}
void free_handle(git_status_list* handle) noexcept {
    libgit2().git_status_list_free(handle);
}
void free_handle(git_object* handle) noexcept {
    libgit2().git_object_free(handle);
}
void free_handle(git_tree* handle) noexcept {
    libgit2().git_tree_free(handle);
}
void free_handle(git_tree_entry* handle) noexcept {
    libgit2().git_tree_entry_free(handle);
}
void free_handle(git_blob* handle) noexcept {
    libgit2().git_blob_free(handle);
}
void free_handle(git_commit* handle) noexcept {
    libgit2().git_commit_free(handle);
}
void free_handle(git_reference* handle) noexcept {
    libgit2().git_reference_free(handle);
}
void free_handle(git_branch_iterator* handle) noexcept {
    libgit2().git_branch_iterator_free(handle);
}
void free_handle(git_index* handle) noexcept {
    libgit2().git_index_free(handle);
}
void free_handle(git_signature* handle) noexcept {
    libgit2().git_signature_free(handle);
}
void free_handle(git_odb* handle) noexcept {
    libgit2().git_odb_free(handle);
}
void free_handle(git_odb_object* handle) noexcept {
    libgit2().git_odb_object_free(handle);
}

}  // namespace mig::vcs::detail
