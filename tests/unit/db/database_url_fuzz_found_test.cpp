// Inputs the database_url fuzzer (tests/fuzz) found, kept as regressions.

#include "db/database_url.hpp"
#include "util/error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace mig::db {
namespace {

using namespace std::string_literals;
using ::testing::HasSubstr;

// open() ends a file name at a NUL byte, so `app.db<NUL>x` (a TOML "\u0000" escape, say)
// would open or create app.db: a different database than the URL names.
TEST(DatabaseUrlFuzzFound, RefusesANulByteInTheSqlitePath) {
    try {
        parse_database_url("sqlite:////srv/app.db\0x"s, "/project");
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        EXPECT_THAT(error.what(), HasSubstr("NUL byte"));
    }
}

// `sqlite:///aqlite://.` normalizes to a folder (/base/aqlite:/): no file to open.
TEST(DatabaseUrlFuzzFound, RefusesAPathThatNormalizesToAFolder) {
    for (const char* url :
         {"sqlite:///aqlite://.", "sqlite:///data/..", "sqlite:////srv/app.db/."}) {
        try {
            parse_database_url(url, "/project");
            FAIL() << "expected InputError for " << url;
        } catch (const InputError& error) {
            EXPECT_THAT(error.what(), HasSubstr("no database file name")) << url;
        }
    }
}

}  // namespace
}  // namespace mig::db
