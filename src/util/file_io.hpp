#pragma once

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

// Writes through a temporary file in the same directory and renames it into place,
// so a crash never leaves a half-written file.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Creates `path` exclusively; throws RefusedError when it already exists.
void write_new_file(const std::filesystem::path& path, std::string_view content);

// Creates mig's local state folder `dir` (a `.mig/`) holding a `.gitignore` of `*`, so git
// never sees the lock, backups or caches even when the project's .gitignore does not list
// them. Best effort: failures surface when the caller writes into the folder.
void create_state_dir(const std::filesystem::path& dir);

// `path` relative to `base` when it lies below it, else unchanged (for messages).
std::string display_path(const std::filesystem::path& path, const std::filesystem::path& base);

}  // namespace mig::util
