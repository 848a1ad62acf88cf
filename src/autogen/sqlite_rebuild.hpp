#pragma once

#include "ops/operation.hpp"
#include "schema/catalog.hpp"

#include <map>
#include <set>
#include <string>

// The table-rebuild procedure of SQLite's ALTER TABLE documentation, for render.cpp.
namespace mig::autogen::sqlite {

// What rebuilds need to know beyond their own operation: the schema the operations lead to,
// and what the operations create themselves (those objects are left to their own operation).
// Every name is folded (schema::fold_identifier).
struct RebuildContext {
    explicit RebuildContext(const schema::Catalog& desired_schema,
                            const std::vector<ops::Operation>& operations);

    const schema::Catalog& desired;
    std::set<std::string> created_indexes;
    std::set<std::string> created_views;
    std::set<std::string> created_triggers;
    std::set<std::string> table_names;  // every table named by `desired` or an operation
    // A rebuilt table that a later RenameTable of the same operations renames: its folded name
    // -> the name it ends with, under which `desired` holds its indexes. (A downgrade reverses
    // [rename, rebuild] into [rebuild, rename back].)
    std::map<std::string, std::string> final_names;
    // The names each view and trigger of `desired` mentions (any word, bare or quoted).
    std::map<std::string, std::set<std::string>> view_words;
    std::map<std::string, std::set<std::string>> trigger_words;
};

// The statements that rebuild `rebuild.from` as `rebuild.to`, each ending with ";\n".
std::string rebuild_table(const ops::RebuildTable& rebuild, const RebuildContext& context);

}  // namespace mig::autogen::sqlite
