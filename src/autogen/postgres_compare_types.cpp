// The types of a PostgreSQL compare: enums (values added in place or the type recreated, with
// the columns, defaults, CHECKs, partial indexes and domains that name it moved along) and
// domains (altered, or recreated when the base type changes). Part of autogen::pg::compare
// (postgres_comparer.hpp).

#include "autogen/postgres_comparer.hpp"
#include "autogen/postgres_enum_values.hpp"
#include "schema/postgres_names.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <variant>

namespace mig::autogen::pg::detail {

namespace {

using schema::pg::display_name;
using schema::pg::qualified;

// Does a type refer to the enum `name` (itself or an array of it)?
bool uses_type(const std::string& type, const cat::QualifiedName& name) {
    const std::string spelled = qualified(name);
    return type == spelled ||
           (type.starts_with(spelled) && type.compare(spelled.size(), 1, "[") == 0);
}

// PostgreSQL names a domain's unnamed CHECK `<domain>_check` (then `_check1`, ...: in the
// order they were added, whether by CREATE DOMAIN or ALTER DOMAIN ADD), so the same checks
// written in another order, or added in another revision, get other names. `from` with each
// CHECK whose name is generated renamed to the generated name of a CHECK of the same
// definition in `to`: the generated-name rule of tables, for domains. Only to decide whether
// the domain changes: the names changed here are never written.
cat::Domain with_generated_names_matched(cat::Domain from, const cat::Domain& to) {
    auto generated = [](const cat::Domain& domain, const cat::DomainConstraint& c) {
        return schema::pg::is_generated_name(c.name, domain.name.name, {},
                                             schema::pg::NameLabel::check);
    };
    std::vector<bool> taken(to.constraints.size(), false);
    for (cat::DomainConstraint& c : from.constraints) {  // exact matches first
        for (std::size_t i = 0; i < to.constraints.size(); ++i) {
            if (!taken[i] && to.constraints[i] == c) {
                taken[i] = true;
                c.name.insert(0, 1, '\0');  // matched: left alone below
                break;
            }
        }
    }
    for (cat::DomainConstraint& c : from.constraints) {
        if (c.name.starts_with('\0') || !generated(from, c)) {
            continue;
        }
        for (std::size_t i = 0; i < to.constraints.size(); ++i) {
            const cat::DomainConstraint& d = to.constraints[i];
            if (!taken[i] && d.definition == c.definition && generated(to, d)) {
                taken[i] = true;
                c.name = d.name;
                break;
            }
        }
    }
    for (cat::DomainConstraint& c : from.constraints) {
        if (c.name.starts_with('\0')) {
            c.name.erase(0, 1);
        }
    }
    std::sort(from.constraints.begin(), from.constraints.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return from;
}

// Is the enum change rendered by recreating the type (a value dropped, or values reordered)?
bool recreates(const cat::EnumType& from, const cat::EnumType& to) {
    auto at = to.values.begin();
    for (const std::string& value : from.values) {
        at = std::find(at, to.values.end(), value);
        if (at == to.values.end()) {
            return true;
        }
        ++at;
    }
    return false;
}

}  // namespace

std::vector<op::EnumColumn> Comparer::enum_columns(const cat::QualifiedName& type) {
    std::vector<op::EnumColumn> columns;
    for (const auto& [name, table] : m_current.tables) {
        const cat::Table* desired_table = nullptr;
        if (auto found = m_desired.tables.find(name); found != m_desired.tables.end()) {
            desired_table = &found->second;
        }
        for (const cat::Column& column : table.columns) {
            if (!uses_type(column.type, type)) {
                continue;
            }
            std::optional<std::string> after;
            if (desired_table != nullptr) {
                for (const cat::Column& d : desired_table->columns) {
                    if (d.name == column.name && d.default_value == column.default_value &&
                        d.type == column.type) {
                        after = column.default_value;
                    }
                }
            }
            columns.push_back({name, column.name, column.type, column.default_value, after});
            m_changed_tables.insert(name);  // views reading it are recreated around
        }
    }
    return columns;
}

// A recreation drops the default of each column it moves and sets one after: the model's,
// for a column that keeps the type, so that its change is the recreation's and not a
// later AlterColumn's. In the reverse, such an AlterColumn would run before the recreation
// (or the ADD VALUE) that brings back a value its old default names, which the server
// refuses.
void Comparer::take_default_changes(std::vector<op::EnumColumn>& columns) {
    for (op::EnumColumn& column : columns) {
        auto table = m_desired.tables.find(column.table);
        if (table == m_desired.tables.end()) {
            continue;
        }
        for (const cat::Column& wanted : table->second.columns) {
            if (wanted.name == column.column && wanted.type == column.type && !wanted.generated &&
                wanted.identity == cat::Identity::none &&
                wanted.default_value != column.default_before) {
                column.default_after = wanted.default_value;
                m_defaults_taken.insert({column.table, column.column});
            }
        }
    }
}

// The CHECKs that read the type's literals and stay as they are (the others are dropped
// before the types change, or added after).
std::vector<std::pair<cat::QualifiedName, cat::Constraint>> Comparer::enum_checks(
    const cat::QualifiedName& type) {
    std::vector<std::pair<cat::QualifiedName, cat::Constraint>> checks;
    const std::string literal = "::" + qualified(type);
    for (const auto& [name, table] : m_current.tables) {
        auto desired = m_desired.tables.find(name);
        if (desired == m_desired.tables.end()) {
            continue;
        }
        for (const cat::Constraint& c : table.constraints) {
            if (c.kind == cat::ConstraintKind::check &&
                c.definition.find(literal) != std::string::npos &&
                std::find(desired->second.constraints.begin(), desired->second.constraints.end(),
                          c) != desired->second.constraints.end()) {
                checks.emplace_back(name, c);
            }
        }
    }
    return checks;
}

// Indexes that stay as they are and read the type's literals (the others are dropped
// before the types change, or created after).
std::vector<cat::Index> Comparer::literal_indexes(const cat::QualifiedName& type) const {
    std::vector<cat::Index> indexes;
    const std::string literal = "::" + qualified(type);
    for (const auto& entry : m_current.indexes) {
        // Not a structured binding: the lambda below captures `index` (clang 14 refuses).
        const cat::Index& index = entry.second;
        if (m_current.views.count(index.table) != 0 ||  // recreated with its view
            !mentions(index.definition, qualified(type)) ||
            index.definition.find(literal) == std::string::npos) {
            continue;
        }
        const bool stays = std::any_of(
            m_desired.indexes.begin(), m_desired.indexes.end(), [&](const auto& desired) {
                return index_content(desired.second) == index_content(index);
            });
        if (stays) {
            indexes.push_back(index);
        }
    }
    return indexes;
}

// The domains over an enum whose values change: recreated over the new type, to the model's
// definition when the upgrade `recreated` the type (when the model drops one, it is recreated
// as it was, and dropped later); as they are when the upgrade adds values (ADD VALUE leaves
// them alone; its reverse, a recreation, finds them as the migrations have them, the domain's
// own change reversed before).
std::vector<op::RecreateDomain> Comparer::domains_over(const cat::QualifiedName& type,
                                                       bool recreated) {
    std::vector<op::RecreateDomain> domains;
    for (const auto& [name, domain] : m_current.domains) {
        if (!uses_type(domain.base_type, type)) {
            continue;
        }
        auto desired = m_desired.domains.find(name);
        cat::Domain to = domain;
        if (recreated && desired != m_desired.domains.end() &&
            uses_type(desired->second.base_type, type)) {
            to = desired->second;
            m_domains_done.insert(name);
        }
        if (recreated) {
            m_recreated_types.insert(qualified(name));
        }
        domains.push_back({domain, to, enum_columns(name)});
    }
    return domains;
}

void Comparer::enums() {
    for (const auto& [name, type] : m_desired.enums) {
        auto old = m_current.enums.find(name);
        if (old == m_current.enums.end()) {
            m_phases.types.emplace_back(op::CreateEnum{type});
            continue;
        }
        if (old->second.values != type.values) {
            op::AlterEnum alter{old->second, type, enum_columns(name), enum_checks(name)};
            // Values added one way are dropped the other way, by recreating the type: the
            // indexes on its literals and the domains over it, which the operation carries, go
            // along in either direction (ADD VALUE leaves them alone). The functions and views
            // on the type are recreated around it only when the upgrade recreates it, so that
            // an ADD VALUE upgrade stays one statement (docs/autogenerate.md, Not handled).
            const bool recreated =
                recreates(old->second, type) || m_recreated_enums.count(name) != 0;
            alter.indexes = literal_indexes(name);
            alter.domains = domains_over(name, recreated);
            if (recreated) {
                m_recreated_types.insert(qualified(name));
                alter.recreate = m_recreated_enums.count(name) != 0;
                take_default_changes(alter.columns);
            }
            m_phases.types.emplace_back(std::move(alter));
        }
        comment_change(m_phases.comments, "TYPE " + qualified(name), "type " + display_name(name),
                       old->second.comment, type.comment);
    }
    for (auto it = m_current.enums.rbegin(); it != m_current.enums.rend(); ++it) {
        if (m_desired.enums.count(it->first) == 0) {
            m_phases.drop_types.emplace_back(op::DropEnum{it->second});
        }
    }
}

void Comparer::domains() {
    for (const auto& [name, domain] : m_desired.domains) {
        auto old = m_current.domains.find(name);
        if (old == m_current.domains.end()) {
            m_phases.types.emplace_back(op::CreateDomain{domain});
            continue;
        }
        const cat::Domain& a = old->second;
        if (m_domains_done.count(name) != 0) {
            continue;  // recreated with the enum it is over
        }
        if (a.base_type != domain.base_type || a.collation != domain.collation) {
            // ALTER DOMAIN cannot change the base type: a new domain under the same name,
            // the columns moved to it
            m_recreated_types.insert(qualified(name));
            m_phases.types.emplace_back(op::RecreateDomain{a, domain, enum_columns(name)});
            continue;
        }
        cat::Domain from = with_generated_names_matched(a, domain);
        from.comment = domain.comment;
        if (!(from == domain)) {
            // by the real names: what differs is dropped and added, and a CHECK that only
            // has another generated name too (its name may be one the change needs)
            m_phases.types.emplace_back(op::AlterDomain{a, domain});
        }
        comment_change(m_phases.comments, "DOMAIN " + qualified(name),
                       "domain " + display_name(name), a.comment, domain.comment);
    }
    for (auto it = m_current.domains.rbegin(); it != m_current.domains.rend(); ++it) {
        if (m_desired.domains.count(it->first) == 0) {
            m_phases.drop_types.emplace_back(op::DropDomain{it->second});
        }
    }
}

}  // namespace mig::autogen::pg::detail
