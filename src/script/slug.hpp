#pragma once

#include <string>
#include <string_view>

namespace mig::script {

// The message in lowercase ASCII words joined by `_` ("Add age column" -> "add_age_column").
// Anything that is not an ASCII letter or digit separates words (so "Café" -> "caf"). At most
// 80 characters, cut at a word boundary so file names stay manageable (a single longer word is
// cut at 80); "revision" when no word is left.
std::string slugify(std::string_view message);

}  // namespace mig::script
