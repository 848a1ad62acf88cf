#pragma once

#include <string>

namespace mig::workflow {

// The stock revision template that `mig init` copies to migrations/script.sql.tmpl: the
// installed `share/mig/script.sql.tmpl` next to the binary when present, else the copy
// compiled into mig from templates/ (so the binary also works from the build tree).
std::string stock_script_template();

}  // namespace mig::workflow
