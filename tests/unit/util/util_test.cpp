#include "support/temp_dir.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/sha256.hpp"
#include "util/spelling.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>

namespace mig::util {
namespace {

TEST(Sha256, KnownVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, FedInPiecesEqualsTheWholeAfterEveryPiece) {
    Sha256 sequence;
    EXPECT_EQ(sequence.hex(), sha256_hex(""));
    std::string so_far;
    for (const std::string& piece :
         std::vector<std::string>{"a", "bc", std::string(200, 'x'), "", "\n0123 abcdef"}) {
        sequence.update(piece);
        so_far += piece;
        EXPECT_EQ(sequence.hex(), sha256_hex(so_far)) << "after " << so_far.size() << " bytes";
    }
}

TEST(Strings, EscapedFieldsHoldAnyByteAndComeBack) {
    for (const std::string& text :
         std::vector<std::string>{"", "plain", "a\tb", "line\nnext", "back\\slash", "\\t not a tab",
                                  "\t\n\\", std::string("nul\0byte", 8)}) {
        const std::string escaped = escape_field(text);
        EXPECT_EQ(escaped.find_first_of("\t\n"), std::string::npos) << text;
        EXPECT_EQ(unescape_field(escaped), text);
    }
    EXPECT_EQ(unescape_field("dangling\\"), std::nullopt);
    EXPECT_EQ(unescape_field("\\x unknown"), std::nullopt);
}

TEST(Strings, TrimSplitJoin) {
    EXPECT_EQ(trim("  a b \n"), "a b");
    EXPECT_EQ(split_whitespace(" a  b\tc\n"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(join({"a", "b"}, ", "), "a, b");
    EXPECT_EQ(quoted_list({"a", "b", "c"}), "a, b and c");
    EXPECT_EQ(line_of_offset("a\nb\nc", 4), 3);
}

TEST(Spelling, SuggestsCloseIdsAndPrefixes) {
    std::vector<std::string> ids{"3f2a9c1d7b4e", "9a8b7c6d5e4f", "ffffffffffff"};
    EXPECT_EQ(closest_matches("3f2b", ids).front(), "3f2a9c1d7b4e");
    EXPECT_TRUE(closest_matches("zzzzzzzzzzzzzzzz", ids).empty());
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Clock, TimestampsAreUtcAndSortable) {
    auto epoch = std::chrono::system_clock::time_point{};
    EXPECT_EQ(utc_timestamp(epoch), "1970-01-01T00:00:00Z");
    EXPECT_EQ(compact_utc_timestamp(epoch), "19700101T000000000Z");
}

TEST(FileIo, ACacheFileGoesIntoAnIgnoredStateFolderAndAFailureIsOnlyReported) {
    test::TempDir dir;
    EXPECT_EQ(write_cache_file(dir / ".mig/cache/facts", "x\n"), "");
    EXPECT_EQ(read_file(dir / ".mig/cache/facts"), "x\n");
    EXPECT_EQ(read_file(dir / ".mig/.gitignore").find('*') != std::string::npos, true);
    write_new_file(dir / "file", "");
    EXPECT_NE(write_cache_file(dir / "file/cache/facts", "x"), "") << "a file where a folder goes";
    EXPECT_FALSE(std::filesystem::exists(dir / "file/cache"));
}

TEST(FileIo, WriteNewFileRefusesToOverwrite) {
    test::TempDir dir;
    write_new_file(dir / "a.txt", "one");
    EXPECT_THROW(write_new_file(dir / "a.txt", "two"), RefusedError);
    EXPECT_EQ(read_file(dir / "a.txt"), "one");
    EXPECT_FALSE(read_file_if_exists(dir / "missing").has_value());
    write_file_atomically(dir / "a.txt", "three");
    EXPECT_EQ(read_file(dir / "a.txt"), "three");
}

TEST(FileIo, DisplayPathIsRelativeBelowTheBase) {
    EXPECT_EQ(display_path("/p/migrations/x.sql", "/p"), "migrations/x.sql");
    EXPECT_EQ(display_path("/elsewhere/x.sql", "/p"), "/elsewhere/x.sql");
}

}  // namespace
}  // namespace mig::util
