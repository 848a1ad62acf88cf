// What the server makes mig drop before a change and create after it, and the order of the
// recreated objects: functions that take or return a recreated type or whose result type
// changes, with the BEGIN ATOMIC functions that call them, the triggers that execute them and
// the defaults that call them; views that read a changed table, a recreated view, type or
// function; triggers whose WHEN or UPDATE OF names a changed column. Part of
// autogen::pg::compare (postgres_comparer.hpp).

#include "autogen/postgres_comparer.hpp"
#include "schema/postgres_names.hpp"

#include <algorithm>

namespace mig::autogen::pg::detail {

namespace {

using schema::pg::display_name;
using schema::pg::qualified;
using schema::pg::quote_identifier;

bool identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// What of a function's definition names the types it takes and returns (its arguments and
// RETURNS line); its body is text the server does not bind to types.
std::string signature_text(const cat::Function& function) {
    return function.identity_arguments + returns_line(function.definition);
}

}  // namespace

bool mentions(const std::string& text, const std::string& spelled) {
    for (std::size_t at = text.find(spelled); at != std::string::npos;
         at = text.find(spelled, at + 1)) {
        const bool starts = at == 0 || (!identifier_char(text[at - 1]) && text[at - 1] != '.' &&
                                        text[at - 1] != '"');
        const std::size_t end = at + spelled.size();
        const bool ends = end == text.size() || (!identifier_char(text[end]) && text[end] != '"');
        if (starts && ends) {
            return true;
        }
    }
    return false;
}

// Functions that take or return a recreated type (the old type cannot be dropped under
// them): dropped before the types change and created after.
void Comparer::functions_on_recreated_types() {
    for (const auto& [key, function] : m_current.functions) {
        const std::string text = signature_text(function);
        if (std::any_of(m_recreated_types.begin(), m_recreated_types.end(),
                        [&](const std::string& type) { return mentions(text, type); })) {
            m_recreated_functions.insert(key);
        }
    }
}

// What depends on a function the server must drop: functions whose SQL-standard body
// (BEGIN ATOMIC, bound like a view) calls it, in turn; then its triggers and views.
void Comparer::recreate_dependants_of_functions() {
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& [key, function] : m_current.functions) {
            if (m_recreated_functions.count(key) != 0 ||
                function.definition.find("BEGIN ATOMIC") == std::string::npos) {
                continue;
            }
            for (const std::string& other : m_recreated_functions) {
                const cat::Function& called = m_current.functions.at(other);
                if (function.definition.find(qualified(called.name) + "(") != std::string::npos) {
                    m_recreated_functions.insert(key);
                    grew = true;
                    break;
                }
            }
        }
    }
    for (const std::string& key : m_recreated_functions) {
        const cat::Function& function = m_current.functions.at(key);
        m_recreated_function_names.insert(function.name);
        const std::string call = "EXECUTE FUNCTION " + qualified(function.name) + "(";
        const std::string procedure_call = "EXECUTE PROCEDURE " + qualified(function.name) + "(";
        for (const auto& [trigger_key, trigger] : m_current.triggers) {
            if (trigger.definition.find(call) != std::string::npos ||
                trigger.definition.find(procedure_call) != std::string::npos) {
                m_recreated_triggers.insert(trigger_key);
            }
        }
    }
}

// The recreated functions in the order they can be created: a function before the
// BEGIN ATOMIC bodies that call it.
std::vector<std::string> Comparer::recreation_order(const cat::Catalog& catalog) const {
    std::vector<std::string> order;
    std::set<std::string> left;
    for (const std::string& key : m_recreated_functions) {
        if (catalog.functions.count(key) != 0) {
            left.insert(key);
        }
    }
    while (!left.empty()) {
        std::string next = *left.begin();
        for (const std::string& key : left) {
            const bool calls_a_left_one =
                std::any_of(left.begin(), left.end(), [&](const std::string& other) {
                    return other != key && catalog.functions.at(key).definition.find(
                                               qualified(catalog.functions.at(other).name) + "(") !=
                                               std::string::npos;
                });
            if (!calls_a_left_one) {
                next = key;
                break;
            }
        }
        order.push_back(next);
        left.erase(next);
    }
    return order;
}

// Does an expression call a function the upgrade drops and creates again?
bool Comparer::calls_recreated(const std::string& expression) const {
    return std::any_of(m_recreated_function_names.begin(), m_recreated_function_names.end(),
                       [&](const cat::QualifiedName& function) {
                           return expression.find(qualified(function) + "(") != std::string::npos;
                       });
}

// A column default that calls a function the upgrade drops and creates again: dropped
// before the function (the server refuses to drop a function a default calls) and set
// after it, by the column's own change. Returns the column without it.
cat::Column Comparer::without_recreated_default(const cat::QualifiedName& table,
                                                const cat::Column& column) {
    if (!column.default_value || column.generated || !calls_recreated(*column.default_value)) {
        return column;
    }
    cat::Column bare = column;
    bare.default_value.reset();
    m_phases.drop_constraints.emplace_back(op::AlterColumn{table, column, bare});
    return bare;
}

// Views are dropped before and created after everything else; a view that reads a table
// whose columns change type or go away (or a view so recreated) is recreated too, since
// the server refuses those changes under a view.
void Comparer::views() {
    std::set<cat::QualifiedName> drop;
    std::set<cat::QualifiedName> create;
    for (const auto& [name, view] : m_current.views) {
        auto wanted = m_desired.views.find(name);
        if (wanted == m_desired.views.end()) {
            drop.insert(name);
            continue;
        }
        cat::View a = view;
        a.comment = wanted->second.comment;
        if (!(a == wanted->second)) {
            drop.insert(name);
            create.insert(name);
        }
    }
    for (const auto& [name, view] : m_desired.views) {
        if (m_current.views.count(name) == 0) {
            create.insert(name);
        }
    }
    for (bool grew = true; grew;) {  // what reads a changed table or a recreated view
        grew = false;
        for (const auto& entry : m_current.views) {
            // Not a structured binding: the lambdas below capture `view` (clang 14 refuses).
            const auto& name = entry.first;
            const auto& view = entry.second;
            if (drop.count(name) != 0) {
                continue;
            }
            bool reads_changed =
                std::any_of(view.depends_on.begin(), view.depends_on.end(),
                            [&](const auto& dependency) {
                                return m_changed_tables.count(dependency) != 0 ||
                                       drop.count(dependency) != 0 ||
                                       m_recreated_function_names.count(dependency) != 0;
                            }) ||
                std::any_of(
                    m_recreated_types.begin(), m_recreated_types.end(),
                    [&](const std::string& type) { return mentions(view.definition, type); });
            if (reads_changed) {
                drop.insert(name);
                if (m_desired.views.count(name) != 0) {
                    create.insert(name);
                }
                grew = true;
            }
        }
    }
    std::vector<cat::QualifiedName> drop_order = view_order(m_current.views, drop);
    for (auto it = drop_order.rbegin(); it != drop_order.rend(); ++it) {
        for (const auto& index : m_view_indexes_dropped) {
            if (index.table == *it) {
                m_phases.drop_views.emplace_back(op::DropIndex{before_renames(index)});
            }
        }
        for (const auto& [from, to] : m_view_indexes_kept) {
            if (from.table == *it) {
                m_phases.drop_views.emplace_back(op::DropIndex{before_renames(from)});
            }
        }
        m_phases.drop_views.emplace_back(op::DropView{m_original.views.at(*it)});
    }
    for (const cat::QualifiedName& name : view_order(m_desired.views, create)) {
        m_phases.create_views.emplace_back(op::CreateView{m_desired.views.at(name)});
        for (const auto& [from, to] : m_view_indexes_kept) {
            if (to.table == name && drop.count(from.table) != 0) {
                m_phases.create_views.emplace_back(op::CreateIndex{to});
            }
        }
        for (const auto& index : m_view_indexes_created) {
            if (index.table == name) {
                m_phases.create_views.emplace_back(op::CreateIndex{index});
            }
        }
    }
    // indexes of views that stay: dropped and created like any other
    for (const auto& index : m_view_indexes_dropped) {
        if (drop.count(index.table) == 0) {
            m_phases.drop_indexes.emplace_back(op::DropIndex{index});
        }
    }
    for (const auto& index : m_view_indexes_created) {
        if (create.count(index.table) == 0) {
            m_phases.create_views.emplace_back(op::CreateIndex{index});
        }
    }
    for (const auto& [name, view] : m_desired.views) {
        auto old = m_current.views.find(name);
        if (old != m_current.views.end() && create.count(name) == 0) {
            comment_change(
                m_phases.comments,
                std::string(view.materialized ? "MATERIALIZED VIEW " : "VIEW ") + qualified(name),
                std::string(view.materialized ? "materialized view " : "view ") +
                    display_name(name),
                old->second.comment, view.comment);
        }
    }
}

void Comparer::triggers() {
    // A trigger that names columns (WHEN, UPDATE OF) on a table whose column changes type
    // or is dropped (its enum recreated included): the server refuses the change under it
    // ("cannot alter type of a column used in a trigger definition"), so it is dropped
    // before and created after, as a view is.
    for (const auto& [key, trigger] : m_current.triggers) {
        if (m_changed_tables.count(trigger.table) != 0 &&
            (trigger.definition.find(" WHEN (") != std::string::npos ||
             trigger.definition.find(" UPDATE OF ") != std::string::npos)) {
            m_recreated_triggers.insert(key);
        }
    }
    for (const auto& [key, trigger] : m_current.triggers) {
        auto wanted = m_desired.triggers.find(key);
        if (wanted == m_desired.triggers.end() || wanted->second.definition != trigger.definition ||
            m_recreated_triggers.count(key) != 0) {
            m_phases.drop_triggers.emplace_back(op::DropTrigger{before_renames(key)});
        }
    }
    for (const auto& [key, trigger] : m_desired.triggers) {
        auto old = m_current.triggers.find(key);
        if (old == m_current.triggers.end() || old->second.definition != trigger.definition ||
            m_recreated_triggers.count(key) != 0) {
            m_phases.create_triggers.emplace_back(op::CreateTrigger{trigger});
            continue;
        }
        comment_change(
            m_phases.comments,
            "TRIGGER " + quote_identifier(trigger.name) + " ON " + qualified(trigger.table),
            "trigger " + quote_identifier(trigger.name) + " on table " +
                display_name(trigger.table),
            old->second.comment, trigger.comment);
    }
}

// Views and triggers are dropped before the renames run (so that the downgrade creates
// them again after renaming back): they are dropped as they were before them.
cat::Index Comparer::before_renames(const cat::Index& index) const {
    auto found = m_original.indexes.find(index.name);
    return found != m_original.indexes.end() ? found->second : index;
}

cat::Trigger Comparer::before_renames(const std::pair<cat::QualifiedName, std::string>& key) const {
    auto original = m_trigger_keys.find(key);
    return m_original.triggers.at(original != m_trigger_keys.end() ? original->second : key);
}

}  // namespace mig::autogen::pg::detail
