#pragma once

#include "importer/importer.hpp"
#include "workflow/project.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace mig::workflow {

struct ImportOptions {
    importer::Format format = importer::Format::golang_migrate;
    std::filesystem::path source_dir;
    std::string python = "python3";  // Alembic: the interpreter that has alembic
};

// One revision file written.
struct ImportedFile {
    std::string revision_id;
    std::string source_id;
    std::string description;
    std::filesystem::path file;
    bool has_downgrade = true;  // false: the downgrade refuses to run
    bool transactional = true;
};

// What the source tool's version table says about the configured database.
struct StampAdvice {
    enum class Kind {
        no_database,  // the SQLite file does not exist: `mig upgrade` builds it
        no_table,     // the database has no version table of that tool
        base,         // the table records nothing applied
        at,           // stamp `revision_ids`
        unknown,      // `detail` says why it cannot tell
        unreadable,   // the database could not be read: `detail` says why
    };
    Kind kind = Kind::no_database;
    std::string table;                      // the table read ("schema_migrations")
    std::vector<std::string> revision_ids;  // for `at`: one `mig stamp` each
    std::string detail;
    std::vector<std::string> warnings;
};

struct ImportResult {
    std::vector<ImportedFile> files;  // in order
    std::vector<std::string> warnings;
    std::string head;  // the last revision: what a database at the source's latest is at
    StampAdvice stamp;
};

// Told about an import as it runs, for the CLI's progress line on a terminal; workflow never
// prints. Each call starts a phase, which lasts until the next call.
class ImportObserver {
public:
    virtual ~ImportObserver() = default;
    // The source folder is being read (Alembic: python renders every revision's SQL).
    virtual void reading_source(const ImportOptions& /*options*/) {}
    // The revision file of `migration`, the `number`th of `total` (from 1), is being written.
    virtual void writing_revision(std::size_t /*number*/, std::size_t /*total*/,
                                  const importer::ImportedMigration& /*migration*/) {}
    // The source tool's version table `table` is being read from the configured database.
    virtual void reading_version_table(const std::string& /*table*/) {}
    // The import is over, done or failed (called before a failure propagates; must not throw).
    virtual void import_ended() {}
};

// `mig import --from FORMAT DIR`: writes one revision per source migration into versions/,
// all or none (a failure removes what this run wrote), then reads the source tool's version
// table in the configured database (read only) to tell which revision to stamp. Refuses
// (RefusedError, exit 3) when versions/ already has revisions, naming them. `observer` hears
// of each phase and each file as it is written.
ImportResult import_migrations(Project& project, const ImportOptions& options,
                               ImportObserver& observer);

// The downgrade section of a revision whose source had no down migration: a statement that
// fails with a message naming the revision, so a downgrade stops there instead of silently
// doing nothing (`dialect`: "sqlite" or "postgresql").
std::string refusing_downgrade(const std::string& revision_id, const std::string& source,
                               const std::string& dialect);

}  // namespace mig::workflow
