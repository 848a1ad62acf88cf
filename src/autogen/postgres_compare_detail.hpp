#pragma once

#include "autogen/postgres_compare.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

// Internals of autogen::pg::compare, split by job: renames (postgres_compare_renames.cpp),
// matching under the generated-name rule and one table's diff (postgres_compare_tables.cpp),
// the phases in order (postgres_comparer.hpp: postgres_compare.cpp, and the dependants
// dropped and created around a change in postgres_compare_dependants.cpp). Not part of the
// layer's interface.
namespace mig::autogen::pg::detail {

namespace cat = schema::pg;
using Operations = std::vector<ops::pg::Operation>;

// `current` as it is after the user's --rename hints ran.
struct Renamed {
    cat::Catalog catalog;
    std::vector<ops::pg::Operation> operations;  // RenameTable, RenameColumn, in hint order
    // Each trigger's key in `catalog` -> its key before the renames (the table's old name).
    std::map<std::pair<cat::QualifiedName, std::string>, std::pair<cat::QualifiedName, std::string>>
        trigger_keys;
};

// InputError (with "did you mean") for a hint that names nothing, or whose old name still
// exists in the model, or whose new name exists in the migrations.
Renamed apply_renames(const cat::Catalog& current, const cat::Catalog& desired,
                      const std::vector<RenameHint>& hints);

// After the renames: a sequence owned by a column that the model owns under another name
// (`users_id_seq` of `people.id` after `--rename users=people`, where the model has
// `people_id_seq`) is renamed too, with the defaults that name it, so the column keeps counting
// where it was instead of restarting at a new sequence.
void rename_owned_sequences(Renamed& renamed, const cat::Catalog& desired);

// Dropped-and-added tables and columns of the same shape.
std::vector<LikelyRename> likely_renames(const cat::Catalog& current, const cat::Catalog& desired);

// The generated-name rule for one constraint of `table` (as it was named when the constraint
// got its name).
bool has_generated_name(const cat::Table& table, const cat::Constraint& constraint);
bool has_generated_name(const cat::Index& index, const std::string& table_name);
// The name PostgreSQL generates for the constraint or index at `pass` (0: `t_a_check`, then
// `t_a_check1`, ...).
std::string generated_name(const cat::Table& table, const cat::Constraint& constraint, int pass);
std::string generated_name(const cat::Index& index, int pass);

// An index definition with its own name taken out, to compare two indexes by content.
std::string index_content(const cat::Index& index);

// Pairs of matched objects (same content), and what is left on each side.
template <typename T>
struct Matching {
    // (current, desired) of the same content whose names are equal or both generated
    std::vector<std::pair<const T*, const T*>> same;
    // (current, desired) of the same content under names that differ, one spelled out
    std::vector<std::pair<const T*, const T*>> renamed;
    std::vector<const T*> dropped;
    std::vector<const T*> added;
};

// A table's constraints under the generated-name rule (names generated for the table's name
// in `current`, which is the new one after a --rename: the upgrade renames the old generated
// names to the model's).
Matching<cat::Constraint> match_constraints(const cat::Table& current, const cat::Table& desired);

// All indexes, by content (which names the table), under the generated-name rule.
Matching<cat::Index> match_indexes(const cat::Catalog& current, const cat::Catalog& desired);

// Does a column change in place (type, collation, NOT NULL, default, identity), or must it be
// dropped and added (its generated expression changes)?
bool same_column_definition(const cat::Column& a, const cat::Column& b);
// Defaults are the server's text, equal when the text is, and also when both are the same
// string literal cast to a string type (text, varchar, bpchar): PostgreSQL keeps the cast a
// default was written with when the column's type changes (`char(2) DEFAULT 'US'` altered to
// varchar(3) reads `'US'::bpchar`, the model's `varchar(3) DEFAULT 'US'` reads
// `'US'::character varying`), and either way the column gets the literal in its own type. A
// literal with trailing blanks stays different (bpchar drops them on the way).
bool same_default(const std::optional<std::string>& a, const std::optional<std::string>& b);
bool generated_changes(const cat::Column& a, const cat::Column& b);

// The order in which `names` (tables) can be created: referenced before referencing (Kahn,
// ties by name; cycle members by name).
std::vector<cat::QualifiedName> creation_order(
    const std::map<cat::QualifiedName, cat::Table>& tables,
    const std::set<cat::QualifiedName>& names);

// Views in the order they can be created (what they read first).
std::vector<cat::QualifiedName> view_order(const std::map<cat::QualifiedName, cat::View>& views,
                                           const std::set<cat::QualifiedName>& names);

}  // namespace mig::autogen::pg::detail
