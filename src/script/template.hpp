#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mig::script {

// Expands `${name}` placeholders. A line whose placeholders all expand to empty strings and
// that holds nothing else but a `-- mig:` directive keyword is dropped, so
// `-- mig:parents ${parents}` disappears for a base revision. An unknown placeholder is an
// InputError naming it and the template file.
std::string expand_template(std::string_view text, const std::map<std::string, std::string>& values,
                            std::string_view template_name);

// The same, also telling for each line of the result (index 0: line 1) the template line it
// came from, so an error found in the result can name the template's line.
std::string expand_template(std::string_view text, const std::map<std::string, std::string>& values,
                            std::string_view template_name, std::vector<int>& origin_lines);

}  // namespace mig::script
