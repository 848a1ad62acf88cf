#pragma once

namespace mig::cli {

// Diagnostics go to stderr through spdlog, apart from command output on stdout:
// warnings by default, info with -v, debug with -vv, errors only with -q.
void configure_logging(int verbosity, bool quiet);

}  // namespace mig::cli
