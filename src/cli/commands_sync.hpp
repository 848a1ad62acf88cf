#pragma once

#include "cli/command.hpp"

namespace mig::cli {

// `mig sync` as the post-checkout hook runs it (`mig hooks report post-checkout` with
// `[hooks] sync = true`): never interactive and never failing the checkout. Nothing to do
// prints nothing; a refusal or a failure prints one line with the command to run. Returns 0.
int sync_after_checkout(Context& context, workflow::Project& project);

}  // namespace mig::cli
