#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mig::db {

// A parsed database URL.
//   sqlite:///relative.db         relative to `base_dir` (mig.toml's folder)
//   sqlite:////absolute/path.db
//   postgresql://user:pw@host:port/db   (postgres:// is accepted too)
// `sqlite:///` + an absolute path gives the four-slash form. `sqlite://` + `/abs/path` is the
// same text as `sqlite:///` + `abs/path`, so it is relative, as in SQLAlchemy.
struct DatabaseUrl {
    std::string scheme;                 // "sqlite" or "postgresql"
    std::filesystem::path sqlite_path;  // absolute, for sqlite
    std::string original;               // as given (may hold a password: never print it)

    // The URL with any password replaced by `***`, safe for messages and logs.
    std::string redacted() const;
    // The file that holds the database when it is one (SQLite); none for a server. What
    // workflow asks instead of which database it is (files beside it, does it exist, git).
    std::optional<std::filesystem::path> database_file() const;
};

// Throws InputError (with the redacted URL and the expected forms) for anything else.
DatabaseUrl parse_database_url(std::string_view url, const std::filesystem::path& base_dir);

// `url` with anything that looks like a password replaced by `***`, whether or not the URL
// parses: the password of `scheme://user:password@`, a `name:secret@` pair anywhere
// (`postgresql//alice:secret@db`), a non-numeric "port" (`postgresql://alice:secret/db`), and
// the value of `password=`, `passwd=` or `pwd=` (a query parameter or a libpq key/value).
// A well-formed `sqlite:///` path is kept, except for `password=` values.
std::string redact_url(std::string_view url);

// `text` (an error message, a log line) with every `name:secret@` pair and `password=` value
// hidden: the last line of defence for URLs that reach a message without redact_url.
std::string redact_secrets(std::string_view text);

}  // namespace mig::db
