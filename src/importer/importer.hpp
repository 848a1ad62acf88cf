#pragma once

// Reads another migration tool's folder into an ordered list of migrations that mig can write
// as revisions. No database: a folder in, values out (Alembic's reader runs python3 with
// alembic to render each revision's SQL, see alembic_reader.cpp).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig::importer {

enum class Format { golang_migrate, dbmate, goose, flyway, sqitch, alembic };

// The names users type after --from: golang-migrate, dbmate, goose, flyway, sqitch, alembic.
std::string_view format_name(Format format);
std::optional<Format> parse_format(std::string_view name);
std::vector<std::string> format_names();

// One source migration as a mig revision.
struct ImportedMigration {
    std::string
        source_id;  // the source tool's version or name, as it writes it: "20230101120000", "1.1"
    // How the source tool's version table names this migration, for matching its rows:
    // golang-migrate and goose store the number ("000001" -> "1"), Flyway "1.1", the others
    // the id as written.
    std::string version_key;
    std::string revision_id;           // the mig revision id (the source id where it is valid)
    std::vector<std::string> parents;  // mig revision ids
    std::string description;  // human words from the file name or plan note: "create users"
    std::string message;      // description plus the source tool and id
    std::string upgrade_sql;
    std::optional<std::string> downgrade_sql;  // nullopt: the source has no down script
    bool transactional = true;  // false: goose NO TRANSACTION, dbmate transaction:false, ...
    std::string source_file;    // relative to the imported folder, for messages
    // Flyway repeatable migrations: imported once, after the versioned ones.
    bool repeatable = false;
};

struct ImportedHistory {
    Format format = Format::golang_migrate;
    std::vector<ImportedMigration> migrations;  // in the order the source tool applies them
    // Things the user should know that do not stop the import (a skipped file, a feature mig
    // does not carry over), one sentence each.
    std::vector<std::string> warnings;
    std::string sqitch_project;  // sqitch: %project of the plan (its registry rows are keyed by it)
};

// What the reader needs to know about the target database.
struct ReadOptions {
    // "sqlite" or "postgresql": the dialect Alembic renders its operations in.
    std::string dialect = "sqlite";
    // The python interpreter that has alembic (Alembic only).
    std::string python = "python3";
};

// Reads `dir` as `format`. Throws InputError when the folder is missing, holds no
// migration of that format, or has two migrations with one version; ParseError
// ("file:line: ...") for a file the source tool would refuse; FailedError when Alembic cannot
// be run.
ImportedHistory read_migrations(Format format, const std::filesystem::path& dir,
                                const ReadOptions& options = {});

}  // namespace mig::importer
