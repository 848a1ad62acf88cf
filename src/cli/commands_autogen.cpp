#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/replay_progress.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"
#include "workflow/autogenerate.hpp"
#include "workflow/check.hpp"

#include <spdlog/spdlog.h>

namespace mig::cli {

namespace {

// Renames and destructive operations go to stderr, so a reviewer sees them even when the
// file is written without a look.
void warn_about(const workflow::AutogenerateResult& result) {
    for (const auto& rename : result.likely_renames) {
        std::string where = rename.table.empty() ? "table " : "column " + rename.table + ".";
        spdlog::warn(
            "{}{} was dropped and {} added with the same shape: a rename? Pass --rename {} to keep "
            "the data",
            where, rename.from, rename.to, rename.flag);
    }
    for (const auto& line : result.destructive) {
        spdlog::warn("destructive: {}", line);
    }
}

}  // namespace

void print_autogenerate_result(const Context& context, workflow::Project& project,
                               const workflow::AutogenerateResult& result, bool sql_only) {
    if (!result.changed) {
        context.output.line("No changes in schema detected.");
        return;
    }
    warn_about(result);
    if (sql_only) {
        if (result.transaction_off) {  // as the file would say it
            context.output.line("-- mig:transaction off");
        }
        context.output.line("-- mig:upgrade");
        context.output.line(result.upgrade_sql);
        context.output.line("-- mig:downgrade");
        context.output.line(result.downgrade_sql);
        return;
    }
    const workflow::RevisionResult& written = *result.written;
    std::string parents = written.parents.empty() ? "<base>" : util::join(written.parents, ", ");
    context.output.line("Generated " + project.display(written.file) + " (revision " + written.id +
                        ", parent " + parents + ")");
    for (const auto& operation : result.operations) {
        context.output.chatter("  " + operation);
    }
    if (result.transaction_off) {
        context.output.chatter(
            "It says `-- mig:transaction off`: a statement in it (ALTER TYPE ... ADD VALUE) must "
            "commit before the next can use it, so it runs without a transaction.");
    }
    context.output.chatter("Review it, commit it with the model, then run `mig upgrade`.");
}

namespace {

// `mig check --json`: what was checked, whether it passed, each problem with its kind.
void print_check_json(const Context& context, const workflow::CheckOptions& options,
                      const workflow::CheckResult& result) {
    Json problems = Json::array();
    for (const auto& problem : result.problems) {
        problems.push_back(
            {{"kind", check_problem_kind_name(problem.kind)}, {"message", problem.message}});
    }
    const Json checked = {
        {"staged", options.staged},
        {"against", options.against ? Json(*options.against) : Json(nullptr)},
        {"database", string_or_null(result.database)},
    };
    print_json(context.output, {{"ok", result.problems.empty()},
                                {"checked", checked},
                                {"problems", problems},
                                {"fixes", result.fixes}});
}

class MigrateCommand final : public Command {
public:
    const char* name() const override { return "migrate"; }
    const char* help() const override {
        return "Write a revision by comparing the model with the migrations' schema (revision "
               "--autogenerate)";
    }
    const char* example() const override {
        return "mig migrate -m \"Add age column to user model\" --rename users.name=full_name";
    }
    void add_options(CLI::App& app) override {
        app.add_option("-m,--message", m_options.message, "What the revision does")
            ->required()
            ->option_text("MSG");
        app.add_option("--rename", m_options.renames,
                       "Turn a drop+add into a rename: table.old=new or old_table=new")
            ->option_text("A=B");
        app.add_flag("--from-db", m_options.from_db,
                     "Compare with the live database instead of the migrations");
        app.add_flag("--sql", m_options.sql_only, "Print the revision's SQL; write nothing");
        app.add_option("--rev-id", m_rev_id, "Use this id instead of a random one")
            ->option_text("ID");
    }
    int run(Context& context) override {
        if (!m_rev_id.empty()) {
            m_options.rev_id = m_rev_id;
        }
        workflow::Project project = context.load_project();
        ReplayProgress progress(project, progress_wanted(context.output.quiet));
        print_autogenerate_result(context, project, workflow::autogenerate(project, m_options),
                                  m_options.sql_only);
        return 0;
    }

private:
    workflow::AutogenerateOptions m_options;
    std::string m_rev_id;
};

class CheckCommand final : public Command {
public:
    const char* name() const override { return "check"; }
    const char* help() const override {
        return "Exit 0 when the model and the migrations agree and the graph is sound; else list "
               "the problems";
    }
    const char* example() const override { return "mig check --staged --against origin/main"; }
    void add_options(CLI::App& app) override {
        app.add_flag("--staged", m_options.staged,
                     "Check the model and migrations as staged in git (what a commit records)");
        app.add_option("--against", m_against,
                       "Also check that this branch's revisions fit the ones at REF")
            ->option_text("REF");
        app.add_flag("--db", m_options.database,
                     "Also compare the live database with the schema its revision should have");
        app.add_flag("--json", m_json,
                     "Print one JSON document; the exit code is the same (see docs/commands.md)");
    }
    int run(Context& context) override {
        if (!m_against.empty()) {
            m_options.against = m_against;
        }
        workflow::Project project = context.load_project();
        ReplayProgress progress(project, !m_json && progress_wanted(context.output.quiet));
        const workflow::CheckResult result = workflow::check(project, m_options);
        if (m_json) {
            print_check_json(context, m_options, result);
        } else {
            for (const auto& problem : result.problems) {
                context.output.line(problem.message);
            }
        }
        if (result.problems.empty()) {
            if (m_json) {
                return 0;
            }
            std::string summary = m_options.staged
                                      ? "The staged model matches the staged migrations"
                                      : "The model matches the migrations' head schema";
            if (m_options.against) {
                summary += ", the revisions fit " + *m_options.against + "'s";
            }
            if (!result.database.empty()) {
                summary += ", and " + result.database + " has the schema of its revision";
            }
            context.output.chatter(summary + ".");
            return 0;
        }
        const std::size_t count = result.problems.size();
        throw FailedError(
            "check found " + std::to_string(count) + (count == 1 ? " problem" : " problems") +
                (m_json ? " (in the JSON document on standard output)" : " (listed above)"),
            util::join(result.fixes, "; "));
    }

private:
    workflow::CheckOptions m_options;
    std::string m_against;
    bool m_json = false;
};

}  // namespace

void add_autogen_commands(CommandList& commands) {
    commands.push_back(std::make_unique<MigrateCommand>());
    commands.push_back(std::make_unique<CheckCommand>());
}

}  // namespace mig::cli
