// The commands about mig itself, read from the command table: `mig help [COMMAND...]` (the same
// text as `mig COMMAND --help`), `mig completion SHELL` and the hidden `mig __complete` and
// `mig __man`.

#include "cli/command.hpp"
#include "cli/command_tree.hpp"
#include "cli/completion_scripts.hpp"
#include "cli/man_page.hpp"
#include "cli/standard_output.hpp"
#include "cli/suggestions.hpp"
#include "util/error.hpp"
#include "util/spelling.hpp"
#include "util/strings.hpp"
#include "workflow/inspect.hpp"

#include <string>
#include <vector>

namespace mig::cli {

namespace {

// The (sub)command `words` name under `root`, hidden ones included (`mig help hooks report`
// documents what the hooks call); an unknown word is bad input with the closest names.
const CLI::App& find_command(const CLI::App& root, const std::vector<std::string>& words) {
    const CLI::App* at = &root;
    for (const std::string& word : words) {
        const CLI::App* next = nullptr;
        for (const CLI::App* sub : at->get_subcommands({})) {
            if (sub->get_name() == word) {
                next = sub;
            }
        }
        if (next == nullptr) {
            const std::vector<std::string> close =
                util::closest_matches(word, visible_command_names(*at), 2);
            std::string message =
                "unknown command " + (at == &root ? word : command_path(*at) + " " + word);
            if (!close.empty()) {
                message += "; did you mean " + util::join(close, " or ") + "?";
            }
            throw InputError(message, "run `" + command_path(*at) + " --help` for " +
                                          (at == &root ? "the list of commands" : "its commands"));
        }
        at = next;
    }
    return *at;
}

class HelpCommand final : public Command {
public:
    explicit HelpCommand(const CLI::App& root) : m_root(root) {}
    const char* name() const override { return "help"; }
    const char* help() const override {
        return "Print the help of mig or of a command (the same as `mig COMMAND --help`)";
    }
    const char* example() const override {
        return "mig help upgrade   # or: mig help hooks install";
    }
    void add_options(CLI::App& app) override {
        app.add_option("command", m_words, "The command, and its subcommand if it has any")
            ->option_text("COMMAND...");
    }
    int run(Context& /*context*/) override {
        const CLI::App& command = find_command(m_root, m_words);
        // CLI::App::help() describes the parsed subcommand (here `help` itself), so the text
        // comes from the formatter, which is what --help prints for `command`.
        const std::string parent =
            command.get_parent() == nullptr ? "" : command_path(*command.get_parent()) + " ";
        write_output(stdout,
                     command.get_formatter()->make_help(&command, parent + command.get_name(),
                                                        CLI::AppFormatMode::Normal));
        return 0;
    }

private:
    const CLI::App& m_root;
    std::vector<std::string> m_words;
};

class CompletionCommand final : public Command {
public:
    explicit CompletionCommand(const CLI::App& root) : m_root(root) {}
    const char* name() const override { return "completion"; }
    const char* help() const override {
        return "Print the completion script of a shell (bash, zsh or fish)";
    }
    const char* example() const override {
        return "source <(mig completion bash)   # zsh: the same; fish: mig completion fish | "
               "source";
    }
    void add_options(CLI::App& app) override {
        app.add_option("shell", m_shell, "bash, zsh or fish")->required()->option_text("SHELL");
    }
    int run(Context& /*context*/) override {
        const CommandSpec tree = describe_commands(m_root);
        if (m_shell == "bash") {
            write_output(stdout, bash_completion(tree));
        } else if (m_shell == "zsh") {
            write_output(stdout, zsh_completion(tree));
        } else if (m_shell == "fish") {
            write_output(stdout, fish_completion(tree));
        } else {
            const std::vector<std::string> close =
                util::closest_matches(m_shell, value_choices("SHELL"), 1);
            throw InputError("mig completion: unknown shell " + m_shell +
                                 (close.empty() ? "" : "; did you mean " + close.front() + "?"),
                             "pass bash, zsh or fish");
        }
        return 0;
    }

private:
    const CLI::App& m_root;
    std::string m_shell;
};

// `mig __complete targets`: what the completion scripts offer as a TARGET or REV, one
// "word<TAB>description" a line. Hidden, fast (revision headers only, no database) and silent:
// a shell completing in a folder without a project must get nothing, not an error.
class CompleteCommand final : public Command {
public:
    const char* name() const override { return "__complete"; }
    const char* help() const override { return "Words for the shell completions (hidden)"; }
    const char* example() const override { return "mig __complete targets"; }
    void add_options(CLI::App& app) override {
        app.group("");  // hidden from --help, the completions and the man page
        app.add_option("kind", m_kind, "targets")->required();
    }
    int run(Context& context) override {
        if (m_kind != "targets") {
            throw InputError("mig __complete: unknown kind " + m_kind, "pass targets");
        }
        try {
            workflow::Project project = context.load_project();
            const std::vector<workflow::RevisionInfo> revisions =
                workflow::history(project, std::nullopt);
            std::string out =
                "head\tthe newest revision\nheads\tevery head\nbase\tbefore the first revision\n";
            for (const workflow::RevisionInfo& info : revisions) {
                out += info.revision->id + "\t" + info.revision->message + "\n";
            }
            write_output(stdout, out);
            return 0;
        } catch (const std::exception&) {
            return static_cast<int>(ExitCode::failed);
        }
    }

private:
    std::string m_kind;
};

// `mig __man`: mig(1), which the build writes to mig.1 (hidden: the page is installed).
class ManCommand final : public Command {
public:
    explicit ManCommand(const CLI::App& root) : m_root(root) {}
    const char* name() const override { return "__man"; }
    const char* help() const override { return "Print the man page mig(1) in roff (hidden)"; }
    const char* example() const override { return "mig __man > mig.1 && man -l mig.1"; }
    void add_options(CLI::App& app) override { app.group(""); }
    int run(Context& /*context*/) override {
        write_output(stdout, man_page(describe_commands(m_root), MIG_VERSION));
        return 0;
    }

private:
    const CLI::App& m_root;
};

}  // namespace

void add_help_commands(CommandList& commands, const CLI::App& root) {
    commands.push_back(std::make_unique<HelpCommand>(root));
    commands.push_back(std::make_unique<CompletionCommand>(root));
    commands.push_back(std::make_unique<CompleteCommand>());
    commands.push_back(std::make_unique<ManCommand>(root));
}

}  // namespace mig::cli
