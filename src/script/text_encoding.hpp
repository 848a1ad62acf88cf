#pragma once

// Internal to the script layer: what mig accepts as the bytes of a revision file. Revision
// files are UTF-8 text, as SQL files in a git repository almost always are:
//   - a UTF-8 byte order mark is accepted and skipped (the checksum still covers it);
//   - UTF-16 and UTF-32 (with or without a byte order mark) are refused, naming the encoding;
//   - a NUL byte is refused: SQLite's C API stops reading a statement at the first NUL, so
//     the text after it would silently never run;
//   - any other byte sequence that is not UTF-8 is refused (a Latin-1 or Windows-1252 file
//     would otherwise store mangled text in the database), naming the line and column.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mig::script {

// Where a file stops being acceptable text, and why (one sentence with the fix).
struct EncodingProblem {
    int line = 1;  // 1-based
    std::string message;
};

// The first problem with `content` as a revision file's bytes, or nullopt when it is UTF-8
// text without NUL bytes (optionally after a UTF-8 byte order mark).
std::optional<EncodingProblem> find_encoding_problem(std::string_view content);

// 3 when `content` starts with a UTF-8 byte order mark, else 0.
std::size_t utf8_bom_size(std::string_view content);

}  // namespace mig::script
