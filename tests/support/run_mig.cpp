#include "support/run_mig.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mig::test {

namespace fs = std::filesystem;

std::vector<std::string> environment_with(const std::map<std::string, std::string>& changes,
                                          EmptyValue empty) {
    std::map<std::string, std::string> merged;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string item(*entry);
        auto equals = item.find('=');
        if (equals != std::string::npos) {
            merged[item.substr(0, equals)] = item.substr(equals + 1);
        }
    }
    for (const auto& [key, value] : changes) {
        if (value.empty() && empty == EmptyValue::removes) {
            merged.erase(key);
        } else {
            merged[key] = value;
        }
    }
    std::vector<std::string> out;
    for (const auto& [key, value] : merged) {
        out.push_back(key + "=" + value);
    }
    return out;
}

std::vector<char*> c_strings(std::vector<std::string>& items) {
    std::vector<char*> out;
    for (auto& item : items) {
        out.push_back(item.data());
    }
    out.push_back(nullptr);
    return out;
}

fs::path mig_binary() {
    return fs::path(MIG_BINARY);
}

MigResult run_mig(const fs::path& cwd, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv{mig_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(cwd, argv, env);
}

MigResult run_program(const fs::path& cwd, const std::vector<std::string>& argv_in,
                      const std::map<std::string, std::string>& env, const std::string& input) {
    int out_pipe[2], err_pipe[2], in_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0 ||
        ::pipe2(in_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

    std::vector<std::string> argv = argv_in;
    std::vector<std::string> envp = environment_with(env);
    auto c_argv = c_strings(argv);
    auto c_envp = c_strings(envp);
    pid_t pid = 0;
    int spawned = ::posix_spawnp(&pid, c_argv[0], &actions, nullptr, c_argv.data(), c_envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    if (spawned != 0) {
        ::close(in_pipe[1]);
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        throw std::runtime_error(std::string("posix_spawn failed: ") + std::strerror(spawned));
    }
    if (!input.empty()) {
        // Small inputs only: written before reading, which is fine below the pipe buffer size.
        [[maybe_unused]] auto wrote = ::write(in_pipe[1], input.data(), input.size());
    }
    ::close(in_pipe[1]);

    MigResult result;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open_count = 2;
    char buffer[65536];
    while (open_count > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP)) != 0) {
                ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
                if (got > 0) {
                    sinks[i]->append(buffer, static_cast<std::size_t>(got));
                } else {
                    ::close(fds[i].fd);
                    fds[i].fd = -1;
                    --open_count;
                }
            }
        }
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace mig::test
