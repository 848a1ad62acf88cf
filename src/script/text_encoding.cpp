#include "script/text_encoding.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace mig::script {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_save_as_utf8 =
    "mig reads revision files as UTF-8: save the file as UTF-8";

struct ForeignBom {
    std::string_view bytes;
    std::string_view encoding;
};

// UTF-32 first: its little-endian mark starts with UTF-16's.
constexpr std::array k_foreign_boms{
    ForeignBom{std::string_view("\xFF\xFE\0\0", 4), "UTF-32 (little-endian)"},
    ForeignBom{std::string_view("\0\0\xFE\xFF", 4), "UTF-32 (big-endian)"},
    ForeignBom{std::string_view("\xFF\xFE", 2), "UTF-16 (little-endian)"},
    ForeignBom{std::string_view("\xFE\xFF", 2), "UTF-16 (big-endian)"},
};

// How many bytes the UTF-16 guess looks at: enough for a header line.
constexpr std::size_t k_sniff_bytes = 512;

// UTF-16 without a byte order mark: text that is mostly ASCII has a NUL in the high byte of
// nearly every 16-bit unit, so NULs sit at every odd offset (little-endian) or every even one
// (big-endian), and almost never at the other.
std::optional<std::string_view> guess_utf16(std::string_view content) {
    const std::size_t pairs = std::min(content.size(), k_sniff_bytes) / 2;
    if (pairs == 0) {
        return std::nullopt;
    }
    std::size_t even_nuls = 0;
    std::size_t odd_nuls = 0;
    for (std::size_t i = 0; i < pairs; ++i) {
        even_nuls += content[2 * i] == '\0' ? 1U : 0U;
        odd_nuls += content[2 * i + 1] == '\0' ? 1U : 0U;
    }
    auto mostly = [&](std::size_t count) { return count * 4 >= pairs * 3; };
    auto rarely = [&](std::size_t count) { return count * 4 < pairs; };
    if (mostly(odd_nuls) && rarely(even_nuls)) {
        return "UTF-16 (little-endian)";
    }
    if (mostly(even_nuls) && rarely(odd_nuls)) {
        return "UTF-16 (big-endian)";
    }
    return std::nullopt;
}

// The offset of the first byte that does not start a well-formed UTF-8 sequence (no
// overlong forms, no surrogates, nothing above U+10FFFF), or npos.
std::size_t first_invalid_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        // Revision files are mostly ASCII: skip it eight bytes at a time.
        while (i + 8 <= size) {
            std::uint64_t word = 0;
            std::memcpy(&word, bytes + i, sizeof word);
            if ((word & 0x8080808080808080ULL) != 0) {
                break;
            }
            i += 8;
        }
        if (i >= size) {
            break;
        }
        const unsigned lead = bytes[i];
        if (lead < 0x80U) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned low = 0x80U;  // the range of the second byte
        unsigned high = 0xBFU;
        if (lead >= 0xC2U && lead <= 0xDFU) {
            length = 2;
        } else if (lead >= 0xE0U && lead <= 0xEFU) {
            length = 3;
            low = lead == 0xE0U ? 0xA0U : low;    // overlong
            high = lead == 0xEDU ? 0x9FU : high;  // surrogates
        } else if (lead >= 0xF0U && lead <= 0xF4U) {
            length = 4;
            low = lead == 0xF0U ? 0x90U : low;    // overlong
            high = lead == 0xF4U ? 0x8FU : high;  // above U+10FFFF
        } else {
            return i;
        }
        if (i + length > size || bytes[i + 1] < low || bytes[i + 1] > high) {
            return i;
        }
        for (std::size_t k = 2; k < length; ++k) {
            if ((bytes[i + k] & 0xC0U) != 0x80U) {
                return i;
            }
        }
        i += length;
    }
    return std::string_view::npos;
}

struct Position {
    int line = 1;
    std::size_t column = 1;  // in bytes
};

Position position_of(std::string_view content, std::size_t offset) {
    Position position;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (content[i] == '\n') {
            ++position.line;
            line_start = i + 1;
        }
    }
    position.column = offset - line_start + 1;
    return position;
}

std::string hex_byte(char byte) {
    std::array<char, 8> text{};
    std::snprintf(text.data(), text.size(), "0x%02X", static_cast<unsigned char>(byte));
    return text.data();
}

}  // namespace

std::size_t utf8_bom_size(std::string_view content) {
    return content.starts_with(k_utf8_bom) ? k_utf8_bom.size() : 0;
}

std::optional<EncodingProblem> find_encoding_problem(std::string_view content) {
    for (const auto& bom : k_foreign_boms) {
        if (content.starts_with(bom.bytes)) {
            return EncodingProblem{1, "starts with a " + std::string(bom.encoding) +
                                          " byte order mark; " + std::string(k_save_as_utf8)};
        }
    }
    const std::string_view text = content.substr(utf8_bom_size(content));
    const void* nul = std::memchr(text.data(), '\0', text.size());
    if (nul != nullptr) {
        if (auto utf16 = guess_utf16(text)) {
            return EncodingProblem{1, "looks like " + std::string(*utf16) +
                                          " text (a NUL byte in every other byte); " +
                                          std::string(k_save_as_utf8)};
        }
        const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
        const Position at = position_of(content, offset + utf8_bom_size(content));
        return EncodingProblem{
            at.line, "contains a NUL byte (column " + std::to_string(at.column) +
                         "); the database would stop reading the SQL there and silently skip "
                         "the rest: remove it (write binary data as a blob literal, X'00')"};
    }
    const std::size_t invalid = first_invalid_utf8(text);
    if (invalid != std::string_view::npos) {
        const Position at = position_of(content, invalid + utf8_bom_size(content));
        return EncodingProblem{at.line, "is not valid UTF-8 (byte " + hex_byte(text[invalid]) +
                                            " at column " + std::to_string(at.column) +
                                            ": Latin-1 or Windows-1252?); " +
                                            std::string(k_save_as_utf8)};
    }
    return std::nullopt;
}

}  // namespace mig::script
