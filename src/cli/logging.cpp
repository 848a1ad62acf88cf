#include "cli/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace mig::cli {

void configure_logging(int verbosity, bool quiet) {
    auto logger = spdlog::stderr_logger_st("mig");
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
