#include "cli/color.hpp"
#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "util/file_io.hpp"
#include "util/strings.hpp"
#include "workflow/inspect.hpp"

namespace mig::cli {

namespace {

class CurrentCommand final : public Command {
public:
    const char* name() const override { return "current"; }
    const char* help() const override {
        return "Print the database's revision id(s), one a line; nothing for base";
    }
    const char* example() const override { return "mig current --json"; }
    void add_options(CLI::App& app) override {
        app.add_flag("--json", m_json, "Print one JSON document (see docs/commands.md)");
    }
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        const workflow::CurrentResult result = workflow::current(project);
        if (m_json) {
            Json revisions = Json::array();
            for (const auto& revision : result.revisions) {
                revisions.push_back(current_revision_json(revision));
            }
            print_json(context.output, {{"database", result.database}, {"revisions", revisions}});
            return 0;
        }
        for (const auto& revision : result.revisions) {
            context.output.line(highlight_id(revision.id));
        }
        return 0;
    }

private:
    bool m_json = false;
};

// The revisions of `heads` or `history` as a JSON array.
Json revisions_json(const std::vector<workflow::RevisionInfo>& infos) {
    Json out = Json::array();
    for (const auto& info : infos) {
        out.push_back(revision_json(info));
    }
    return out;
}

class HeadsCommand final : public Command {
public:
    const char* name() const override { return "heads"; }
    const char* help() const override {
        return "Print the head revision id(s) of the migrations, one a line";
    }
    const char* example() const override { return "mig heads"; }
    void add_options(CLI::App& app) override {
        app.add_flag("-v,--verbose", m_verbose, "Show each head's details");
        app.add_flag("--json", m_json,
                     "Print one JSON document with every detail (see docs/commands.md)");
    }
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        const std::vector<workflow::RevisionInfo> heads = workflow::heads(project);
        if (m_json) {
            print_json(context.output, {{"heads", revisions_json(heads)}});
            return 0;
        }
        for (const auto& info : heads) {
            if (m_verbose) {
                print_revision_details(context.output, info);
                context.output.line("");
            } else {
                context.output.line(highlight_id(info.revision->id));
            }
        }
        return 0;
    }

private:
    bool m_verbose = false;
    bool m_json = false;
};

class HistoryCommand final : public Command {
public:
    const char* name() const override { return "history"; }
    const char* help() const override { return "List revisions, newest first"; }
    const char* example() const override { return "mig history -r base:head -v"; }
    void add_options(CLI::App& app) override {
        app.add_option("-r,--rev-range", m_range,
                       "FROM:TO, either end optional (base, head, current, REV, -N)")
            ->option_text("A:B");
        app.add_flag("-v,--verbose", m_verbose, "Show each revision's details");
        app.add_flag("--json", m_json,
                     "Print one JSON document with every detail (see docs/commands.md)");
    }
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        std::optional<std::string> range;
        if (!m_range.empty()) {
            range = m_range;
        }
        const std::vector<workflow::RevisionInfo> revisions = workflow::history(project, range);
        if (m_json) {
            print_json(context.output, {{"revisions", revisions_json(revisions)}});
            return 0;
        }
        for (const auto& info : revisions) {
            if (m_verbose) {
                print_revision_details(context.output, info);
                context.output.line("");
            } else {
                print_history_line(context.output, info);
            }
        }
        return 0;
    }

private:
    std::string m_range;
    bool m_verbose = false;
    bool m_json = false;
};

// A section's SQL with its `-- mig:destructive` lines highlighted (on a terminal).
std::string marked_sql(std::string_view sql) {
    std::string out;
    while (!sql.empty()) {
        const std::size_t end = sql.find('\n');
        const std::string_view line = sql.substr(0, end);
        out += util::trim(line).rfind("-- mig:destructive", 0) == 0 ? highlight_destructive(line)
                                                                    : std::string(line);
        if (end == std::string_view::npos) {
            break;
        }
        out += '\n';
        sql.remove_prefix(end + 1);
    }
    return out;
}

class ShowCommand final : public Command {
public:
    const char* name() const override { return "show"; }
    const char* help() const override {
        return "Show one revision: its place in the graph and its SQL";
    }
    const char* example() const override { return "mig show head"; }
    void add_options(CLI::App& app) override {
        app.add_option("rev", m_target, "REV, a unique prefix, head, head-1, ...")
            ->required()
            ->option_text("REV");
    }
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        workflow::ShowResult result = workflow::show(project, m_target);
        print_revision_details(context.output, result.info);
        if (!result.script.transactional) {
            context.output.line("Transaction: off");
        }
        context.output.line("");
        context.output.line("-- mig:upgrade");
        context.output.line(marked_sql(util::trim(result.script.upgrade.sql)));
        context.output.line("");
        context.output.line("-- mig:downgrade");
        context.output.line(marked_sql(util::trim(result.script.downgrade.sql)));
        return 0;
    }

private:
    std::string m_target;
};

class BranchesCommand final : public Command {
public:
    const char* name() const override { return "branches"; }
    const char* help() const override {
        return "Show every branch point and the revisions that fork from it";
    }
    const char* example() const override { return "mig branches"; }
    void add_options(CLI::App& /*app*/) override {}
    int run(Context& context) override {
        workflow::Project project = context.load_project();
        for (const auto& branch : workflow::branches(project)) {
            print_history_line(context.output, branch.branch_point);
            for (const auto& child : branch.children) {
                context.output.line(
                    "    -> " + child.revision->id + (child.is_head ? " (head)" : "") +
                    (child.revision->message.empty() ? "" : ", " + child.revision->message));
            }
        }
        return 0;
    }
};

}  // namespace

void add_read_commands(CommandList& commands) {
    commands.push_back(std::make_unique<CurrentCommand>());
    commands.push_back(std::make_unique<HeadsCommand>());
    commands.push_back(std::make_unique<HistoryCommand>());
    commands.push_back(std::make_unique<ShowCommand>());
    commands.push_back(std::make_unique<BranchesCommand>());
}

}  // namespace mig::cli
