#pragma once

namespace mig::cli {

// Parses the command line, runs the command, prints its result; returns the exit code.
// The single top-level catch: every mig::Error becomes `mig: error: ...` and its code.
int run(int argc, char** argv);

}  // namespace mig::cli
