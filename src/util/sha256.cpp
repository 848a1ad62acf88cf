#include "util/sha256.hpp"

#include <array>
#include <nettle/sha2.h>

namespace mig::util {

// Nettle rather than OpenSSL 3: OpenSSL's provider lookup on first use costs more than
// hashing a thousand revision files, and mig runs inside git hooks.
std::string sha256_hex(std::string_view data) {
    sha256_ctx context{};
    sha256_init(&context);
    sha256_update(&context, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
    std::array<uint8_t, SHA256_DIGEST_SIZE> digest{};
    sha256_digest(&context, digest.size(), digest.data());
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(digest.size() * 2);
    for (uint8_t byte : digest) {
        out += k_hex[byte >> 4];
        out += k_hex[byte & 0x0f];
    }
    return out;
}

}  // namespace mig::util
