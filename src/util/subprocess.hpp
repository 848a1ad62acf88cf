#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace mig::util {

// How a command run by run_shell_command ended.
struct CommandResult {
    enum class Ending { exited, signalled, timed_out };
    Ending ending = Ending::exited;
    int status = 0;   // the exit status (exited) or the signal number (signalled)
    std::string out;  // everything it wrote to stdout
    std::string err;  // what it wrote to stderr (only the end, when there was a lot)
    bool succeeded() const { return ending == Ending::exited && status == 0; }
};

// Variables set for a command on top of mig's own environment (replacing any of the same name).
using Environment = std::vector<std::pair<std::string, std::string>>;

// Runs `/bin/sh -c command` in `directory`, with stdin from /dev/null and stdout and stderr
// captured, and waits for it (with `extra` added to its environment). The shell gets its own
// process group: when `timeout` passes, the whole group (the shell and everything it started) is
// killed with SIGKILL. Once the shell has exited, output is read for a short grace period only, so
// a background process that keeps the pipes open cannot stall mig. Throws FailedError (naming the
// directory and the system error) when the process cannot be started.
CommandResult run_shell_command(const std::string& command, const std::filesystem::path& directory,
                                std::chrono::milliseconds timeout, const Environment& extra = {});

}  // namespace mig::util
