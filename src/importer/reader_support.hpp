#pragma once

// Internal to the importer: what the readers share.

#include "importer/importer.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::importer {

// The regular files directly in `dir` (or, with `recursive`, anywhere below it), sorted by
// their path relative to `dir`. InputError when `dir` is not a folder.
std::vector<std::filesystem::path> list_files(const std::filesystem::path& dir, bool recursive);

// A file's text; InputError naming it when it cannot be read.
std::string read_text(const std::filesystem::path& file);

// A version made of ASCII digits only, as a number without leading zeros ("000010" -> "10");
// nullopt when it is not all digits or is empty.
std::optional<std::string> decimal_key(std::string_view digits);

// Compares two decimal keys (no leading zeros) numerically.
bool decimal_less(const std::string& a, const std::string& b);

// A revision id from a source id: kept when it is letters, digits and `_`; otherwise each
// other character becomes `_` ("1.1" -> "1_1", "add-users" -> "add_users"). Ids mig reads as
// targets (`head`, `heads`, `base`) get a `_` suffix.
std::string revision_id_for(std::string_view source_id);

// File name words as a description: "create_users_table" -> "create users table".
std::string words_of(std::string_view name);

// Whether finish_linear makes each migration the parent of the next (the tools whose
// history is a line) or keeps the parents the reader set (Alembic's graph).
enum class Linking { chain, keep_parents };

// Gives every migration its message ("create users (golang-migrate 20230101120000)") and,
// with Linking::chain, links them in order (each the parent of the next). InputError naming
// both files when two get the same revision id.
void finish_linear(ImportedHistory& history, Linking linking = Linking::chain);

// The text with trailing blank lines and spaces removed and one final newline ("" stays "").
std::string tidy_sql(std::string_view sql);

// Flyway's version as its history table writes it: parts without leading zeros, trailing
// zero parts dropped ("01.1.0" -> "1.1"), and the order of two such keys.
std::string flyway_version_key(std::string_view version);
bool flyway_version_less(const std::string& a, const std::string& b);

// The readers, one per format (see importer.hpp for what they throw).
ImportedHistory read_golang_migrate(const std::filesystem::path& dir);
ImportedHistory read_dbmate(const std::filesystem::path& dir);
ImportedHistory read_goose(const std::filesystem::path& dir);
ImportedHistory read_flyway(const std::filesystem::path& dir);
ImportedHistory read_sqitch(const std::filesystem::path& dir);
ImportedHistory read_alembic(const std::filesystem::path& dir, const ReadOptions& options);

}  // namespace mig::importer
