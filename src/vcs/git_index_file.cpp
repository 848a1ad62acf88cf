#include "vcs/git_index_file.hpp"

#include "util/file_io.hpp"
#include "util/mapped_file.hpp"

#include <array>
#include <cstring>
#include <string_view>
#include <sys/stat.h>

namespace mig::vcs::detail {

namespace {

constexpr std::size_t k_checksum_size = 20;
constexpr std::size_t k_fixed_size = 62;  // the stat data, the object id and the flags
constexpr std::uint16_t k_assume_valid = 0x8000;
constexpr std::uint16_t k_extended = 0x4000;
constexpr std::uint16_t k_stage_mask = 0x3000;
constexpr std::uint16_t k_name_mask = 0x0fff;
constexpr std::uint16_t k_skip_worktree = 0x4000;
constexpr std::uint16_t k_intent_to_add = 0x2000;

// A bounds-checked big-endian reader over the file's bytes.
class Reader {
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

    bool has(std::size_t count) const { return m_bytes.size() - m_at >= count; }
    std::size_t at() const { return m_at; }
    void skip(std::size_t count) { m_at += count; }

    std::uint32_t u32() {
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            value = (value << 8U) | static_cast<unsigned char>(m_bytes[m_at++]);
        }
        return value;
    }
    std::uint16_t u16() {
        const auto high = static_cast<unsigned char>(m_bytes[m_at++]);
        const auto low = static_cast<unsigned char>(m_bytes[m_at++]);
        return static_cast<std::uint16_t>((high << 8U) | low);
    }
    unsigned char byte() { return static_cast<unsigned char>(m_bytes[m_at++]); }
    std::string_view view(std::size_t count) const { return m_bytes.substr(m_at, count); }

private:
    std::string_view m_bytes;
    std::size_t m_at = 0;
};

// Version 4's prefix length: git's varint (varint.c decode_varint).
std::optional<std::uint64_t> read_varint(Reader& reader) {
    if (!reader.has(1)) {
        return std::nullopt;
    }
    unsigned char c = reader.byte();
    std::uint64_t value = c & 127U;
    while ((c & 128U) != 0) {
        if (!reader.has(1) || value > (UINT64_MAX >> 8U)) {
            return std::nullopt;
        }
        c = reader.byte();
        value = ((value + 1) << 7U) + (c & 127U);
    }
    return value;
}

std::string hex(std::string_view bytes) {
    constexpr std::array<char, 16> digits{'0', '1', '2', '3', '4', '5', '6', '7',
                                          '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    std::string text;
    for (const char c : bytes) {
        const auto value = static_cast<unsigned char>(c);
        text += digits.at(value >> 4U);
        text += digits.at(value & 15U);
    }
    return text;
}

// One entry's path, advancing past its padding (versions 2 and 3) or prefix (version 4).
bool read_path(Reader& reader, std::uint32_t version, std::size_t entry_start, std::uint16_t flags,
               const std::string& previous, std::string& path) {
    if (version == 4) {
        const std::optional<std::uint64_t> strip = read_varint(reader);
        if (!strip || *strip > previous.size()) {
            return false;
        }
        path = previous.substr(0, previous.size() - static_cast<std::size_t>(*strip));
    } else {
        path.clear();
    }
    std::size_t length = 0;
    while (reader.has(length + 1) && reader.view(length + 1).back() != '\0') {
        ++length;
    }
    if (!reader.has(length + 1)) {
        return false;
    }
    path += reader.view(length);
    reader.skip(length + 1);
    if (version != 4) {
        if ((flags & k_name_mask) != k_name_mask && (flags & k_name_mask) != length) {
            return false;
        }
        // 1 to 8 NUL bytes end the entry on a multiple of 8 from its start.
        const std::size_t used = reader.at() - entry_start;
        const std::size_t padding = (8 - used % 8) % 8;
        if (!reader.has(padding)) {
            return false;
        }
        reader.skip(padding);
    }
    return !path.empty();
}

}  // namespace

std::optional<IndexFile> parse_index(std::string_view bytes) {
    if (bytes.size() < 12 + k_checksum_size) {
        return std::nullopt;
    }
    const std::string_view body(bytes.data(), bytes.size() - k_checksum_size);
    Reader reader(body);
    if (reader.view(4) != "DIRC") {
        return std::nullopt;
    }
    reader.skip(4);
    const std::uint32_t version = reader.u32();
    const std::uint32_t count = reader.u32();
    if (version < 2 || version > 4 || count > body.size() / k_fixed_size) {
        return std::nullopt;
    }
    IndexFile index;
    index.entries.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::size_t start = reader.at();
        if (!reader.has(k_fixed_size)) {
            return std::nullopt;
        }
        IndexEntry entry;
        entry.ctime_seconds = reader.u32();
        entry.ctime_nanoseconds = reader.u32();
        entry.mtime_seconds = reader.u32();
        entry.mtime_nanoseconds = reader.u32();
        reader.skip(4);  // dev: git does not compare it either (core.checkStat=default)
        entry.inode = reader.u32();
        entry.mode = reader.u32();
        reader.skip(8);  // uid, gid
        entry.size = reader.u32();
        reader.skip(20);  // the object id
        const std::uint16_t flags = reader.u16();
        entry.stage = static_cast<unsigned>((flags & k_stage_mask) >> 12U);
        entry.special = (flags & k_assume_valid) != 0;
        if ((flags & k_extended) != 0) {
            if (version < 3 || !reader.has(2)) {
                return std::nullopt;
            }
            const std::uint16_t extended = reader.u16();
            entry.special = entry.special || (extended & (k_skip_worktree | k_intent_to_add)) != 0;
        }
        const std::string previous =
            index.entries.empty() ? std::string() : index.entries.back().path;
        if (!read_path(reader, version, start, flags, previous, entry.path)) {
            return std::nullopt;
        }
        index.entries.push_back(std::move(entry));
    }
    // Extensions: a split index keeps entries in another file ("link"), a sparse one has
    // folder entries ("sdir"); the others (cache tree, resolve undo, ...) change nothing here.
    while (reader.has(8)) {
        const std::string_view signature = reader.view(4);
        reader.skip(4);
        const std::uint32_t size = reader.u32();
        if (signature == "link" || signature == "sdir" || !reader.has(size)) {
            return std::nullopt;
        }
        reader.skip(size);
    }
    if (reader.has(1)) {
        return std::nullopt;
    }
    const std::string_view checksum(bytes.data() + body.size(), k_checksum_size);
    if (checksum.find_first_not_of('\0') == std::string_view::npos) {
        return std::nullopt;  // index.skipHash: no name for this content
    }
    index.checksum = hex(checksum);
    return index;
}

std::optional<IndexFile> read_index_file(const std::filesystem::path& path) {
    // git replaces the index by renaming index.lock over it, so a mapping is a stable copy.
    const util::MappedFile mapped(path);
    std::optional<IndexFile> index = parse_index(mapped.bytes());
    if (index) {
        index->mtime_seconds = mapped.mtime_seconds();
        index->mtime_nanoseconds = mapped.mtime_nanoseconds();
    }
    return index;
}

}  // namespace mig::vcs::detail
