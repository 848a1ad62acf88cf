#pragma once

#include "cli/json_output.hpp"
#include "cli/printers.hpp"
#include "workflow/status.hpp"

namespace mig::cli {

// `mig status` as one screen of text.
void print_status(const Output& output, const workflow::StatusReport& report,
                  const workflow::Project& project);

// `mig status --json`: the same report as one document (schema in docs/commands.md).
Json status_json(const workflow::StatusReport& report, const workflow::Project& project);

}  // namespace mig::cli
