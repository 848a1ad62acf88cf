// Fuzzes the database-URL parser and the password masking (db/database_url.cpp). For any input:
//   - parsing gives a SQLite URL with an absolute, normal path naming a file (no NUL byte,
//     which would cut the name short at open()), a PostgreSQL URL, or an InputError;
//   - a password never shows: the input up to its first newline is the part before the
//     password, the rest the part after; when they form `scheme://user:PASSWORD@rest`, neither
//     the masked URL nor the error message nor its hint holds the password.

#include "db/database_url.hpp"
#include "fuzz_check.hpp"
#include "util/error.hpp"

#include <string>

namespace {

constexpr std::string_view k_password = "Pw0rdSecret";

// Whether `before` + ":" + password + "@" + `after` has the password in its user info.
bool holds_password(std::string_view before, std::string_view after) {
    const std::size_t scheme_end = before.find("://");
    return scheme_end != std::string_view::npos &&
           before.find_first_of("/?#@", scheme_end + 3) == std::string_view::npos &&
           after.find_first_of("?#") == std::string_view::npos;
}

bool shows_password(const std::string& text) {
    return text.find(k_password) != std::string::npos;
}

void check_url(const std::string& url, bool secret) {
    const std::string masked = mig::db::redact_url(url);
    MIG_FUZZ_CHECK(!secret || !shows_password(masked));
    try {
        const mig::db::DatabaseUrl parsed = mig::db::parse_database_url(url, "/base/dir");
        MIG_FUZZ_CHECK(parsed.scheme == "sqlite" || parsed.scheme == "postgresql");
        MIG_FUZZ_CHECK(!secret || !shows_password(parsed.redacted()));
        if (parsed.scheme == "sqlite") {
            const std::string path = parsed.sqlite_path.string();
            MIG_FUZZ_CHECK(parsed.sqlite_path.is_absolute());
            MIG_FUZZ_CHECK(parsed.sqlite_path == parsed.sqlite_path.lexically_normal());
            MIG_FUZZ_CHECK(parsed.sqlite_path.has_filename());
            MIG_FUZZ_CHECK(path.find('\0') == std::string::npos);
        }
    } catch (const mig::InputError& error) {
        MIG_FUZZ_CHECK(!secret || !shows_password(error.what()));
        MIG_FUZZ_CHECK(!secret || !shows_password(error.hint()));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = mig::fuzz::as_text(data, size);
    if (input.find(k_password) != std::string_view::npos) {
        return 0;  // the password must come from the template only
    }
    check_url(std::string(input), false);
    const std::size_t newline = input.find('\n');
    if (newline != std::string_view::npos) {
        const std::string_view before = input.substr(0, newline);
        const std::string_view after = input.substr(newline + 1);
        check_url(std::string(before) + ":" + std::string(k_password) + "@" + std::string(after),
                  holds_password(before, after));
    }
    return 0;
}
