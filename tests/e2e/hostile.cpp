#include "e2e/hostile.hpp"

#include "support/temp_dir.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace mig::test {

namespace fs = std::filesystem;

namespace {

constexpr uid_t k_nobody = 65534;

std::string contents(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace

MigResult mig_hostile(const fs::path& cwd, const Hostile& hostile,
                      const std::vector<std::string>& args) {
    std::vector<std::string> argv{LIMITED_RUN};
    if (hostile.file_size_limit) {
        argv.insert(argv.end(), {"--file-size-limit", std::to_string(*hostile.file_size_limit)});
    }
    if (hostile.unprivileged) {
        argv.emplace_back("--unprivileged");
    }
    if (hostile.stdout_file) {
        argv.insert(argv.end(), {"--stdout-file", *hostile.stdout_file});
    }
    if (hostile.stdout_closed_pipe) {
        argv.emplace_back("--stdout-closed-pipe");
    }
    argv.emplace_back("--");
    argv.push_back(mig_binary().string());
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(cwd, argv);
}

void hand_over(const fs::path& root) {
    if (::geteuid() != 0) {
        return;
    }
    auto give = [](const fs::path& path) {
        if (::lchown(path.c_str(), k_nobody, k_nobody) != 0) {
            throw std::runtime_error("lchown " + path.string() + " failed");
        }
    };
    give(root);
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        give(entry.path());
    }
}

std::map<std::string, std::string> tree_snapshot(const fs::path& root) {
    std::map<std::string, std::string> snapshot;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string relative = entry.path().lexically_relative(root).string();
        snapshot[relative] = entry.is_directory() ? "<dir>" : contents(entry.path());
    }
    return snapshot;
}

std::vector<std::string> temporary_files(const fs::path& root) {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string name = entry.path().filename().string();
        if (name.find(".mig-tmp-") != std::string::npos || name.ends_with(".tmp") ||
            name.find(".tmp-") != std::string::npos) {
            found.push_back(entry.path().lexically_relative(root).string());
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

pid_t dead_pid() {
    for (pid_t pid = 4'000'000; pid > 1000; --pid) {
        if (::kill(pid, 0) != 0 && errno == ESRCH) {
            return pid;
        }
    }
    throw std::runtime_error("no free pid found");
}

}  // namespace mig::test
