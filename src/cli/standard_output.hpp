#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace mig::cli {

// Standard output that fails loudly. A full disk (`mig upgrade --sql > /dev/full`) or a
// reader that went away (`mig history | head -1`) must not end in exit 0 with a truncated
// script, as with git.

// Called first: SIGPIPE is ignored so that a closed pipe becomes a write error (EPIPE) mig
// notices, instead of a signal that would kill it between two revisions of an upgrade.
// Child processes get the default back (util/subprocess.cpp).
void prepare_standard_output();

// Writes `text` whole (NUL bytes included) and remembers the first error.
void write_output(std::FILE* out, std::string_view text);

// Flushes standard output. nullopt when everything written reached it; otherwise the
// message for the failure ("could not write to standard output: No space left on device"),
// or an empty string for a closed pipe, which is quiet: whoever would read a message has
// stopped reading.
std::optional<std::string> standard_output_failure();

}  // namespace mig::cli
