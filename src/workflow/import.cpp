#include "workflow/import.hpp"

#include "db/table_rows.hpp"
#include "dialect/dialect.hpp"
#include "importer/version_table.hpp"
#include "script/script_writer.hpp"
#include "script/slug.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <system_error>

namespace mig::workflow {

namespace fs = std::filesystem;

namespace {

void refuse_existing_revisions(Project& project) {
    const graph::RevisionGraph& graph = project.graph();
    std::vector<std::string> ids = graph.ids();
    if (ids.empty()) {
        return;
    }
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < ids.size() && i < 3; ++i) {
        shown.push_back(ids[i]);
    }
    std::string more = ids.size() > 3 ? " and " + std::to_string(ids.size() - 3) + " more" : "";
    throw RefusedError(
        project.display(script::ScriptDirectory(project.config().migrations_dir).versions_dir()) +
            " already has revisions (" + util::join(shown, ", ") + more +
            "); an import starts a history",
        "import into a project whose versions/ is empty (move those files away, or run "
        "`mig init` in a new folder)");
}

struct Rendered {
    const importer::ImportedMigration* migration;
    fs::path file;
    std::string text;
};

std::string refusing_downgrade(const dialect::Dialect& dialect, const std::string& revision_id,
                               const std::string& source) {
    return "-- " + source +
           " had no down migration: this downgrade refuses to run.\n"
           "-- Replace these lines with SQL that undoes the upgrade, if it can be undone.\n" +
           dialect.failing_statement("revision " + revision_id +
                                     " cannot be downgraded: " + source + " had no down migration");
}

std::vector<Rendered> render_all(Project& project, const dialect::Dialect& dialect,
                                 const importer::ImportedHistory& history) {
    script::ScriptDirectory directory(project.config().migrations_dir);
    std::string template_text = util::read_file(directory.template_path());
    std::string template_name = project.display(directory.template_path());
    std::string created = util::utc_timestamp();
    std::vector<Rendered> rendered;
    for (const importer::ImportedMigration& migration : history.migrations) {
        script::NewRevision revision;
        revision.id = migration.revision_id;
        revision.parents = migration.parents;
        revision.message = migration.message;
        revision.created = created;
        revision.upgrade_sql = migration.upgrade_sql;
        std::string source = std::string(importer::format_name(history.format)) + " " +
                             migration.source_id + " (" + migration.source_file + ")";
        revision.downgrade_sql = migration.downgrade_sql
                                     ? *migration.downgrade_sql
                                     : refusing_downgrade(dialect, migration.revision_id, source);
        revision.transactional = migration.transactional;
        std::string slug = script::slugify(migration.description.empty() ? migration.source_id
                                                                         : migration.description);
        rendered.push_back(
            {&migration, directory.versions_dir() / (migration.revision_id + "_" + slug + ".sql"),
             script::render_revision(template_text, revision, template_name)});
    }
    return rendered;
}

// Every file or none: a failure removes the files this run wrote. Each file is flushed to
// disk (twice: the file, then its folder), which is what takes time in a long history.
void write_all(const std::vector<Rendered>& rendered, ImportObserver& observer) {
    std::vector<fs::path> written;
    try {
        for (const Rendered& file : rendered) {
            observer.writing_revision(written.size() + 1, rendered.size(), *file.migration);
            util::write_new_file(file.file, file.text);
            written.push_back(file.file);
        }
    } catch (...) {
        for (const fs::path& file : written) {
            std::error_code ignored;
            fs::remove(file, ignored);
        }
        throw;
    }
}

StampAdvice advise_stamp(const Project& project, const importer::ImportedHistory& history,
                         ImportObserver& observer) {
    StampAdvice advice;
    const std::optional<fs::path> database_file = project.database_url().database_file();
    importer::VersionTableQuery query =
        importer::version_table_query(history.format, project.database_url().scheme);
    advice.table = query.schema.empty() ? query.table : query.schema + "." + query.table;
    db::DatabaseUrl url = project.database_url();
    if (database_file && query.registry_file) {
        url.sqlite_path = database_file->parent_path() / *query.registry_file;
        advice.table = query.table + " in " + *query.registry_file;
    }
    observer.reading_version_table(advice.table);
    db::TableRows table;
    try {
        table = db::read_table_rows(url, project.connection_options(), query.schema, query.table,
                                    query.sql);
    } catch (const Error& error) {
        spdlog::debug("reading {}: {}", advice.table, error.what());
        advice.kind = StampAdvice::Kind::unreadable;
        advice.detail = error.what();
        return advice;
    }
    switch (table.found) {
        case db::TableRows::Found::no_database:
            advice.kind = database_file && query.registry_file && fs::exists(*database_file)
                              ? StampAdvice::Kind::no_table
                              : StampAdvice::Kind::no_database;
            return advice;
        case db::TableRows::Found::no_table:
            advice.kind = StampAdvice::Kind::no_table;
            return advice;
        case db::TableRows::Found::rows:
            break;
    }
    importer::SourcePosition position = importer::locate(history, table.rows);
    advice.warnings = position.warnings;
    switch (position.state) {
        case importer::SourcePosition::State::base:
            advice.kind = StampAdvice::Kind::base;
            break;
        case importer::SourcePosition::State::at:
            advice.kind = StampAdvice::Kind::at;
            advice.revision_ids = position.revision_ids;
            break;
        case importer::SourcePosition::State::unknown:
            advice.kind = StampAdvice::Kind::unknown;
            advice.detail = position.problem;
            break;
    }
    return advice;
}

// Tells the observer that the import is over however import_migrations leaves.
class ImportEnd {
public:
    explicit ImportEnd(ImportObserver& observer) : m_observer(observer) {}
    ~ImportEnd() { m_observer.import_ended(); }
    ImportEnd(const ImportEnd&) = delete;
    ImportEnd& operator=(const ImportEnd&) = delete;

private:
    ImportObserver& m_observer;
};

}  // namespace

ImportResult import_migrations(Project& project, const ImportOptions& options,
                               ImportObserver& observer) {
    const ImportEnd end(observer);
    refuse_existing_revisions(project);
    importer::ReadOptions read_options;
    const std::unique_ptr<dialect::Dialect> dialect =
        dialect::make_dialect(project.database_url().scheme, {project.connection_options().schema});
    read_options.dialect = std::string(dialect->name());
    read_options.python = options.python;
    observer.reading_source(options);
    importer::ImportedHistory history =
        importer::read_migrations(options.format, options.source_dir, read_options);
    std::vector<Rendered> rendered = render_all(project, *dialect, history);
    write_all(rendered, observer);

    ImportResult result;
    result.warnings = history.warnings;
    for (const Rendered& file : rendered) {
        const importer::ImportedMigration& migration = *file.migration;
        result.files.push_back({migration.revision_id, migration.source_id, migration.description,
                                file.file, migration.downgrade_sql.has_value(),
                                migration.transactional});
    }
    result.head = history.migrations.back().revision_id;
    result.stamp = advise_stamp(project, history, observer);
    return result;
}

}  // namespace mig::workflow
