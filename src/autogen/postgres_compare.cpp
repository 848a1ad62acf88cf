#include "autogen/postgres_compare.hpp"

#include "autogen/postgres_comparer.hpp"
#include "autogen/postgres_enum_values.hpp"
#include "schema/postgres_names.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <variant>

namespace mig::autogen::pg {

namespace {

using namespace detail;  // NOLINT(google-build-using-namespace): this file is its driver
using schema::pg::display_name;
using schema::pg::qualified;
using schema::pg::quote_identifier;

bool is_foreign_key(const cat::Constraint& c) {
    return c.kind == cat::ConstraintKind::foreign_key;
}

cat::Sequence without_owner(cat::Sequence sequence) {
    sequence.owned_by_table.reset();
    sequence.owned_by_column.clear();
    return sequence;
}

bool same_owner(const cat::Sequence& a, const cat::Sequence& b) {
    return a.owned_by_table == b.owned_by_table && a.owned_by_column == b.owned_by_column;
}

// Is `name` a table, view, sequence, index or constraint of its schema in `catalog`?
bool name_in_use(const cat::QualifiedName& name, const cat::Catalog& catalog) {
    return catalog.tables.count(name) != 0 || catalog.views.count(name) != 0 ||
           catalog.sequences.count(name) != 0 || catalog.indexes.count(name) != 0 ||
           std::any_of(catalog.tables.begin(), catalog.tables.end(), [&](const auto& table) {
               return table.first.schema == name.schema &&
                      std::any_of(table.second.constraints.begin(), table.second.constraints.end(),
                                  [&](const cat::Constraint& c) { return c.name == name.name; });
           });
}

// The enums of `upgrade` whose values added by ADD VALUE, in the upgrade or in its reverse,
// that direction uses (or all that add values, when ADD VALUE may not run in a transaction).
std::set<cat::QualifiedName> enums_to_recreate(const Operations& upgrade,
                                               const cat::Catalog& current,
                                               const cat::Catalog& desired,
                                               const Options& options) {
    std::set<cat::QualifiedName> names;
    const Operations downgrade = op::reverse_all(upgrade);
    for (const auto& [operations, catalog] :
         {std::pair{&upgrade, &desired}, std::pair{&downgrade, &current}}) {
        for (std::size_t at = 0; at < operations->size(); ++at) {
            const auto* alter = std::get_if<op::AlterEnum>(&(*operations)[at]);
            if (alter != nullptr &&
                (options.add_values_in_transaction ? added_values_used(*operations, at, *catalog)
                                                   : !added_values(*alter).empty())) {
                names.insert(alter->to.name);
            }
        }
    }
    return names;
}

}  // namespace

namespace detail {

void comment_change(Operations& out, const std::string& object, const std::string& words,
                    const std::optional<std::string>& from, const std::optional<std::string>& to) {
    if (from != to) {
        out.emplace_back(op::SetComment{object, words, from, to});
    }
}

std::string returns_line(const std::string& definition) {
    std::size_t at = definition.find("\n RETURNS ");
    if (at == std::string::npos) {
        return "";
    }
    std::size_t end = definition.find('\n', at + 1);
    return definition.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

Comparer::Comparer(const cat::Catalog& original, const cat::Catalog& desired,
                   const Renamed& renamed, const Options& options,
                   const std::set<cat::QualifiedName>& recreated_enums)
    : m_original(original),
      m_current(renamed.catalog),
      m_desired(desired),
      m_options(options),
      m_trigger_keys(renamed.trigger_keys),
      m_recreated_enums(recreated_enums) {
    m_phases.renames = renamed.operations;
}

Operations Comparer::run() {
    schemas_and_extensions();
    enums();
    domains();
    functions_on_recreated_types();
    sequences();
    functions();
    tables();
    indexes();
    views();
    triggers();
    return m_phases.all();
}

void Comparer::schemas_and_extensions() {
    for (const std::string& name : m_desired.schemas) {
        auto comment = m_desired.schema_comments.find(name);
        std::optional<std::string> text =
            comment == m_desired.schema_comments.end() ? std::nullopt : comment->second;
        if (std::find(m_current.schemas.begin(), m_current.schemas.end(), name) ==
            m_current.schemas.end()) {
            m_phases.create_schemas.emplace_back(op::CreateSchema{name, text});
            continue;
        }
        auto old = m_current.schema_comments.find(name);
        comment_change(m_phases.comments, "SCHEMA " + quote_identifier(name),
                       "schema " + quote_identifier(name),
                       old == m_current.schema_comments.end() ? std::nullopt : old->second, text);
    }
    for (auto it = m_current.schemas.rbegin(); it != m_current.schemas.rend(); ++it) {
        if (std::find(m_desired.schemas.begin(), m_desired.schemas.end(), *it) ==
            m_desired.schemas.end()) {
            auto comment = m_current.schema_comments.find(*it);
            m_phases.drop_schemas.emplace_back(op::DropSchema{
                *it, comment == m_current.schema_comments.end() ? std::nullopt : comment->second});
        }
    }
    for (const auto& [name, extension] : m_desired.extensions) {
        if (m_current.extensions.count(name) == 0) {
            m_phases.create_schemas.emplace_back(op::CreateExtension{extension});
        }
    }
    for (auto it = m_current.extensions.rbegin(); it != m_current.extensions.rend(); ++it) {
        if (m_desired.extensions.count(it->first) == 0) {
            m_phases.drop_extensions.emplace_back(op::DropExtension{it->second});
        }
    }
}

// OWNED BY is released before anything is dropped (a DROP TABLE would take an owned
// sequence with it) and set after the tables exist.
void Comparer::sequences() {
    for (const auto& [name, sequence] : m_current.sequences) {
        auto desired = m_desired.sequences.find(name);
        if (sequence.owned_by_table &&
            (desired == m_desired.sequences.end() || !same_owner(sequence, desired->second))) {
            m_phases.release_sequences.emplace_back(
                op::AlterSequence{sequence, without_owner(sequence)});
        }
    }
    for (const auto& [name, sequence] : m_desired.sequences) {
        auto old = m_current.sequences.find(name);
        if (old == m_current.sequences.end()) {
            m_phases.types.emplace_back(op::CreateSequence{without_owner(sequence)});
            if (sequence.owned_by_table) {
                m_phases.own_sequences.emplace_back(
                    op::AlterSequence{without_owner(sequence), sequence});
            }
            continue;
        }
        cat::Sequence from = old->second;
        if (!same_owner(from, sequence)) {
            from = without_owner(from);  // released above
        }
        cat::Sequence to = sequence;
        to.owned_by_table = from.owned_by_table;
        to.owned_by_column = from.owned_by_column;
        to.comment = from.comment;
        if (!(from == to)) {
            m_phases.types.emplace_back(op::AlterSequence{from, to});
        }
        if (!same_owner(old->second, sequence) && sequence.owned_by_table) {
            m_phases.own_sequences.emplace_back(op::AlterSequence{to, sequence});
        }
        comment_change(m_phases.comments, "SEQUENCE " + qualified(name),
                       "sequence " + display_name(name), old->second.comment, sequence.comment);
    }
    for (auto it = m_current.sequences.rbegin(); it != m_current.sequences.rend(); ++it) {
        if (m_desired.sequences.count(it->first) == 0) {
            m_phases.drop_sequences.emplace_back(op::DropSequence{without_owner(it->second)});
        }
    }
}

void Comparer::functions() {
    for (const auto& [key, function] : m_desired.functions) {
        auto old = m_current.functions.find(key);
        if (old != m_current.functions.end() && old->second.definition != function.definition &&
            (returns_line(old->second.definition) != returns_line(function.definition) ||
             old->second.is_procedure != function.is_procedure)) {
            // CREATE OR REPLACE cannot change what a function returns: dropped and created,
            // with what depends on it
            m_recreated_functions.insert(key);
        }
    }
    recreate_dependants_of_functions();
    std::vector<std::string> drops = recreation_order(m_current);
    for (auto it = drops.rbegin(); it != drops.rend(); ++it) {
        m_phases.drop_dependent_functions.emplace_back(
            op::DropFunction{m_current.functions.at(*it)});
    }
    for (const std::string& key : recreation_order(m_desired)) {
        m_phases.functions.emplace_back(op::CreateFunction{m_desired.functions.at(key)});
    }
    for (const auto& [key, function] : m_desired.functions) {
        auto old = m_current.functions.find(key);
        if (old == m_current.functions.end()) {
            m_phases.functions.emplace_back(op::CreateFunction{function});
            continue;
        }
        if (m_recreated_functions.count(key) != 0) {
            continue;  // created above, with its comment
        }
        if (old->second.definition != function.definition) {
            m_phases.functions.emplace_back(op::ReplaceFunction{old->second, function});
        }
        const std::string object = std::string(function.is_procedure ? "PROCEDURE " : "FUNCTION ") +
                                   qualified(function.name) + "(" + function.identity_arguments +
                                   ")";
        comment_change(m_phases.comments, object,
                       (function.is_procedure ? "procedure " : "function ") +
                           display_name(function.name) + "(" + function.identity_arguments + ")",
                       old->second.comment, function.comment);
    }
    for (auto it = m_current.functions.rbegin(); it != m_current.functions.rend(); ++it) {
        if (m_desired.functions.count(it->first) == 0 &&
            m_recreated_functions.count(it->first) == 0) {
            m_phases.drop_functions.emplace_back(op::DropFunction{it->second});
        }
    }
}

void Comparer::tables() {
    std::set<cat::QualifiedName> created;
    std::set<cat::QualifiedName> dropped;
    for (const auto& [name, table] : m_desired.tables) {
        auto old = m_current.tables.find(name);
        if (old == m_current.tables.end()) {
            created.insert(name);
        } else {
            surviving_table(old->second, table);
        }
    }
    for (const auto& [name, table] : m_current.tables) {
        if (m_desired.tables.count(name) == 0) {
            dropped.insert(name);
        }
    }
    create_tables(created);
    drop_tables(dropped);
}

void Comparer::create_tables(const std::set<cat::QualifiedName>& created) {
    std::set<cat::QualifiedName> done;
    for (const cat::QualifiedName& name : creation_order(m_desired.tables, created)) {
        cat::Table table = m_desired.tables.at(name);
        std::vector<cat::Constraint> later;
        std::erase_if(table.constraints, [&](const cat::Constraint& c) {
            // inline: a foreign key to itself or to a table created before it
            bool inline_key = is_foreign_key(c) && c.referenced_table &&
                              (*c.referenced_table == name || done.count(*c.referenced_table) != 0);
            bool keep = c.validated && (!is_foreign_key(c) || inline_key);
            if (!keep) {
                later.push_back(c);
            }
            return !keep;
        });
        done.insert(name);
        m_phases.create_tables.emplace_back(op::CreateTable{table});
        for (const cat::Constraint& c : later) {
            (is_foreign_key(c) ? m_phases.add_foreign_keys : m_phases.add_constraints)
                .emplace_back(op::AddConstraint{name, c});
        }
    }
}

void Comparer::drop_tables(const std::set<cat::QualifiedName>& dropped) {
    std::vector<cat::QualifiedName> order = creation_order(m_current.tables, dropped);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        cat::Table table = m_current.tables.at(*it);
        for (cat::Column& column : table.columns) {
            column = without_recreated_default(*it, column);
        }
        std::erase_if(table.constraints, [&](const cat::Constraint& c) {
            if (is_foreign_key(c)) {  // dropped first, so the downgrade adds them last
                m_phases.drop_foreign_keys.emplace_back(op::DropConstraint{*it, c});
                return true;
            }
            return false;
        });
        m_phases.drop_tables.emplace_back(op::DropTable{table});
    }
}

void Comparer::surviving_table(const cat::Table& current, const cat::Table& desired) {
    const cat::QualifiedName& name = desired.name;
    if (current.partition_key != desired.partition_key) {
        // no ALTER changes a partition key: the table is dropped and created (its rows,
        // in partitions mig does not manage, are the user's to move)
        m_phases.columns.emplace_back(op::DropTable{current});
        m_phases.columns.emplace_back(op::CreateTable{desired});
        return;
    }
    if (current.unlogged != desired.unlogged) {
        m_phases.columns.emplace_back(op::SetLogged{name, desired.unlogged});
    }
    comment_change(m_phases.comments, "TABLE " + qualified(name), "table " + display_name(name),
                   current.comment, desired.comment);
    columns(current, desired);
    constraints(current, desired);
}

void Comparer::columns(const cat::Table& current, const cat::Table& desired) {
    const cat::QualifiedName& name = desired.name;
    auto find = [](const cat::Table& table, const std::string& column) -> const cat::Column* {
        for (const auto& c : table.columns) {
            if (c.name == column) {
                return &c;
            }
        }
        return nullptr;
    };
    Operations alters;
    Operations adds;
    for (const cat::Column& original : current.columns) {
        cat::Column column = without_recreated_default(name, original);
        const cat::Column* wanted = find(desired, column.name);
        if (wanted != nullptr && m_defaults_taken.count({name, column.name}) != 0) {
            column.default_value = wanted->default_value;  // set by the enum's recreation
        }
        if (wanted == nullptr || generated_changes(column, *wanted)) {
            m_phases.columns.emplace_back(op::DropColumn{name, column});  // drops first
            m_changed_tables.insert(name);
            if (wanted != nullptr) {
                adds.emplace_back(op::AddColumn{name, *wanted});
            }
            continue;
        }
        if (!same_column_definition(column, *wanted)) {
            alters.emplace_back(op::AlterColumn{name, column, *wanted});
            if (column.type != wanted->type || column.collation != wanted->collation) {
                m_changed_tables.insert(name);
            }
        }
        comment_change(
            m_phases.comments, "COLUMN " + qualified(name) + "." + quote_identifier(column.name),
            "column " + quote_identifier(column.name) + " of table " + display_name(name),
            column.comment, wanted->comment);
    }
    for (const cat::Column& column : desired.columns) {
        if (find(current, column.name) == nullptr) {
            adds.emplace_back(op::AddColumn{name, column});
        }
    }
    m_phases.columns.insert(m_phases.columns.end(), alters.begin(), alters.end());
    m_phases.columns.insert(m_phases.columns.end(), adds.begin(), adds.end());
}

void Comparer::constraints(const cat::Table& current, const cat::Table& desired) {
    const cat::QualifiedName& name = desired.name;
    Matching<cat::Constraint> matching = match_constraints(current, desired);
    for (const auto& [from, to] : matching.same) {
        // a CHECK calling a function the upgrade drops and creates: dropped and added
        // around it
        if (from->kind == cat::ConstraintKind::check && calls_recreated(from->definition)) {
            m_phases.drop_constraints.emplace_back(op::DropConstraint{name, *from});
            m_phases.add_constraints.emplace_back(op::AddConstraint{name, *to});
        }
    }
    for (const cat::Constraint* c : matching.dropped) {
        (is_foreign_key(*c) ? m_phases.drop_foreign_keys : m_phases.drop_constraints)
            .emplace_back(op::DropConstraint{name, *c});
    }
    for (const cat::Constraint* c : matching.added) {
        bool separately = m_options.validate_separately && c->validated &&
                          (is_foreign_key(*c) || c->kind == cat::ConstraintKind::check);
        (is_foreign_key(*c) ? m_phases.add_foreign_keys : m_phases.add_constraints)
            .emplace_back(op::AddConstraint{name, *c, separately});
    }
    std::map<const cat::Constraint*, std::string> names;  // each kept constraint's name after
    for (const auto& pair : matching.renamed) {
        // Not a structured binding: the lambda below captures `to` (clang 14 refuses).
        const cat::Constraint* from = pair.first;
        const cat::Constraint* to = pair.second;
        const cat::QualifiedName target = rename_target(
            {name.schema, from->name}, {name.schema, to->name}, has_generated_name(desired, *to),
            [&](int pass) { return generated_name(desired, *to, pass); }, m_constraints_renamed_to);
        m_constraints_renamed_to.insert(target);
        names.emplace(to, target.name);
        m_phases.rename_objects.emplace_back(op::RenameConstraint{name, from->name, target.name});
    }
    auto comments = matching.same;
    comments.insert(comments.end(), matching.renamed.begin(), matching.renamed.end());
    for (const auto& [from, to] : comments) {
        const auto renamed = names.find(to);
        const std::string& now = renamed != names.end() ? renamed->second : to->name;
        comment_change(m_phases.comments,
                       "CONSTRAINT " + quote_identifier(now) + " ON " + qualified(name),
                       "constraint " + quote_identifier(now) + " on table " + display_name(name),
                       from->comment, to->comment);
    }
}

bool Comparer::on_view(const cat::Index& index, const cat::Catalog& catalog) const {
    return catalog.views.count(index.table) != 0;
}

void Comparer::indexes() {
    Matching<cat::Index> matching = match_indexes(m_current, m_desired);
    for (const cat::Index* index : matching.dropped) {
        if (!on_view(*index, m_current)) {
            m_phases.drop_indexes.emplace_back(op::DropIndex{*index});
        } else {
            m_view_indexes_dropped.push_back(*index);
        }
    }
    for (const auto& [from, to] : matching.same) {
        // an index calling a function the upgrade drops and creates: dropped and created
        // around it
        if (!on_view(*from, m_current) && calls_recreated(from->definition)) {
            m_phases.drop_indexes.emplace_back(op::DropIndex{*from});
            m_phases.create_indexes.emplace_back(op::CreateIndex{*to});
        }
    }
    for (const cat::Index* index : matching.added) {
        if (!on_view(*index, m_desired)) {
            m_phases.create_indexes.emplace_back(op::CreateIndex{*index});
        } else {
            m_view_indexes_created.push_back(*index);
        }
    }
    std::set<cat::QualifiedName> renamed_to;
    std::map<const cat::Index*, cat::QualifiedName> names;  // each kept index's name after
    for (const auto& pair : matching.renamed) {
        // Not a structured binding: the lambda below captures `to` (clang 14 refuses).
        const cat::Index* from = pair.first;
        const cat::Index* to = pair.second;
        const cat::QualifiedName name = rename_target(
            from->name, to->name, has_generated_name(*to, to->table.name),
            [&](int pass) { return generated_name(*to, pass); }, renamed_to);
        renamed_to.insert(name);
        names.emplace(to, name);
        m_phases.rename_objects.emplace_back(op::RenameIndex{from->name, name.name});
    }
    auto kept = matching.same;
    kept.insert(kept.end(), matching.renamed.begin(), matching.renamed.end());
    for (const auto& [from, to] : kept) {
        if (on_view(*from, m_current)) {
            m_view_indexes_kept.emplace_back(*from, *to);
        }
        const auto renamed = names.find(to);
        const cat::QualifiedName& name = renamed != names.end() ? renamed->second : to->name;
        comment_change(m_phases.comments, "INDEX " + qualified(name), "index " + display_name(name),
                       from->comment, to->comment);
    }
}

// The generated-name rule lets an index or constraint of the current schema keep a generated
// name that the model gives another one (two unnamed indexes of one column are `t_c_idx` and
// `t_c_idx1`, in either order), so renaming one to the model's generated name may meet that
// name taken (seed 4000070 of the PostgreSQL property test). A generated name is as good as
// another: then the first variant (`t_c_idx1`, `t_c_idx2`, ...) that no relation or
// constraint of the schema has, on either side, nor an earlier rename took.
cat::QualifiedName Comparer::rename_target(const cat::QualifiedName& from,
                                           const cat::QualifiedName& to, bool generated,
                                           const std::function<std::string(int)>& variant,
                                           const std::set<cat::QualifiedName>& renamed_to) const {
    auto taken = [&](const cat::QualifiedName& name) {
        return renamed_to.count(name) != 0 || (name != from && name_in_use(name, m_current)) ||
               (name != to && name_in_use(name, m_desired));
    };
    if (!generated || !taken(to)) {
        return to;
    }
    for (int pass = 1;; ++pass) {
        cat::QualifiedName name{to.schema, variant(pass)};
        if (!taken(name)) {
            return name;
        }
    }
}

}  // namespace detail

Comparison compare(const schema::pg::Catalog& current, const schema::pg::Catalog& desired,
                   const std::vector<RenameHint>& renames, const Options& options) {
    Renamed renamed = apply_renames(current, desired, renames);
    rename_owned_sequences(renamed, desired);
    Comparison comparison;
    // An enum whose added values the same direction uses is recreated instead (so the revision
    // keeps its transaction); recreating one recreates what depends on it, which may use
    // another enum's new values: until nothing more needs it.
    std::set<cat::QualifiedName> recreated_enums;
    for (;;) {
        comparison.upgrade = Comparer(current, desired, renamed, options, recreated_enums).run();
        const std::set<cat::QualifiedName> more =
            enums_to_recreate(comparison.upgrade, current, desired, options);
        if (std::includes(recreated_enums.begin(), recreated_enums.end(), more.begin(),
                          more.end())) {
            break;
        }
        recreated_enums.insert(more.begin(), more.end());
    }
    comparison.likely_renames = likely_renames(renamed.catalog, desired);
    return comparison;
}

}  // namespace mig::autogen::pg
