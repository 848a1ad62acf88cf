#include "cli/standard_output.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>

namespace mig::cli {

namespace {

int g_first_error = 0;  // errno of the first failed write to standard output

}  // namespace

void prepare_standard_output() {
    std::signal(SIGPIPE, SIG_IGN);
}

void write_output(std::FILE* out, std::string_view text) {
    if (text.empty()) {
        return;
    }
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size() && g_first_error == 0 &&
        out == stdout) {
        g_first_error = errno != 0 ? errno : EIO;
    }
}

std::optional<std::string> standard_output_failure() {
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    const int error = !flushed && errno != 0 ? errno : g_first_error;
    if (flushed && !std::ferror(stdout) && g_first_error == 0) {
        return std::nullopt;
    }
    if (error == EPIPE) {
        return std::string();
    }
    std::string message = "could not write to standard output";
    if (error != 0) {
        message += std::string(": ") + std::strerror(error);
    }
    return message;
}

}  // namespace mig::cli
