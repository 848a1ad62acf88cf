#pragma once

#include <map>
#include <string>
#include <string_view>

namespace mig::script {

// Expands `${name}` placeholders. A line whose placeholders all expand to empty strings and
// that holds nothing else but a `-- mig:` directive keyword is dropped, so
// `-- mig:parents ${parents}` disappears for a base revision. An unknown placeholder is an
// InputError naming it and the template file.
std::string expand_template(std::string_view text, const std::map<std::string, std::string>& values,
                            std::string_view template_name);

}  // namespace mig::script
