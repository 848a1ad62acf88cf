#include "e2e/terminal.hpp"

#include "support/run_mig.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace mig::test {

std::string run_on_terminal(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env, OnTerminal streams) {
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
        throw std::runtime_error("no pseudo-terminal");
    }
    const int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        throw std::runtime_error("cannot open the pseudo-terminal's slave");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (streams == OnTerminal::stdout_and_stderr) {
        posix_spawn_file_actions_adddup2(&actions, slave, 1);
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    }
    posix_spawn_file_actions_adddup2(&actions, slave, 2);
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    std::vector<std::string> argv{mig_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> envp = environment_with(env, EmptyValue::removes);
    auto c_argv = c_strings(argv);
    auto c_envp = c_strings(envp);
    pid_t pid = 0;
    const int spawned =
        ::posix_spawn(&pid, c_argv[0], &actions, nullptr, c_argv.data(), c_envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(slave);
    if (spawned != 0) {
        ::close(master);
        throw std::runtime_error("posix_spawn failed");
    }
    std::string received;
    char buffer[4096];
    // Once mig has exited and the slave has no other holder, read fails with EIO.
    for (ssize_t got = 0; (got = ::read(master, buffer, sizeof buffer)) > 0;) {
        received.append(buffer, static_cast<std::size_t>(got));
    }
    ::close(master);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return received;
}

}  // namespace mig::test
