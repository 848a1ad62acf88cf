#include "util/subprocess.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>
#include <vector>

extern char** environ;  // NOLINT: POSIX declares it nowhere in C++ headers

namespace mig::util {

namespace {

using Clock = std::chrono::steady_clock;

// After the shell exits, how long a background process holding the pipes may keep writing.
constexpr std::chrono::milliseconds k_output_grace{500};
// Longest wait in one poll: how late mig notices that the shell exited while pipes stay open.
constexpr std::chrono::milliseconds k_poll_slice{50};
// stderr is only shown as a tail, so a chatty command cannot make mig hold megabytes of it.
constexpr std::size_t k_err_kept = std::size_t{64} * 1024;

class Descriptor {
public:
    Descriptor() = default;
    explicit Descriptor(int fd) : m_fd(fd) {}
    Descriptor(Descriptor&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    Descriptor& operator=(Descriptor&& other) noexcept {
        std::swap(m_fd, other.m_fd);
        return *this;
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() { reset(); }

    int get() const { return m_fd; }
    bool is_open() const { return m_fd >= 0; }
    void reset() {
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }

private:
    int m_fd = -1;
};

struct Pipe {
    Descriptor read_end;
    Descriptor write_end;
};

// Both ends close on exec: the child only keeps the copies dup2'd onto 1 and 2.
Pipe make_pipe() {
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
        throw FailedError(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    return Pipe{Descriptor(fds[0]), Descriptor(fds[1])};
}

[[noreturn]] void spawn_failed(const std::filesystem::path& directory, int error) {
    throw FailedError("cannot run /bin/sh in " + directory.string() + ": " + std::strerror(error));
}

// The child's stdin, stdout, stderr and working directory.
class SpawnActions {
public:
    SpawnActions(const Pipe& out, const Pipe& err, const std::filesystem::path& directory) {
        ::posix_spawn_file_actions_init(&m_actions);
        int error = ::posix_spawn_file_actions_addopen(&m_actions, 0, "/dev/null", O_RDONLY, 0);
        error = error != 0 ? error
                           : ::posix_spawn_file_actions_adddup2(&m_actions, out.write_end.get(), 1);
        error = error != 0 ? error
                           : ::posix_spawn_file_actions_adddup2(&m_actions, err.write_end.get(), 2);
        error = error != 0 ? error
                           : ::posix_spawn_file_actions_addchdir_np(&m_actions, directory.c_str());
        if (error != 0) {
            ::posix_spawn_file_actions_destroy(&m_actions);
            spawn_failed(directory, error);
        }
    }
    ~SpawnActions() { ::posix_spawn_file_actions_destroy(&m_actions); }
    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;
    const posix_spawn_file_actions_t* get() const { return &m_actions; }

private:
    posix_spawn_file_actions_t m_actions{};
};

// Its own process group (so a timeout can kill everything it started), no blocked signals
// and a default SIGPIPE whatever mig's own settings are.
class SpawnAttributes {
public:
    SpawnAttributes() {
        ::posix_spawnattr_init(&m_attributes);
        sigset_t none;
        sigemptyset(&none);
        sigset_t defaults;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGPIPE);
        ::posix_spawnattr_setsigmask(&m_attributes, &none);
        ::posix_spawnattr_setsigdefault(&m_attributes, &defaults);
        ::posix_spawnattr_setpgroup(&m_attributes, 0);
        ::posix_spawnattr_setflags(
            &m_attributes, static_cast<short>(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                              POSIX_SPAWN_SETSIGDEF));
    }
    ~SpawnAttributes() { ::posix_spawnattr_destroy(&m_attributes); }
    SpawnAttributes(const SpawnAttributes&) = delete;
    SpawnAttributes& operator=(const SpawnAttributes&) = delete;
    const posix_spawnattr_t* get() const { return &m_attributes; }

private:
    posix_spawnattr_t m_attributes{};
};

// mig's environment with `extra` set on top, as posix_spawn takes it. The strings own the
// text the pointers point into.
class ChildEnvironment {
public:
    explicit ChildEnvironment(const Environment& extra) {
        for (char** entry = environ; *entry != nullptr; ++entry) {
            const std::string_view text(*entry);
            const std::string_view name = text.substr(0, text.find('='));
            const bool replaced = std::any_of(extra.begin(), extra.end(),
                                              [&](const auto& pair) { return pair.first == name; });
            if (!replaced) {
                m_entries.emplace_back(text);
            }
        }
        for (const auto& [name, value] : extra) {
            m_entries.push_back(name + "=" + value);
        }
        for (std::string& entry : m_entries) {
            m_pointers.push_back(entry.data());
        }
        m_pointers.push_back(nullptr);
    }
    char** get() { return m_pointers.data(); }

private:
    std::vector<std::string> m_entries;
    std::vector<char*> m_pointers;
};

pid_t spawn_shell(const std::string& command, const std::filesystem::path& directory,
                  const Pipe& out, const Pipe& err, const Environment& extra) {
    SpawnActions actions(out, err, directory);
    SpawnAttributes attributes;
    std::string shell = "sh";
    std::string flag = "-c";
    std::string script = command;  // posix_spawn takes char*: give it copies it may not modify
    std::array<char*, 4> argv{shell.data(), flag.data(), script.data(), nullptr};
    pid_t pid = 0;
    std::optional<ChildEnvironment> environment;
    if (!extra.empty()) {
        environment.emplace(extra);
    }
    int error = ::posix_spawn(&pid, "/bin/sh", actions.get(), attributes.get(), argv.data(),
                              environment ? environment->get() : environ);
    if (error != 0) {
        spawn_failed(directory, error);
    }
    return pid;
}

// Reads what is available; closes the descriptor at end of file.
void drain(Descriptor& fd, std::string& into) {
    std::array<char, 65536> buffer{};
    ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
    if (got > 0) {
        into.append(buffer.data(), static_cast<std::size_t>(got));
    } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        fd.reset();
    }
}

void keep_tail(std::string& text) {
    if (text.size() > 2 * k_err_kept) {
        text.erase(0, text.size() - k_err_kept);
    }
}

int milliseconds_until(Clock::time_point when) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(when - Clock::now());
    return static_cast<int>(std::clamp(left, std::chrono::milliseconds(0), k_poll_slice).count());
}

// Waits up to `milliseconds` for output and reads what came.
void read_output(Descriptor& out, Descriptor& err, CommandResult& result, int milliseconds) {
    if (!out.is_open() && !err.is_open()) {
        // Both pipes are closed, so the shell is exiting: look again very soon.
        timespec pause{0, 1'000'000};
        ::nanosleep(&pause, nullptr);
        return;
    }
    // A closed descriptor (-1) is ignored by poll.
    std::array<pollfd, 2> fds{pollfd{out.get(), POLLIN, 0}, pollfd{err.get(), POLLIN, 0}};
    if (::poll(fds.data(), fds.size(), milliseconds) <= 0) {
        return;  // nothing yet, or EINTR: the caller loops
    }
    const short ready = POLLIN | POLLHUP | POLLERR;
    if ((fds[0].revents & ready) != 0) {
        drain(out, result.out);
    }
    if ((fds[1].revents & ready) != 0) {
        drain(err, result.err);
        keep_tail(result.err);
    }
}

// The shell's process. Until it has been reaped, the destructor kills its process group and
// reaps it, so an exception never leaves a running command or a zombie behind.
class ChildProcess {
public:
    explicit ChildProcess(pid_t pid) : m_pid(pid) {}
    ~ChildProcess() {
        if (!m_reaped) {
            kill_group();
        }
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // True once it has exited; its wait status is then in `status()`.
    bool try_reap() { return reap(WNOHANG); }
    void kill_group() {
        ::kill(-m_pid, SIGKILL);
        reap(0);
    }
    int status() const { return m_status; }

private:
    bool reap(int options) {
        pid_t done = 0;
        do {
            done = ::waitpid(m_pid, &m_status, options);
        } while (done < 0 && errno == EINTR);
        m_reaped = m_reaped || done == m_pid;
        return m_reaped;
    }

    pid_t m_pid;
    int m_status = 0;
    bool m_reaped = false;
};

void record_status(int status, CommandResult& result) {
    if (WIFSIGNALED(status)) {
        result.ending = CommandResult::Ending::signalled;
        result.status = WTERMSIG(status);
    } else {
        result.ending = CommandResult::Ending::exited;
        result.status = WEXITSTATUS(status);
    }
}

}  // namespace

CommandResult run_shell_command(const std::string& command, const std::filesystem::path& directory,
                                std::chrono::milliseconds timeout, const Environment& extra) {
    Pipe out = make_pipe();
    Pipe err = make_pipe();
    ChildProcess shell(spawn_shell(command, directory, out, err, extra));
    out.write_end.reset();  // else the pipes would never report end of file
    err.write_end.reset();

    CommandResult result;
    const Clock::time_point deadline = Clock::now() + timeout;
    std::optional<Clock::time_point> stop_reading;  // set once the shell has exited
    while (true) {
        if (!stop_reading && shell.try_reap()) {
            stop_reading = Clock::now() + k_output_grace;
        }
        const bool pipes_open = out.read_end.is_open() || err.read_end.is_open();
        if (stop_reading && (!pipes_open || Clock::now() >= *stop_reading)) {
            record_status(shell.status(), result);
            return result;
        }
        if (!stop_reading && Clock::now() >= deadline) {
            shell.kill_group();
            result.ending = CommandResult::Ending::timed_out;
            return result;
        }
        read_output(out.read_end, err.read_end, result,
                    milliseconds_until(stop_reading ? *stop_reading : deadline));
    }
}

}  // namespace mig::util
