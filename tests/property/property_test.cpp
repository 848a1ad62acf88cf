// The property-based round trip: seeded random schemas and random mutations of them, each pair
// run through mig's layers in-process (see round_trip.hpp). CI runs a fixed-seed batch;
// MIG_PROPERTY_SEED and MIG_PROPERTY_CASES choose another seed and count, and a failing case
// prints the command that replays it alone.
#include "property/generator.hpp"
#include "property/round_trip.hpp"
#include "util/file_io.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace mig::property {
namespace {

constexpr std::uint64_t k_default_seed = 20261206;
constexpr std::uint64_t k_default_cases = 2000;

std::uint64_t environment_number(const char* name, std::uint64_t fallback) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return fallback;
    }
    return std::stoull(value);
}

std::string renames_text(const Pair& pair) {
    std::string text;
    for (const Rename& rename : pair.renames) {
        text += "  --rename " + (rename.table.empty() ? "" : rename.table + ".") + rename.from +
                "=" + rename.to + "\n";
    }
    return text.empty() ? "  (none)\n" : text;
}

std::string mutations_text(const Pair& pair) {
    std::string text;
    for (const std::string& mutation : pair.mutations) {
        text += "  " + mutation + "\n";
    }
    return text;
}

TEST(Property, RandomSchemaPairsRoundTrip) {
    const std::uint64_t seed = environment_number("MIG_PROPERTY_SEED", k_default_seed);
    const std::uint64_t cases = environment_number("MIG_PROPERTY_CASES", k_default_cases);
    const std::string revision_template =
        util::read_file(std::filesystem::path(MIG_SOURCE_DIR) / "templates/script.sql.tmpl");
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t shown = environment_number("MIG_PROPERTY_SHOW", 3);
    std::uint64_t failed = 0;
    std::string failed_seeds;
    for (std::uint64_t i = 0; i < cases; ++i) {
        const std::uint64_t case_seed = seed + i;
        Generator generator(case_seed);
        const Pair pair = generator.pair();
        const std::string failure = check_pair(pair, revision_template);
        if (failure.empty()) {
            continue;
        }
        ++failed;
        failed_seeds += " " + std::to_string(case_seed);
        std::cout << "seed " << case_seed << ": " << failure.substr(0, failure.find('\n')) << "\n";
        if (failed <= shown) {
            ADD_FAILURE() << "property case with seed " << case_seed << " failed; replay with\n"
                          << "  MIG_PROPERTY_SEED=" << case_seed
                          << " MIG_PROPERTY_CASES=1 tests/property_tests\n"
                          << "mutations:\n"
                          << mutations_text(pair) << "renames:\n"
                          << renames_text(pair) << "model before:\n"
                          << ddl(pair.before) << "model after:\n"
                          << ddl(pair.after) << "failure: " << failure;
        }
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    std::cout << "property: " << cases << " pairs from seed " << seed << ", " << cases - failed
              << " passed, " << failed << " failed, in " << elapsed.count() << " ms\n";
    EXPECT_EQ(failed, 0U) << "failing seeds:" << failed_seeds;
}

}  // namespace
}  // namespace mig::property
