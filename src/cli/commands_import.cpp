#include "cli/command.hpp"
#include "cli/import_progress.hpp"
#include "importer/importer.hpp"
#include "util/error.hpp"
#include "util/spelling.hpp"
#include "util/strings.hpp"
#include "workflow/import.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

namespace mig::cli {

namespace fs = std::filesystem;

namespace {

importer::Format require_format(const std::string& name) {
    if (auto format = importer::parse_format(name)) {
        return *format;
    }
    std::vector<std::string> names = importer::format_names();
    std::vector<std::string> close = util::closest_matches(util::to_lower(name), names, 1);
    std::string hint = close.empty() ? "use one of " + util::join(names, ", ")
                                     : "did you mean --from " + close[0] + "?";
    throw InputError("--from " + name + " is not a format mig imports", hint);
}

void print_files(const Context& context, workflow::Project& project,
                 const workflow::ImportResult& result) {
    for (const workflow::ImportedFile& file : result.files) {
        std::string notes;
        if (!file.has_downgrade) {
            notes += "  [no down migration: its downgrade refuses to run]";
        }
        if (!file.transactional) {
            notes += "  [transaction off]";
        }
        context.output.chatter("  " + project.display(file.file) + notes);
    }
}

std::string stamp_commands(const std::vector<std::string>& ids) {
    std::string commands;
    for (const std::string& id : ids) {
        commands += (commands.empty() ? "  mig stamp " : "\n  mig stamp ") + id;
    }
    return commands;
}

void print_stamp(const Context& context, const workflow::Project& project,
                 const workflow::ImportResult& result) {
    const workflow::StampAdvice& advice = result.stamp;
    std::string database = project.database_url().redacted();
    for (const std::string& warning : advice.warnings) {
        spdlog::warn("{}", warning);
    }
    switch (advice.kind) {
        case workflow::StampAdvice::Kind::at:
            context.output.line("The database (" + database + ") records " + advice.table +
                                " at the imported revision(s) below; adopt it, once the files "
                                "are committed, with:");
            context.output.line(stamp_commands(advice.revision_ids));
            return;
        case workflow::StampAdvice::Kind::no_database:
            context.output.line("No database at " + database +
                                " yet: once the files are committed, `mig upgrade` builds it.");
            return;
        case workflow::StampAdvice::Kind::no_table:
            context.output.line("The database (" + database + ") has no " + advice.table +
                                ": if it already has the schema of the latest migration, adopt "
                                "it with `mig stamp " +
                                result.head + "`; if it is empty, run `mig upgrade`.");
            return;
        case workflow::StampAdvice::Kind::base:
            context.output.line("The database (" + database + ") records no migration in " +
                                advice.table +
                                ": once the files are committed, run `mig upgrade`.");
            return;
        case workflow::StampAdvice::Kind::unknown:
        case workflow::StampAdvice::Kind::unreadable:
            context.output.line("Could not tell where the database (" + database +
                                ") is: " + advice.detail +
                                ". If it has the schema of the latest migration, "
                                "adopt it with `mig stamp " +
                                result.head + "`.");
            return;
    }
}

class ImportCommand final : public Command {
public:
    const char* name() const override { return "import"; }
    const char* help() const override {
        return "Turn another tool's migrations (alembic, golang-migrate, dbmate, goose, flyway, "
               "sqitch) into revisions";
    }
    const char* example() const override {
        return "mig import --from golang-migrate db/migrations";
    }
    void add_options(CLI::App& app) override {
        app.add_option("--from", m_format,
                       "The tool that wrote DIR: golang-migrate, dbmate, goose, flyway, sqitch "
                       "or alembic")
            ->option_text("FORMAT")
            ->required();
        app.add_option("dir", m_dir, "The folder of migrations (Alembic: its script folder)")
            ->option_text("DIR")
            ->required();
        app.add_option("--python", m_python,
                       "Alembic only: the python interpreter that has alembic (default python3)")
            ->option_text("PROGRAM");
    }
    int run(Context& context) override {
        workflow::ImportOptions options;
        options.format = require_format(m_format);
        options.source_dir = fs::absolute(m_dir).lexically_normal();
        if (!m_python.empty()) {
            options.python = m_python;
        }
        workflow::Project project = context.load_project();
        ImportProgress progress(progress_wanted(context.output.quiet));
        workflow::ImportResult result = workflow::import_migrations(project, options, progress);
        for (const std::string& warning : result.warnings) {
            spdlog::warn("{}", warning);
        }
        context.output.chatter("Imported " + std::to_string(result.files.size()) + " " + m_format +
                               " migrations from " + m_dir + " (head " + result.head + "):");
        print_files(context, project, result);
        print_stamp(context, project, result);
        context.output.chatter("Next: review the revisions, commit them, then stamp or upgrade.");
        return 0;
    }

private:
    std::string m_format;
    std::string m_dir;
    std::string m_python;
};

}  // namespace

void add_import_commands(CommandList& commands) {
    commands.push_back(std::make_unique<ImportCommand>());
}

}  // namespace mig::cli
