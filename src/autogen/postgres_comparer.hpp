#pragma once

#include "autogen/postgres_compare_detail.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

// One comparison in progress (autogen::pg::compare): its phases and what it has decided so
// far. Its work is split by job: the objects themselves (postgres_compare.cpp) and what the
// server makes mig drop before a change and create after it, the dependants
// (postgres_compare_dependants.cpp). Not part of the layer's interface.
namespace mig::autogen::pg::detail {

namespace op = ops::pg;

// The upgrade, phase by phase; concatenated in declaration order (see compare()'s comment).
struct Phases {
    Operations create_schemas, drop_triggers, drop_views, renames, drop_indexes, drop_foreign_keys,
        drop_constraints, release_sequences, drop_dependent_functions, types, functions,
        rename_objects, columns, create_tables, add_constraints, add_foreign_keys, create_indexes,
        own_sequences, create_views, create_triggers, comments, drop_tables, drop_functions,
        drop_sequences, drop_types, drop_extensions, drop_schemas;

    Operations all() const {
        Operations result;
        for (const Operations* phase : {&create_schemas,
                                        &drop_triggers,
                                        &drop_views,
                                        &renames,
                                        &drop_indexes,
                                        &drop_foreign_keys,
                                        &drop_constraints,
                                        &release_sequences,
                                        &drop_dependent_functions,
                                        &types,
                                        &functions,
                                        &rename_objects,
                                        &columns,
                                        &create_tables,
                                        &add_constraints,
                                        &add_foreign_keys,
                                        &create_indexes,
                                        &own_sequences,
                                        &create_views,
                                        &create_triggers,
                                        &comments,
                                        &drop_tables,
                                        &drop_functions,
                                        &drop_sequences,
                                        &drop_types,
                                        &drop_extensions,
                                        &drop_schemas}) {
            result.insert(result.end(), phase->begin(), phase->end());
        }
        return result;
    }
};

// A comment change of `object` (`TABLE public.t`), named `words` in messages.
void comment_change(Operations& out, const std::string& object, const std::string& words,
                    const std::optional<std::string>& from, const std::optional<std::string>& to);

// Does `text` name the type `spelled` (as qualified() writes it) as a whole token: `m
// public.mood`, `public.mood[]`, `SETOF public.mood`, but not `public.mood2`?
bool mentions(const std::string& text, const std::string& spelled);

// The first line of a function's definition that says what it returns: CREATE OR REPLACE
// cannot change it.
std::string returns_line(const std::string& definition);

class Comparer {
public:
    // `recreated_enums`: enums recreated even where values are only added (AlterEnum::recreate).
    Comparer(const cat::Catalog& original, const cat::Catalog& desired, const Renamed& renamed,
             const Options& options, const std::set<cat::QualifiedName>& recreated_enums);

    // The upgrade's operations, dependency-ordered.
    Operations run();

private:
    // postgres_compare.cpp
    void schemas_and_extensions();
    std::vector<op::EnumColumn> enum_columns(const cat::QualifiedName& type);
    void take_default_changes(std::vector<op::EnumColumn>& columns);
    std::vector<std::pair<cat::QualifiedName, cat::Constraint>> enum_checks(
        const cat::QualifiedName& type);
    std::vector<cat::Index> literal_indexes(const cat::QualifiedName& type) const;
    std::vector<op::RecreateDomain> domains_over(const cat::QualifiedName& type, bool recreated);
    void enums();
    void domains();
    void sequences();
    void functions();
    void tables();
    void create_tables(const std::set<cat::QualifiedName>& created);
    void drop_tables(const std::set<cat::QualifiedName>& dropped);
    void surviving_table(const cat::Table& current, const cat::Table& desired);
    void columns(const cat::Table& current, const cat::Table& desired);
    void constraints(const cat::Table& current, const cat::Table& desired);
    bool on_view(const cat::Index& index, const cat::Catalog& catalog) const;
    void indexes();
    // The name an index or constraint renamed from `from` to the model's `to` takes: `to`, or,
    // when `to` is `generated` and taken, the first free `variant(pass)`.
    cat::QualifiedName rename_target(const cat::QualifiedName& from, const cat::QualifiedName& to,
                                     bool generated, const std::function<std::string(int)>& variant,
                                     const std::set<cat::QualifiedName>& renamed_to) const;

    // postgres_compare_dependants.cpp
    void functions_on_recreated_types();
    void recreate_dependants_of_functions();
    std::vector<std::string> recreation_order(const cat::Catalog& catalog) const;
    bool calls_recreated(const std::string& expression) const;
    cat::Column without_recreated_default(const cat::QualifiedName& table,
                                          const cat::Column& column);
    void views();
    void triggers();
    cat::Index before_renames(const cat::Index& index) const;
    cat::Trigger before_renames(const std::pair<cat::QualifiedName, std::string>& key) const;

    const cat::Catalog& m_original;  // before the renames
    const cat::Catalog& m_current;   // renamed
    const cat::Catalog& m_desired;
    const Options& m_options;
    const std::map<std::pair<cat::QualifiedName, std::string>,
                   std::pair<cat::QualifiedName, std::string>>& m_trigger_keys;
    const std::set<cat::QualifiedName>& m_recreated_enums;
    Phases m_phases;
    std::set<cat::QualifiedName> m_changed_tables;
    // Enums and domains recreated under their names, as qualified() spells them.
    std::set<std::string> m_recreated_types;
    std::set<cat::QualifiedName> m_domains_done;  // recreated with the enum they are over
    // Columns whose default change a recreated enum's move makes (take_default_changes).
    std::set<std::pair<cat::QualifiedName, std::string>> m_defaults_taken;
    // The names constraints are renamed to, by schema (rename_target).
    std::set<cat::QualifiedName> m_constraints_renamed_to;
    // Functions (by signature) dropped before the types change and created after them, and
    // their names (views depend on a name); triggers that execute one of them.
    std::set<std::string> m_recreated_functions;
    std::set<cat::QualifiedName> m_recreated_function_names;
    std::set<std::pair<cat::QualifiedName, std::string>> m_recreated_triggers;
    std::vector<cat::Index> m_view_indexes_dropped;
    std::vector<cat::Index> m_view_indexes_created;
    std::vector<std::pair<cat::Index, cat::Index>> m_view_indexes_kept;
};

}  // namespace mig::autogen::pg::detail
