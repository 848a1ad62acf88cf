#include "db/database_url.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cctype>

namespace mig::db {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_expected_forms =
    "expected sqlite:///relative/path.db, sqlite:////absolute/path.db or "
    "postgresql://user:password@host:port/database";

// The URL as a message may quote it: a NUL would end the message there, and other control
// characters would garble the one error line.
std::string printable(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\0') {
            out += "\\0";
        } else if (std::iscntrl(static_cast<unsigned char>(c)) != 0) {
            out += '?';
        } else {
            out += c;
        }
    }
    return out;
}

[[noreturn]] void reject(std::string_view url, std::string_view why) {
    throw InputError(
        "invalid database URL '" + printable(redact_url(url)) + "': " + std::string(why),
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
    // mig opens the path as a plain file name: SQLite would read neither a query string nor
    // `:memory:` there, and would create a file called `app.db?mode=ro` or `:memory:`.
    if (std::size_t query = path.find('?'); query != std::string_view::npos) {
        throw InputError("database URL '" + printable(redact_url(url)) + "' has a query string ('" +
                             printable(redact_url(path.substr(query))) +
                             "'): mig takes no options in a SQLite URL",
                         "remove it (mig opens the file read-only for commands that only read), "
                         "or rename a file whose name holds a '?'");
    }
    if (fs::path(path).filename() == ":memory:") {
        throw InputError("database URL '" + printable(redact_url(url)) +
                             "' names an in-memory database: it would vanish when mig exits, "
                             "and its revision with it",
                         "migrate a database file, such as sqlite:///app.db");
    }
    // A NUL byte ends a file name at open(): `a.db<NUL>x` would open or create `a.db`.
    if (path.find('\0') != std::string_view::npos) {
        reject(url, "the path holds a NUL byte");
    }
    fs::path file(path);
    if (file.is_relative()) {
        file = fs::absolute(base_dir) / file;
    }
    // `data/..` or `app.db/.` name a folder, not a database file.
    file = file.lexically_normal();
    if (!file.has_filename()) {
        reject(url, "no database file name");
    }
    return file;
}

constexpr std::string_view k_mask = "***";

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

bool starts_with_key(std::string_view text, std::size_t pos, std::string_view key) {
    if (text.size() - pos < key.size()) {
        return false;
    }
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[pos + i])) != key[i]) {
            return false;
        }
    }
    return true;
}

// Hides the value of every `password=`, `passwd=` or `pwd=` (any case), as in a query string
// (`?password=...&`) or a libpq key/value string (`host=db password=... user=me`), quoted or
// not.
std::string redact_key_values(std::string text) {
    static constexpr std::string_view k_keys[] = {"password=", "passwd=", "pwd="};
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        if (pos > 0 && is_word_char(text[pos - 1])) {
            continue;
        }
        for (std::string_view key : k_keys) {
            if (!starts_with_key(text, pos, key)) {
                continue;
            }
            std::size_t value = pos + key.size();
            std::size_t end = 0;
            if (value < text.size() && (text[value] == '\'' || text[value] == '"')) {
                end = text.find(text[value], value + 1);
                end = end == std::string::npos ? text.size() : end + 1;
            } else {
                end = std::min(text.find_first_of("&#; \t\n'\"", value), text.size());
            }
            text.replace(value, end - value, k_mask);
            pos = value + k_mask.size() - 1;
            break;
        }
    }
    return text;
}

// Hides `secret` in every `name:secret@` of `text`, where the pair lies between separators
// (spaces, quotes, slashes): the user info of a URL whether or not the rest of it parses
// (`postgresql//alice:secret@db/app`).
std::string redact_user_info(std::string text) {
    static constexpr std::string_view k_separators = " \t\n'\"/()<>,;";
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.find_first_of(k_separators, start), text.size());
        std::string_view token(text.data() + start, end - start);
        std::size_t colon = token.find(':');
        std::size_t at = token.rfind('@');
        if (colon != std::string_view::npos && at != std::string_view::npos && colon < at &&
            token.substr(colon + 1, at - colon - 1) != k_mask) {
            text.replace(start + colon + 1, at - colon - 1, k_mask);
            end = start + colon + 1 + k_mask.size() + (token.size() - at);
        }
        start = end + 1;
    }
    return text;
}

// `scheme://user:password@host/...`: the password is whatever lies between the first `:` of
// the user info and the last `@` before any query, so that unencoded `@` or `/` in a password
// are still hidden. With no `@`, `scheme://alice:secret/db` holds a password where a port
// belongs: anything after the host's `:` that is not a port number is hidden too.
std::string redact_authority(std::string out) {
    std::size_t authority = out.find("://");
    if (authority == std::string::npos) {
        return out;
    }
    authority += 3;
    std::size_t query = std::min(out.find_first_of("?#", authority), out.size());
    std::size_t at = query > authority ? out.rfind('@', query - 1) : std::string::npos;
    std::size_t colon = out.find(':', authority);
    if (at != std::string::npos && at >= authority) {
        bool has_password =
            colon < at && out.substr(authority, colon - authority).find('/') == std::string::npos;
        if (has_password) {
            out.replace(colon + 1, at - colon - 1, k_mask);
        }
        return out;
    }
    std::size_t host_end = std::min(out.find_first_of("/?#", authority), out.size());
    if (colon < host_end && out[authority] != '[') {  // [::1]:5432 is an IPv6 host
        std::string_view port(out.data() + colon + 1, host_end - colon - 1);
        if (!port.empty() && !all_digits(port)) {
            out.replace(colon + 1, port.size(), k_mask);
        }
    }
    return out;
}

// A URL without `://` (`postgresql//alice:secret/db`): after its first `/`, a `name:value`
// whose value is not a port number is taken for a user and password.
std::string redact_malformed_port(std::string out) {
    std::size_t start = out.find('/');
    while (start != std::string::npos && start < out.size()) {
        start += 1;
        std::size_t end = std::min(out.find_first_of("/?#@", start), out.size());
        std::size_t colon = out.find(':', start);
        if (colon < end && out[start] != '[') {
            std::string_view value(out.data() + colon + 1, end - colon - 1);
            if (!value.empty() && !all_digits(value) && value != k_mask) {
                out.replace(colon + 1, value.size(), k_mask);
                end = colon + 1 + k_mask.size();
            }
        }
        start = out.find('/', end);
    }
    return out;
}

}  // namespace

std::optional<std::filesystem::path> DatabaseUrl::database_file() const {
    if (scheme != "sqlite") {
        return std::nullopt;
    }
    return sqlite_path;
}

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

std::string redact_url(std::string_view url) {
    std::string out(url);
    // A well-formed SQLite URL holds a path, where `a:b@c.db` is a file name, not credentials.
    if (!url.starts_with("sqlite:///")) {
        out = url.find("://") != std::string_view::npos ? redact_authority(std::move(out))
                                                        : redact_malformed_port(std::move(out));
        out = redact_user_info(std::move(out));
    }
    return redact_key_values(std::move(out));
}

std::string redact_secrets(std::string_view text) {
    return redact_key_values(redact_user_info(std::string(text)));
}

}  // namespace mig::db
