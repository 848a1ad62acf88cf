#pragma once

#include "ops/operation.hpp"

#include <string>
#include <vector>

namespace mig::workflow {

// The two schemas a comparison sets side by side, named for the reader: the one the
// operations start from and the one they lead to ({"migrations", "model"} for `mig check`,
// {"migrations", "database"} for drift).
struct Sides {
    std::string current;
    std::string desired;
};

// The differences an upgrade operation from `current` to `desired` repairs, one line each,
// in a reviewer's words: "table user: column age missing in migrations (model has INTEGER)".
// A table rebuild gives one line per change it makes.
std::vector<std::string> difference_lines(const ops::Operation& operation, const Sides& sides);

}  // namespace mig::workflow
