#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mig::test {

struct MigResult {
    int exit_code = -1;
    std::string out;  // standard output
    std::string err;  // standard error
};

// Runs the built `mig` binary (or any program with run_program) in `cwd` with `args`, extra
// environment variables on top of the test's own, and optional standard input. Never uses a
// shell, so arguments need no quoting.
MigResult run_mig(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {});
MigResult run_program(const std::filesystem::path& cwd, const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& env = {},
                      const std::string& input = {});

// The test's own environment with `changes` applied, as "KEY=VALUE" items for execve. An empty
// value sets the variable empty (mig treats that as unset), or with `removes` drops it.
enum class EmptyValue { sets, removes };
std::vector<std::string> environment_with(const std::map<std::string, std::string>& changes,
                                          EmptyValue empty = EmptyValue::sets);

// Pointers into `items` (which must outlive them), null-terminated, for execve/posix_spawn.
std::vector<char*> c_strings(std::vector<std::string>& items);

// Path of the `mig` binary under test.
std::filesystem::path mig_binary();

}  // namespace mig::test
