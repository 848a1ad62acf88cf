#pragma once

#include "cli/printers.hpp"
#include "config/config.hpp"
#include "workflow/autogenerate.hpp"
#include "workflow/project.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mig::cli {

// The global options, shared by every command.
struct Globals {
    std::string config_file;
    std::string database_url;
    std::string env;
    int verbosity = 0;
    bool quiet = false;
    std::string color = "auto";  // --color WHEN, checked by cli::run (auto, always, never)
};

struct Context {
    const Globals& globals;
    Output output;

    // What the command line and the environment say about configuration.
    config::ConfigRequest config_request() const;
    // Finds and loads mig.toml, printing its warnings.
    workflow::Project load_project() const;
};

// One `mig` verb: its name, one-line help, an example, its options and its handler.
// The table of these is the whole CLI (see make_commands).
class Command {
public:
    virtual ~Command() = default;
    virtual const char* name() const = 0;
    virtual const char* help() const = 0;
    virtual const char* example() const = 0;
    virtual void add_options(CLI::App& app) = 0;
    virtual int run(Context& context) = 0;
};

using CommandList = std::vector<std::unique_ptr<Command>>;

void add_setup_commands(CommandList& commands);    // init, revision, merge
void add_migrate_commands(CommandList& commands);  // upgrade, downgrade, stamp, backups, restore
void add_read_commands(CommandList& commands);     // current, heads, history, show, branches
void add_autogen_commands(CommandList& commands);  // migrate, check
void add_git_commands(CommandList& commands);      // rollback, status
void add_hooks_commands(CommandList& commands);    // hooks
void add_sync_commands(CommandList& commands);     // sync
void add_import_commands(CommandList& commands);   // import
// help, completion and the hidden __complete and __man, which read the commands of `root`.
void add_help_commands(CommandList& commands, const CLI::App& root);

// Prints what `mig migrate` / `mig revision --autogenerate` produced (shared by both).
void print_autogenerate_result(const Context& context, workflow::Project& project,
                               const workflow::AutogenerateResult& result, bool sql_only);

}  // namespace mig::cli
