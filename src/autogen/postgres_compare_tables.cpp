#include "autogen/postgres_compare_detail.hpp"
#include "schema/postgres_names.hpp"

#include <algorithm>
#include <queue>

namespace mig::autogen::pg::detail {

namespace {

using schema::pg::NameLabel;

NameLabel label_of(cat::ConstraintKind kind) {
    switch (kind) {
        case cat::ConstraintKind::primary_key:
            return NameLabel::pkey;
        case cat::ConstraintKind::unique:
            return NameLabel::key;
        case cat::ConstraintKind::foreign_key:
            return NameLabel::fkey;
        case cat::ConstraintKind::exclude:
            return NameLabel::excl;
        case cat::ConstraintKind::check:
            break;
    }
    return NameLabel::check;
}

bool same_constraint(const cat::Constraint& a, const cat::Constraint& b) {
    return a.kind == b.kind && a.definition == b.definition && a.validated == b.validated;
}

// Kahn's algorithm over `nodes` (sorted) with edges from each node to what it needs first;
// ties, and the members of a cycle, in name order.
std::vector<cat::QualifiedName> topological(
    const std::set<cat::QualifiedName>& nodes,
    const std::map<cat::QualifiedName, std::vector<cat::QualifiedName>>& needs) {
    std::map<cat::QualifiedName, int> waiting;
    std::map<cat::QualifiedName, std::vector<cat::QualifiedName>> needed_by;
    for (const auto& node : nodes) {
        waiting[node] = 0;
    }
    for (const auto& node : nodes) {
        auto found = needs.find(node);
        if (found == needs.end()) {
            continue;
        }
        std::set<cat::QualifiedName> distinct(found->second.begin(), found->second.end());
        for (const auto& need : distinct) {
            if (need != node && nodes.count(need) != 0) {
                ++waiting[node];
                needed_by[need].push_back(node);
            }
        }
    }
    std::set<cat::QualifiedName> ready;
    for (const auto& [node, count] : waiting) {
        if (count == 0) {
            ready.insert(node);
        }
    }
    std::vector<cat::QualifiedName> order;
    std::set<cat::QualifiedName> done;
    while (order.size() < nodes.size()) {
        if (ready.empty()) {  // only cycles remain: take the first by name
            for (const auto& [node, count] : waiting) {
                if (done.count(node) == 0) {
                    ready.insert(node);
                    break;
                }
            }
        }
        cat::QualifiedName node = *ready.begin();
        ready.erase(ready.begin());
        if (!done.insert(node).second) {
            continue;
        }
        order.push_back(node);
        for (const auto& next : needed_by[node]) {
            if (--waiting[next] == 0 && done.count(next) == 0) {
                ready.insert(next);
            }
        }
    }
    return order;
}

}  // namespace

bool has_generated_name(const cat::Table& table, const cat::Constraint& constraint) {
    std::vector<std::string> columns = constraint.columns;
    if (constraint.kind == cat::ConstraintKind::exclude) {
        columns = schema::pg::definition_columns(constraint.definition);
    }
    return schema::pg::is_generated_name(constraint.name, table.name.name, columns,
                                         label_of(constraint.kind));
}

std::string generated_name(const cat::Table& table, const cat::Constraint& constraint, int pass) {
    std::vector<std::string> columns = constraint.columns;
    if (constraint.kind == cat::ConstraintKind::exclude) {
        columns = schema::pg::definition_columns(constraint.definition);
    }
    return schema::pg::generated_name(table.name.name, columns, label_of(constraint.kind), pass);
}

std::string generated_name(const cat::Index& index, int pass) {
    return schema::pg::generated_name(
        index.table.name, schema::pg::definition_columns(index.definition), NameLabel::idx, pass);
}

bool has_generated_name(const cat::Index& index, const std::string& table_name) {
    return schema::pg::is_generated_name(index.name.name, table_name,
                                         schema::pg::definition_columns(index.definition),
                                         NameLabel::idx);
}

std::string index_content(const cat::Index& index) {
    std::string text = index.definition;
    const std::string named = " INDEX " + schema::pg::quote_identifier(index.name.name) + " ON ";
    if (std::size_t at = text.find(named); at != std::string::npos) {
        text.replace(at, named.size(), " INDEX ON ");
    }
    return text;
}

Matching<cat::Constraint> match_constraints(const cat::Table& current, const cat::Table& desired) {
    Matching<cat::Constraint> result;
    std::vector<const cat::Constraint*> left;
    for (const auto& c : current.constraints) {
        left.push_back(&c);
    }
    std::vector<const cat::Constraint*> unmatched;
    for (const auto& d : desired.constraints) {  // same name, same content
        auto found = std::find_if(left.begin(), left.end(), [&](const cat::Constraint* c) {
            return c != nullptr && c->name == d.name && same_constraint(*c, d);
        });
        if (found != left.end()) {
            result.same.emplace_back(*found, &d);
            *found = nullptr;
        } else {
            unmatched.push_back(&d);
        }
    }
    // Generated for the table as it is named now: after a table rename, `users_pkey` on
    // `people` is a spelled-out name, and the upgrade renames it to the model's `people_pkey`.
    auto generated = [&](const cat::Constraint& c) { return has_generated_name(current, c); };
    for (const cat::Constraint* d : unmatched) {  // same content under another name
        auto found = std::find_if(left.begin(), left.end(), [&](const cat::Constraint* c) {
            return c != nullptr && same_constraint(*c, *d);
        });
        if (found != left.end()) {
            if (generated(**found) && has_generated_name(desired, *d)) {
                result.same.emplace_back(*found, d);
            } else {
                result.renamed.emplace_back(*found, d);
            }
            *found = nullptr;
        } else {
            result.added.push_back(d);
        }
    }
    for (const cat::Constraint* c : left) {
        if (c != nullptr) {
            result.dropped.push_back(c);
        }
    }
    return result;
}

Matching<cat::Index> match_indexes(const cat::Catalog& current, const cat::Catalog& desired) {
    auto generated = [&](const cat::Index& index) {
        return has_generated_name(index, index.table.name);
    };
    Matching<cat::Index> result;
    std::vector<const cat::Index*> left;
    for (const auto& [name, index] : current.indexes) {
        left.push_back(&index);
    }
    std::vector<const cat::Index*> unmatched;
    for (const auto& entry : desired.indexes) {
        // Named, not a structured binding: clang 14 cannot capture one in a lambda.
        const cat::Index& d = entry.second;
        auto found = std::find_if(left.begin(), left.end(), [&](const cat::Index* c) {
            return c != nullptr && c->name == d.name && index_content(*c) == index_content(d);
        });
        if (found != left.end()) {
            result.same.emplace_back(*found, &d);
            *found = nullptr;
        } else {
            unmatched.push_back(&d);
        }
    }
    for (const cat::Index* d : unmatched) {
        auto found = std::find_if(left.begin(), left.end(), [&](const cat::Index* c) {
            return c != nullptr && index_content(*c) == index_content(*d);
        });
        if (found != left.end()) {
            if (generated(**found) && has_generated_name(*d, d->table.name)) {
                result.same.emplace_back(*found, d);
            } else {
                result.renamed.emplace_back(*found, d);
            }
            *found = nullptr;
        } else {
            result.added.push_back(d);
        }
    }
    for (const cat::Index* c : left) {
        if (c != nullptr) {
            result.dropped.push_back(c);
        }
    }
    return result;
}

namespace {

// The literal of a default that is a string literal cast to a string type (`'US'::bpchar`,
// `'x'::character varying`, `'x'::text`), without trailing blanks; nullopt for anything else.
std::optional<std::string> string_literal(const std::string& text) {
    if (text.size() < 2 || text.front() != '\'') {
        return std::nullopt;
    }
    std::size_t at = 1;
    std::string literal;
    for (; at < text.size(); ++at) {
        if (text[at] == '\'') {
            if (at + 1 < text.size() && text[at + 1] == '\'') {
                literal += '\'';
                ++at;
                continue;
            }
            break;
        }
        literal += text[at];
    }
    const std::string cast = at < text.size() ? text.substr(at + 1) : "";
    if (cast != "::text" && cast != "::character varying" && cast != "::bpchar") {
        return std::nullopt;
    }
    // bpchar drops trailing blanks on the way to varchar or text: such a literal differs
    if (!literal.empty() && (literal.back() == ' ' || literal.back() == '\t')) {
        return std::nullopt;
    }
    return literal;
}

}  // namespace

bool same_default(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (a == b) {
        return true;
    }
    if (!a || !b) {
        return false;
    }
    const std::optional<std::string> left = string_literal(*a);
    return left && left == string_literal(*b);
}

bool same_column_definition(const cat::Column& a, const cat::Column& b) {
    return a.type == b.type && a.collation == b.collation && a.not_null == b.not_null &&
           same_default(a.default_value, b.default_value) && a.identity == b.identity &&
           a.identity_options == b.identity_options;
}

bool generated_changes(const cat::Column& a, const cat::Column& b) {
    return a.generated != b.generated;
}

std::vector<cat::QualifiedName> creation_order(
    const std::map<cat::QualifiedName, cat::Table>& tables,
    const std::set<cat::QualifiedName>& names) {
    std::map<cat::QualifiedName, std::vector<cat::QualifiedName>> needs;
    for (const auto& name : names) {
        auto table = tables.find(name);
        if (table == tables.end()) {
            continue;
        }
        for (const auto& constraint : table->second.constraints) {
            if (constraint.referenced_table) {
                needs[name].push_back(*constraint.referenced_table);
            }
        }
    }
    return topological(names, needs);
}

std::vector<cat::QualifiedName> view_order(const std::map<cat::QualifiedName, cat::View>& views,
                                           const std::set<cat::QualifiedName>& names) {
    std::map<cat::QualifiedName, std::vector<cat::QualifiedName>> needs;
    for (const auto& name : names) {
        if (auto view = views.find(name); view != views.end()) {
            needs[name] = view->second.depends_on;
        }
    }
    return topological(names, needs);
}

}  // namespace mig::autogen::pg::detail
