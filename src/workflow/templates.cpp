#include "workflow/templates.hpp"

#include "util/file_io.hpp"
#include "workflow/embedded_template.hpp"

#include <filesystem>

namespace mig::workflow {

namespace fs = std::filesystem;

std::string stock_script_template() {
    std::error_code error;
    fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        fs::path installed = executable.parent_path().parent_path() / MIG_INSTALL_DATADIR / "mig" /
                             "script.sql.tmpl";
        if (auto text = util::read_file_if_exists(installed)) {
            return *text;
        }
    }
    return std::string(k_embedded_script_template);
}

}  // namespace mig::workflow
