#include "cli/logging.hpp"

#include "db/database_url.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <string>

namespace mig::cli {

namespace {

// Passes every message through db::redact_secrets before stderr: whatever a lower layer logs
// (a URL that did not parse, a libpq connection string), no password reaches the log.
class RedactingSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
public:
    RedactingSink() : m_stderr(std::make_shared<spdlog::sinks::stderr_sink_st>()) {}

protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        const std::string text =
            db::redact_secrets(std::string_view(message.payload.data(), message.payload.size()));
        spdlog::details::log_msg redacted = message;
        redacted.payload = spdlog::string_view_t(text.data(), text.size());
        m_stderr->log(redacted);
    }
    void flush_() override { m_stderr->flush(); }
    void set_pattern_(const std::string& pattern) override { m_stderr->set_pattern(pattern); }
    void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override {
        m_stderr->set_formatter(std::move(formatter));
    }

private:
    std::shared_ptr<spdlog::sinks::stderr_sink_st> m_stderr;
};

}  // namespace

void configure_logging(int verbosity, bool quiet) {
    auto logger = std::make_shared<spdlog::logger>("mig", std::make_shared<RedactingSink>());
    logger->set_pattern("mig: %l: %v");
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
