#pragma once

// Shared by the libFuzzer targets: an invariant that does not hold is a crash, so libFuzzer
// saves the input that broke it (crash-<sha1>) and scripts/fuzz.sh fails.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace mig::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* condition) {
    std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, condition);
    std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace mig::fuzz

#define MIG_FUZZ_CHECK(condition)                              \
    do {                                                       \
        if (!(condition)) {                                    \
            ::mig::fuzz::fail(__FILE__, __LINE__, #condition); \
        }                                                      \
    } while (false)
