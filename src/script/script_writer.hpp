#pragma once

#include "util/error.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mig::script {

// What goes into a new revision file.
struct NewRevision {
    std::string id;
    std::vector<std::string> parents;
    std::string message;        // newlines are folded into spaces
    std::string created;        // UTC, "2026-11-21T10:00:00Z"
    std::string upgrade_sql;    // may be empty
    std::string downgrade_sql;  // may be empty
    // false: the header gets `-- mig:transaction off` (after its last directive line, so any
    // template carries it) and the revision runs outside a transaction.
    bool transactional = true;
};

// mig generated a revision that does not read back: a bug in mig, not in the user's input.
// Exit 1 (FailedError), so that it is never reported as the template's fault.
class InternalError : public FailedError {
public:
    using FailedError::FailedError;
};

// Renders a new revision from the template text (see template.hpp). Placeholders: ${revision},
// ${parents} (space separated), ${message} (newlines folded, trimmed), ${created}, ${upgrade}
// and ${downgrade} (trailing blank lines removed, so the template controls the spacing).
// Invariant: every revision mig writes parses back. The result is parsed with
// parse_revision_script (the parser used on load) and must give the same id/parents/message/
// created and sections holding the given SQL. When it does not, the same content is rendered
// with mig's own template to decide whose fault it is: when that reads back, the user's
// template is at fault (InputError "TEMPLATE:LINE: ...", e.g. an edited template that lost
// `-- mig:upgrade`); when it does not, the generated content is (InternalError, exit 1, "this
// is a bug in mig"). An invalid id or parent id is an InputError.
std::string render_revision(const std::string& template_text, const NewRevision& revision,
                            std::string_view template_name = "script.sql.tmpl");

// `<id>_<slug>.sql` under `versions_dir`; written exclusively (never overwrites: RefusedError).
// InputError when `versions_dir` does not exist.
std::filesystem::path write_revision(const std::filesystem::path& versions_dir,
                                     const std::string& template_text, const NewRevision& revision,
                                     std::string_view template_name = "script.sql.tmpl");

// A fresh random id: 12 lowercase hex characters, not in `taken`.
std::string generate_revision_id(const std::vector<std::string>& taken);

}  // namespace mig::script
