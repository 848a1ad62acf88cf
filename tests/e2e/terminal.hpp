#pragma once
// Running mig as a person would, with standard output and/or standard error on a terminal: the
// slave side of a pseudo-terminal made for the run.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mig::test {

enum class OnTerminal { stderr_only, stdout_and_stderr };

// Runs mig in `cwd`; what is not on the terminal goes to /dev/null. Returns everything the
// terminal received (the pty translates "\n" to "\r\n").
std::string run_on_terminal(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env, OnTerminal streams);

}  // namespace mig::test
