// Fuzzes the reader of git's index file (vcs/git_index_file.cpp), which mig parses itself so
// that a warm run need not load libgit2. The file is written by whatever git a user runs, so
// the reader must survive any bytes. For any input:
//   - parsing returns an index or nullopt, never crashes or reads out of bounds;
//   - a parsed index holds exactly the entries its header counts, each with a non-empty path
//     free of NUL bytes, a stage of 0-3, and a 40-digit checksum that is not all zeros.
// The seed corpus holds real indexes of git 2.39: versions 2, 3 (intent-to-add) and 4
// (prefix-compressed paths), with conflicts and extensions.

#include "fuzz_check.hpp"
#include "vcs/git_index_file.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(mig::fuzz::as_text(data, size));
    const std::optional<mig::vcs::detail::IndexFile> index = mig::vcs::detail::parse_index(bytes);
    if (!index) {
        return 0;
    }
    MIG_FUZZ_CHECK(bytes.size() >= 32);
    const std::uint32_t count =
        (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[8])) << 24U) |
        (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[9])) << 16U) |
        (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[10])) << 8U) |
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[11]));
    MIG_FUZZ_CHECK(index->entries.size() == count);
    for (const auto& entry : index->entries) {
        MIG_FUZZ_CHECK(!entry.path.empty());
        MIG_FUZZ_CHECK(entry.path.find('\0') == std::string::npos);
        MIG_FUZZ_CHECK(entry.stage <= 3);
    }
    MIG_FUZZ_CHECK(index->checksum.size() == 40);
    MIG_FUZZ_CHECK(index->checksum != std::string(40, '0'));
    return 0;
}
