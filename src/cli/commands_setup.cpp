#include "cli/command.hpp"
#include "cli/replay_progress.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"
#include "workflow/init.hpp"
#include "workflow/revision.hpp"
#include "workflow/safety.hpp"

#include <filesystem>

namespace mig::cli {

namespace fs = std::filesystem;

namespace {

class InitCommand final : public Command {
public:
    const char* name() const override { return "init"; }
    const char* help() const override {
        return "Create mig.toml, migrations/versions/ and the revision template";
    }
    const char* example() const override {
        return "mig init --database-url sqlite:///app.db --model models/schema.sql";
    }
    void add_options(CLI::App& app) override {
        app.add_option("--model", m_model,
                       "The model file (declarative DDL); default models/schema.sql")
            ->option_text("PATH");
    }
    int run(Context& context) override {
        workflow::InitOptions options;
        options.dir = fs::current_path();
        if (!context.globals.database_url.empty()) {
            options.database_url = context.globals.database_url;
        }
        if (!m_model.empty()) {
            options.model_path = m_model;
        }
        workflow::require_work_tree(options.dir);  // before init writes anything
        workflow::InitResult result = workflow::init_project(options);
        for (const auto& path : result.created) {
            context.output.chatter("Created " + util::display_path(path, options.dir));
        }
        if (!result.gitignore_lines.empty()) {
            context.output.chatter("Added to .gitignore: " +
                                   util::join(result.gitignore_lines, " "));
        }
        context.output.chatter(
            "Next: describe the schema in the model, then `mig migrate -m \"first tables\"`.");
        return 0;
    }

private:
    std::string m_model;
};

void print_created(const Context& context, workflow::Project& project,
                   const workflow::RevisionResult& result) {
    std::string parents = result.parents.empty() ? "<base>" : util::join(result.parents, ", ");
    context.output.line("Generated " + project.display(result.file) + " (revision " + result.id +
                        ", parent " + parents + ")");
    if (result.starts_branch) {
        context.output.chatter(
            "Note: this starts a new branch; the migrations now have several heads "
            "(join them later with `mig merge -m MSG heads`).");
    }
}

class RevisionCommand final : public Command {
public:
    const char* name() const override { return "revision"; }
    const char* help() const override {
        return "Write a new revision script whose parent is the current head";
    }
    const char* example() const override {
        return "mig revision -m \"Add age column to user model\"";
    }
    void add_options(CLI::App& app) override {
        app.add_option("-m,--message", m_options.message, "What the revision does")
            ->required()
            ->option_text("MSG");
        app.add_option("--head", m_head,
                       "Build on this revision instead of the head (`base`: a new root)")
            ->option_text("REV");
        app.add_flag(
            "--autogenerate", m_autogenerate,
            "Fill the revision by comparing the model with the migrations (as `mig migrate`)");
        app.add_option("--rev-id", m_rev_id,
                       "Use this id instead of a random one (letters, digits, _)")
            ->option_text("ID");
    }
    int run(Context& context) override {
        if (m_autogenerate) {
            return run_autogenerate(context);
        }
        if (!m_head.empty()) {
            m_options.head = m_head;
        }
        if (!m_rev_id.empty()) {
            m_options.rev_id = m_rev_id;
        }
        workflow::Project project = context.load_project();
        print_created(context, project, workflow::create_revision(project, m_options));
        return 0;
    }

private:
    int run_autogenerate(Context& context) {
        if (!m_head.empty()) {
            throw InputError(
                "--head cannot be combined with --autogenerate",
                "autogenerate always builds on the single head whose schema it compared");
        }
        workflow::AutogenerateOptions options;
        options.message = m_options.message;
        if (!m_rev_id.empty()) {
            options.rev_id = m_rev_id;
        }
        workflow::Project project = context.load_project();
        ReplayProgress progress(project, progress_wanted(context.output.quiet));
        print_autogenerate_result(context, project, workflow::autogenerate(project, options),
                                  false);
        return 0;
    }

    workflow::RevisionOptions m_options;
    bool m_autogenerate = false;
    std::string m_head;
    std::string m_rev_id;
};

class MergeCommand final : public Command {
public:
    const char* name() const override { return "merge"; }
    const char* help() const override { return "Write a merge revision joining two or more heads"; }
    const char* example() const override { return "mig merge -m \"merge heads\" heads"; }
    void add_options(CLI::App& app) override {
        app.add_option("-m,--message", m_options.message, "What the merge is for")
            ->required()
            ->option_text("MSG");
        app.add_option("revisions", m_options.revisions, "Revisions to join (`heads`: every head)")
            ->required()
            ->option_text("REV...");
        app.add_option("--rev-id", m_rev_id, "Use this id instead of a random one")
            ->option_text("ID");
    }
    int run(Context& context) override {
        if (!m_rev_id.empty()) {
            m_options.rev_id = m_rev_id;
        }
        workflow::Project project = context.load_project();
        print_created(context, project, workflow::merge_revisions(project, m_options));
        return 0;
    }

private:
    workflow::MergeOptions m_options;
    std::string m_rev_id;
};

}  // namespace

void add_setup_commands(CommandList& commands) {
    commands.push_back(std::make_unique<InitCommand>());
    commands.push_back(std::make_unique<RevisionCommand>());
    commands.push_back(std::make_unique<MergeCommand>());
}

}  // namespace mig::cli
