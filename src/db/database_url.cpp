#include "db/database_url.hpp"

#include "util/error.hpp"

namespace mig::db {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_expected_forms =
    "expected sqlite:///relative/path.db, sqlite:////absolute/path.db or "
    "postgresql://user:password@host:port/database";

[[noreturn]] void reject(std::string_view url, std::string_view why) {
    throw InputError("invalid database URL '" + redact_url(url) + "': " + std::string(why),
                     std::string(k_expected_forms));
}

// `sqlite:///` + path: SQLAlchemy's convention, which users of migration tools know. The
// path after the third slash is relative to mig.toml's folder unless it starts with `/`
// (so `sqlite:////abs.db`, which is also what `sqlite:///` + an absolute path gives).
fs::path sqlite_path(std::string_view url, std::string_view rest, const fs::path& base_dir) {
    if (rest.empty() || rest.front() != '/') {
        reject(url, "a SQLite URL needs three slashes before the path");
    }
    std::string_view path = rest.substr(1);
    if (path.empty() || path.back() == '/') {
        reject(url, "no database file name");
    }
    fs::path file(path);
    if (file.is_relative()) {
        file = fs::absolute(base_dir) / file;
    }
    return file.lexically_normal();
}

// Replaces the value of a `password=` query parameter (libpq accepts one) with `***`.
std::string redact_query_password(std::string url) {
    std::size_t query = url.find('?');
    if (query == std::string::npos) {
        return url;
    }
    for (std::size_t pos = url.find("password=", query); pos != std::string::npos;
         pos = url.find("password=", pos + 1)) {
        char before = url[pos - 1];
        if (before != '?' && before != '&') {
            continue;
        }
        std::size_t value = pos + std::string_view("password=").size();
        std::size_t end = std::min(url.find_first_of("&#", value), url.size());
        url.replace(value, end - value, "***");
    }
    return url;
}

}  // namespace

std::string DatabaseUrl::redacted() const {
    return redact_url(original);
}

DatabaseUrl parse_database_url(std::string_view url, const fs::path& base_dir) {
    DatabaseUrl parsed;
    parsed.original = std::string(url);
    if (url.starts_with("sqlite://")) {
        parsed.scheme = "sqlite";
        parsed.sqlite_path =
            sqlite_path(url, url.substr(std::string_view("sqlite://").size()), base_dir);
        return parsed;
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        parsed.scheme = "postgresql";
        return parsed;
    }
    if (url.empty()) {
        reject(url, "it is empty");
    }
    reject(url, "unsupported scheme");
}

// The password is whatever lies between the first `:` of the user info and the last `@`
// before any query, so that unencoded `@` or `/` in a password are still hidden. Over-hiding
// an odd URL is the safe mistake; a user part containing `/` is a path, not a user.
std::string redact_url(std::string_view url) {
    std::string out(url);
    std::size_t authority = out.find("://");
    if (authority == std::string::npos) {
        return out;
    }
    authority += 3;
    std::size_t query = std::min(out.find_first_of("?#", authority), out.size());
    std::size_t at = out.rfind('@', query - 1);  // query >= authority > 0
    if (at != std::string::npos && at >= authority) {
        std::size_t colon = out.find(':', authority);
        bool has_password =
            colon < at && out.substr(authority, colon - authority).find('/') == std::string::npos;
        if (has_password) {
            out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    return redact_query_password(std::move(out));
}

}  // namespace mig::db
