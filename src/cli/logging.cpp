#include "cli/logging.hpp"

#include "cli/color.hpp"
#include "db/database_url.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <string>

namespace mig::cli {

namespace {

// Writes "mig: <level>: <message>" to stderr, the prefix coloured when --color says so (see
// cli/color.hpp), and passes every message through db::redact_secrets first: whatever a lower
// layer logs (a URL that did not parse, a libpq connection string), no password reaches the log.
class StderrSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        const spdlog::string_view_t level = spdlog::level::to_string_view(message.level);
        std::string line = stderr_prefix(std::string_view(level.data(), level.size()));
        line += ' ';
        line +=
            db::redact_secrets(std::string_view(message.payload.data(), message.payload.size()));
        line += '\n';
        // One write per line, so that lines of two processes sharing stderr never interleave.
        std::fwrite(line.data(), 1, line.size(), stderr);
    }
    void flush_() override { std::fflush(stderr); }
};

}  // namespace

void configure_logging(int verbosity, bool quiet) {
    auto logger = std::make_shared<spdlog::logger>("mig", std::make_shared<StderrSink>());
    spdlog::level::level_enum level = spdlog::level::warn;
    if (quiet) {
        level = spdlog::level::err;
    } else if (verbosity >= 2) {
        level = spdlog::level::debug;
    } else if (verbosity == 1) {
        level = spdlog::level::info;
    }
    logger->set_level(level);
    spdlog::set_default_logger(logger);
}

}  // namespace mig::cli
