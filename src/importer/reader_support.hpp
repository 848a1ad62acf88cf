#pragma once

// Internal to the importer: what the readers share.

#include "importer/importer.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

// A migration of a tool that names its files `{version}_{name}.sql` (dbmate, goose): source
// id, revision id, description (the name's words) and file name set; the version key, the
// SQL and the transaction are the reader's.
ImportedMigration migration_named(const std::string& file_name, const std::string& version);

// The lines of a file's text in turn, each with its end of line, numbered from 1.
class LineCursor {
public:
    explicit LineCursor(std::string_view text) : m_text(text) {}
    // Moves to the next line; false after the last.
    bool next();
    std::string_view line() const { return m_line; }
    int number() const { return m_number; }

private:
    std::string_view m_text;
    std::string_view m_line;
    std::size_t m_begin = 0;
    int m_number = 0;
};

// The upgrade and downgrade sections of a file that marks them with comments (dbmate's
// `-- migrate:up` blocks, goose's `-- +goose Up` sections): the SQL under each, and the
// errors both tools give for a second marker, SQL before the first one, or no up section.
struct SectionMarkers {
    std::string tool;  // "dbmate"
    std::string up;    // "-- migrate:up"
    std::string down;  // "-- migrate:down"
    std::string unit;  // "block"
};

class UpDownSections {
public:
    UpDownSections(std::string file, SectionMarkers markers)
        : m_file(std::move(file)), m_markers(std::move(markers)) {}
    // The up (or down) marker on line `number`; ParseError naming the first one when that
    // section is open already.
    void open(bool up, int number);
    // A line that is not a marker: into the open section; before any, blank lines and
    // comments only (ParseError otherwise).
    void add(std::string_view line, int number);
    // Fills the migration's SQL; ParseError when there is no up section.
    void finish(ImportedMigration& migration) const;

private:
    std::string m_file;
    SectionMarkers m_markers;
    std::string m_up;
    std::string m_down;
    std::string* m_current = nullptr;
    int m_up_line = 0;
    int m_down_line = 0;
};

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
