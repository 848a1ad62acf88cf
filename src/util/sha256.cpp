#include "util/sha256.hpp"

#include <array>
#include <nettle/sha2.h>

namespace mig::util {

// Nettle rather than OpenSSL 3: OpenSSL's provider lookup on first use costs more than
// hashing a thousand revision files, and mig runs inside git hooks.
namespace {

// Ends `context` (Nettle's digest resets it) and returns the digest in hex.
std::string finish(sha256_ctx& context) {
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

}  // namespace

std::string sha256_hex(std::string_view data) {
    sha256_ctx context{};
    sha256_init(&context);
    sha256_update(&context, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
    return finish(context);
}

Sha256::Sha256() {
    sha256_init(&m_context);
}

void Sha256::update(std::string_view data) {
    sha256_update(&m_context, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
}

std::string Sha256::hex() const {
    sha256_ctx copy = m_context;  // the digest ends the copy, not the stream
    return finish(copy);
}

}  // namespace mig::util
