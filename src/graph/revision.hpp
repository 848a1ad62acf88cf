#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mig::graph {

// One node of the revision graph: what the graph needs to know about a revision script.
struct Revision {
    std::string id;
    std::vector<std::string> parents;  // empty for a base; several for a merge
    std::string message;
    std::string created;  // as written in the file ("2026-11-21T10:00:00Z"), may be empty
    std::string
        path;  // the script's absolute path; empty for a revision known only from mig_history
};

}  // namespace mig::graph
