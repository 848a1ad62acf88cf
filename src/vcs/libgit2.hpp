#pragma once

// libgit2, loaded on first use (internal to the vcs layer).
//
// mig runs inside git hooks, so every command must start fast. Debian's libgit2 pulls in 16
// more shared libraries (mbedTLS, libssh2, Kerberos, OpenSSL's libcrypto, ...) whose loading
// and relocation cost every mig process about 2-3 ms, including the many commands that never
// touch git (`mig --version`, `current`, `upgrade --sql` outside a repository). So mig does
// not link libgit2: the vcs layer opens it with dlopen() the first time it needs git, and calls
// it through this table of functions, typed from libgit2's own header.

#include <git2.h>

namespace mig::vcs::detail {

#define MIG_LIBGIT2_FUNCTIONS(X)     \
    X(git_libgit2_init)              \
    X(git_libgit2_shutdown)          \
    X(git_libgit2_opts)              \
    X(git_error_last)                \
    X(git_repository_open_ext)       \
    X(git_repository_free)           \
    X(git_repository_workdir)        \
    X(git_repository_is_bare)        \
    X(git_repository_index)          \
    X(git_reference_name_to_id)      \
    X(git_oid_tostr)                 \
    X(git_oid_fromstr)               \
    X(git_status_list_new)           \
    X(git_status_list_entrycount)    \
    X(git_status_byindex)            \
    X(git_status_list_free)          \
    X(git_revparse_single)           \
    X(git_object_id)                 \
    X(git_object_free)               \
    X(git_merge_base)                \
    X(git_tree_walk)                 \
    X(git_tree_entry_type)           \
    X(git_tree_entry_name)           \
    X(git_tree_entry_id)             \
    X(git_tree_entry_filemode)       \
    X(git_tree_entry_bypath)         \
    X(git_tree_entry_free)           \
    X(git_index_entrycount)          \
    X(git_index_get_byindex)         \
    X(git_index_entry_stage)         \
    X(git_index_free)                \
    X(git_blob_lookup)               \
    X(git_blob_rawcontent)           \
    X(git_blob_rawsize)              \
    X(git_blob_free)                 \
    X(git_buf_dispose)               \
    X(git_object_short_id)           \
    X(git_commit_lookup)             \
    X(git_commit_free)               \
    X(git_commit_id)                 \
    X(git_commit_summary)            \
    X(git_commit_parentcount)        \
    X(git_commit_parent_id)          \
    X(git_commit_time)               \
    X(git_commit_tree)               \
    X(git_commit_tree_id)            \
    X(git_commit_create)             \
    X(git_tree_lookup)               \
    X(git_tree_free)                 \
    X(git_tree_id)                   \
    X(git_tree_entrycount)           \
    X(git_tree_entry_byindex)        \
    X(git_tree_entry_byname)         \
    X(git_graph_descendant_of)       \
    X(git_repository_head)           \
    X(git_repository_head_detached)  \
    X(git_reference_ensure_log)      \
    X(git_repository_state_cleanup)  \
    X(git_reference_lookup)          \
    X(git_reference_free)            \
    X(git_reference_type)            \
    X(git_reference_symbolic_target) \
    X(git_reference_target)          \
    X(git_reference_resolve)         \
    X(git_reference_shorthand)       \
    X(git_reference_create)          \
    X(git_reference_create_matching) \
    X(git_branch_upstream)           \
    X(git_branch_name)               \
    X(git_branch_iterator_new)       \
    X(git_branch_next)               \
    X(git_branch_iterator_free)      \
    X(git_checkout_options_init)     \
    X(git_checkout_tree)             \
    X(git_index_read_tree)           \
    X(git_index_write)               \
    X(git_signature_default)         \
    X(git_signature_free)            \
    X(git_repository_odb)            \
    X(git_odb_free)                  \
    X(git_odb_read)                  \
    X(git_odb_object_data)           \
    X(git_odb_object_size)           \
    X(git_odb_object_type)           \
    X(git_odb_object_free)           \
    X(git_oid_fromstrn)              \
    X(git_repository_item_path)      \
    X(git_repository_config)         \
    X(git_config_get_path)           \
    X(git_config_free)               \
    X(git_index_open)                \
    X(git_index_get_bypath)          \
    X(git_branch_upstream_name)

struct Libgit2 {
// NOLINTNEXTLINE(bugprone-macro-parentheses): `name` is declared here, not an expression
#define MIG_LIBGIT2_MEMBER(name) decltype(&::name) name = nullptr;
    MIG_LIBGIT2_FUNCTIONS(MIG_LIBGIT2_MEMBER)
#undef MIG_LIBGIT2_MEMBER
};

// The library, loaded and initialised (git_libgit2_init) on the first call; shut down at exit.
// FailedError naming the library and what to install when it cannot be loaded.
const Libgit2& libgit2();

}  // namespace mig::vcs::detail
