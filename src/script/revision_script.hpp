#pragma once

#include "graph/revision.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mig::script {

// A `-- mig:destructive <reason>` mark: the statement after it can lose data.
struct DestructiveMark {
    int line;
    std::string reason;
};

// One section (`-- mig:upgrade` or `-- mig:downgrade`) of a revision script.
struct Section {
    std::string sql;     // the text between the marker and the next marker / end of file
    int first_line = 0;  // 1-based line in the file where `sql` starts (the line after the marker)
    std::vector<DestructiveMark> destructive;
};

// A parsed revision script (contract format):
//
//   -- mig:revision 3f2a9c1d7b4e
//   -- mig:parents 9a8b7c6d5e4f            (absent for a base; several ids for a merge)
//   -- mig:message Add age column
//   -- mig:created 2026-11-21T10:00:00Z
//   -- mig:transaction off                 (optional)
//
//   -- mig:upgrade
//   ...
//   -- mig:downgrade
//   ...
struct RevisionScript {
    graph::Revision revision;
    Section upgrade;
    Section downgrade;
    bool transactional = true;  // false with `-- mig:transaction off`
    std::string content;        // the file's bytes, for the checksum
    // The file's SHA-256 when already known without hashing `content`: from the content
    // cache, or, for a revision known only from mig_history, as recorded there. Empty: hash.
    std::string sha256;
};

// Parses `content`; `file` names the file in errors. Throws ParseError ("file:line: ...")
// for: a missing or repeated `-- mig:revision`, an id that is not letters, digits and `_`,
// an unknown `-- mig:` directive (with a suggestion), SQL before `-- mig:upgrade`, a missing
// or repeated section marker, a repeated parent, `-- mig:transaction` other than on/off,
// `-- mig:destructive` outside a section.
RevisionScript parse_revision_script(std::string_view content, const std::filesystem::path& file);

// parse_revision_script for bytes the caller hands over: no copy, and `file_name` is used in
// errors only (revision.path stays empty for the caller to set).
RevisionScript parse_revision_file(std::string content, std::string_view file_name);

// Checks the whole file like parse_revision_script but keeps only the header (revision,
// transactional): no section text, no bytes. For commands that only read the graph.
RevisionScript parse_revision_header(std::string_view content, std::string_view file_name);

// Reads and parses one file.
RevisionScript load_revision_script(const std::filesystem::path& file);

// The longest id `mig revision --rev-id` accepts: the file `<id>_<slug>.sql` must fit in a
// file name (NAME_MAX, 255 bytes) with the longest slug (80, see slug.hpp), leaving room for
// the suffix of the temporary file it is first written to: 128 + 1 + 80 + 4 = 213 bytes.
constexpr std::size_t k_max_revision_id_length = 128;

// True when `id` is a valid revision id: one or more letters, digits or `_`.
bool is_valid_revision_id(std::string_view id);

}  // namespace mig::script
