#pragma once

#include "autogen/compare.hpp"
#include "ops/operation.hpp"
#include "schema/catalog.hpp"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Internals of compare(), split by job: renames (renames.cpp), one table's diff
// (table_diff.cpp) and dependency ordering (ordering.cpp). Not part of the layer's interface.
namespace mig::autogen::detail {

// The user's --rename hints, checked against both catalogs.
struct ResolvedRenames {
    // fold(current table name) -> the desired table's name.
    std::map<std::string, std::string> tables;
    // fold(current table name) -> (current column name, desired column name), in hint order.
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> columns;
};

// InputError (with "did you mean") for a hint that names nothing, or whose old name still
// exists in the model, or whose new name already exists in the migrations.
ResolvedRenames resolve_renames(const schema::Catalog& current, const schema::Catalog& desired,
                                const std::vector<RenameHint>& hints);

// `current` as it is after the renames run: SQLite's RENAME TABLE / RENAME COLUMN also rewrite
// foreign keys in other tables, indexes and triggers' tables, so those follow here too.
schema::Catalog apply_renames(const schema::Catalog& current, const ResolvedRenames& renames);

// Same shape, names aside: what makes a dropped and an added column or table a likely rename.
bool same_column_shape(const schema::Column& a, const schema::Column& b);
bool same_table_shape(const schema::Table& a, const schema::Table& b);

// The `--rename` argument for a rename: `old=new` or `table.old=new`, names quoted with `"`
// when they contain `.`, `=` or `"` (parse_rename reads them back).
std::string rename_flag(std::string_view table, std::string_view from, std::string_view to);

// Likely renames within a table present on both sides (`current` already renamed).
std::vector<LikelyRename> likely_column_renames(const schema::Table& current,
                                                const schema::Table& desired);

// The operations that turn `current` (renamed) into `desired` for one ordinary table present
// on both sides: DropColumn / AddColumn when SQLite's ALTER TABLE can do it all, else one
// RebuildTable. `survivors` holds what exists while the table ops run: every table, and the
// indexes, views and triggers the upgrade keeps unchanged. Empty when the tables are equal.
std::vector<ops::Operation> diff_table(const schema::Catalog& survivors,
                                       const schema::Table& current, const schema::Table& desired);

// One RebuildTable from `current` to `desired`, each column copied from the same-named one
// (generated columns are computed, not copied).
ops::RebuildTable rebuild_table(const schema::Table& current, const schema::Table& desired);

// The names of `subset` (keys of `tables`) ordered so that a table comes after the tables its
// foreign keys reference (Kahn's algorithm, iterative; ties and cycle members in name order).
std::vector<std::string> dependency_order(const std::map<std::string, schema::Table>& tables,
                                          const std::vector<std::string>& subset);

}  // namespace mig::autogen::detail
