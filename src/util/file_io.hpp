#pragma once

#include "util/error.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mig::util {

// Whole file in one read; throws InputError naming the file when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// read_file for a file known to be regular (a directory listing said so): skips fstat and
// the read that would only see end-of-file, because mig reads thousands of these per run.
std::string read_regular_file(const std::filesystem::path& path);

// Like read_file, but nullopt when the file does not exist.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);

// --- writing (util/file_write.cpp) ------------------------------------------------------
//
// Every file mig writes goes through these two functions (SQLite files aside), so that no
// crash, full disk or killed process ever leaves a half-written file under the final name,
// which the next command would trip over: the content goes to
// a temporary file in the same folder (`.<name>.mig-tmp-<pid>`, recognisably mig's and
// whose), is flushed to disk with fsync, and only then takes the final name; the folder is
// fsync'd after the rename so the new name survives a power cut. On failure the temporary
// file is removed and the error names the file and the cause (see write_failure). Before
// writing, stale temporary files of dead processes in the same folder are removed.

// How far a write must survive. `cache`: a file mig can rebuild and whose reader checks it
// whole (the caches under .mig/cache/): renamed into place without fsync, so a crash of mig
// never leaves it half-written and only a power cut can, which its reader then treats as a
// miss; this keeps cold runs fast.
enum class Durability { durable, cache };

// Replaces `path` (or creates it) with `content`. `mode`: the new file's permission bits;
// default: those of the file being replaced, else 0666 less the umask.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           std::optional<std::filesystem::perms> mode = std::nullopt,
                           Durability durability = Durability::durable);

// Creates `path` with `content`, never replacing anything: the name appears only once the
// whole content is on disk (renameat2 RENAME_NOREPLACE, or link()+unlink() where the file
// system lacks it). RefusedError when `path` already exists.
void write_new_file(const std::filesystem::path& path, std::string_view content);

// `.<name>.mig-tmp-<pid>` beside `target`: the temporary name of a file mig is writing.
std::filesystem::path temporary_path_for(const std::filesystem::path& target);

// Removes the temporary files in `dir` that mig processes no longer running left behind (a
// killed backup's can be as big as the database), with any SQLite journal beside them.
// Files of a live process are kept: it may still be writing them. Returns how many went.
std::size_t remove_stale_temporary_files(const std::filesystem::path& dir);

// fsync of a folder, so that a rename or a new name in it is durable. Best effort.
void sync_directory(const std::filesystem::path& dir);

// The error for a failed write of `path` (`errno` value `error_number`): a full disk or a
// file size limit, a read-only or forbidden folder, or another I/O error, each saying so
// and what to do. Exit code 1: the environment failed, not the input.
FailedError write_failure(const std::filesystem::path& path, int error_number);

// Creates mig's local state folder `dir` (a `.mig/`) holding a `.gitignore` of `*`, so git
// never sees the lock, backups or caches even when the project's .gitignore does not list
// them. Best effort: failures surface when the caller writes into the folder.
void create_state_dir(const std::filesystem::path& dir);

// Writes a cache file `file` in `<state dir>/cache/` (e.g. `.mig/cache/git-facts`): the state
// folder with its `.gitignore` first, then the cache folder, then the file atomically without
// fsync (a torn cache reads as a miss). Returns the failure's text, or an empty string: a cache
// that cannot be written only costs the next run time, so callers log it at most.
std::string write_cache_file(const std::filesystem::path& file, std::string_view content);

// `path` relative to `base` when it lies below it, else unchanged (for messages).
std::string display_path(const std::filesystem::path& path, const std::filesystem::path& base);

}  // namespace mig::util
