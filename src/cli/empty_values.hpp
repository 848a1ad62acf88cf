#pragma once

#include <CLI/CLI.hpp>

namespace mig::cli {

// Throws InputError (exit 2) naming the first option or argument given an empty value: an
// empty value is bad input, never "absent" (a deploy script's unset variable must not turn
// `--database-url "$URL"` into "use mig.toml's database", nor `--against "$REF"` into "skip
// the comparison"). Walks every option of `app` and of its parsed subcommands that takes a
// value, so a new option cannot forget the check.
void refuse_empty_values(const CLI::App& app);

}  // namespace mig::cli
