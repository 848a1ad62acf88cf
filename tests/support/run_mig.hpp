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

// Path of the `mig` binary under test.
std::filesystem::path mig_binary();

}  // namespace mig::test
