#include "util/error.hpp"

// Errors are header-only value types; this unit anchors the library.
namespace mig {}
