#pragma once

#include <nettle/sha2.h>
#include <string>
#include <string_view>

namespace mig::util {

// Lowercase hex SHA-256 of `data` (Nettle does the hashing).
std::string sha256_hex(std::string_view data);

// SHA-256 fed piece by piece, whose digest can be read after any piece without ending it: the
// keys of every prefix of a sequence for the price of hashing the sequence once.
class Sha256 {
public:
    Sha256();
    void update(std::string_view data);
    // Lowercase hex digest of everything fed so far.
    std::string hex() const;

private:
    sha256_ctx m_context{};
};

}  // namespace mig::util
