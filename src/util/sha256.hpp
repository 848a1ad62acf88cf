#pragma once

#include <string>
#include <string_view>

namespace mig::util {

// Lowercase hex SHA-256 of `data` (Nettle does the hashing).
std::string sha256_hex(std::string_view data);

}  // namespace mig::util
