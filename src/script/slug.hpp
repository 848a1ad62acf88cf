#pragma once

#include <string>
#include <string_view>

namespace mig::script {

// The message in lowercase ASCII words joined by `_` ("Add age column" -> "add_age_column").
// Anything that is not an ASCII letter or digit separates words. Cut at a word boundary
// after 80 characters so file names stay manageable; "revision" when no word is left.
std::string slugify(std::string_view message);

}  // namespace mig::script
