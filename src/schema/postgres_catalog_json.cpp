#include "schema/postgres_catalog_json.hpp"

#include "util/error.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace mig::schema::pg {
namespace {

using Json = nlohmann::json;

// Fixed spellings of the enumerations; their position is the enumerator's value.
constexpr std::array<std::string_view, 3> k_identities = {"none", "always", "by_default"};
constexpr std::array<std::string_view, 5> k_constraint_kinds = {"primary_key", "unique", "check",
                                                                "foreign_key", "exclude"};

class Malformed : public InputError {
public:
    explicit Malformed(const std::string& what)
        : InputError("malformed PostgreSQL catalog JSON: " + what) {}
};

// ---- writing ----

Json optional_text(const std::optional<std::string>& value) {
    return value ? Json(*value) : Json(nullptr);
}

Json name_json(const QualifiedName& name) {
    return Json{{"schema", name.schema}, {"name", name.name}};
}

Json optional_name(const std::optional<QualifiedName>& name) {
    return name ? name_json(*name) : Json(nullptr);
}

Json column_json(const Column& column) {
    return Json{{"name", column.name},
                {"type", column.type},
                {"not_null", column.not_null},
                {"default", optional_text(column.default_value)},
                {"collation", column.collation},
                {"identity", k_identities.at(static_cast<std::size_t>(column.identity))},
                {"identity_options", column.identity_options},
                {"generated", optional_text(column.generated)},
                {"owned_sequence", optional_name(column.owned_sequence)},
                {"comment", optional_text(column.comment)}};
}

Json constraint_json(const Constraint& constraint) {
    return Json{{"name", constraint.name},
                {"kind", k_constraint_kinds.at(static_cast<std::size_t>(constraint.kind))},
                {"definition", constraint.definition},
                {"columns", constraint.columns},
                {"referenced_table", optional_name(constraint.referenced_table)},
                {"validated", constraint.validated},
                {"comment", optional_text(constraint.comment)}};
}

Json table_json(const Table& table) {
    Json columns = Json::array();
    for (const Column& column : table.columns) {
        columns.push_back(column_json(column));
    }
    Json constraints = Json::array();
    for (const Constraint& constraint : table.constraints) {
        constraints.push_back(constraint_json(constraint));
    }
    return Json{{"name", name_json(table.name)},
                {"columns", std::move(columns)},
                {"constraints", std::move(constraints)},
                {"unlogged", table.unlogged},
                {"comment", optional_text(table.comment)},
                {"partition_key", optional_text(table.partition_key)}};
}

Json index_json(const Index& index) {
    return Json{{"name", name_json(index.name)},
                {"table", name_json(index.table)},
                {"definition", index.definition},
                {"unique", index.unique},
                {"comment", optional_text(index.comment)}};
}

Json view_json(const View& view) {
    Json depends_on = Json::array();
    for (const QualifiedName& name : view.depends_on) {
        depends_on.push_back(name_json(name));
    }
    return Json{{"name", name_json(view.name)},        {"materialized", view.materialized},
                {"definition", view.definition},       {"columns", view.columns},
                {"depends_on", std::move(depends_on)}, {"comment", optional_text(view.comment)}};
}

Json sequence_json(const Sequence& sequence) {
    return Json{{"name", name_json(sequence.name)},
                {"data_type", sequence.data_type},
                {"start", sequence.start},
                {"increment", sequence.increment},
                {"min_value", sequence.min_value},
                {"max_value", sequence.max_value},
                {"cache", sequence.cache},
                {"cycle", sequence.cycle},
                {"owned_by_table", optional_name(sequence.owned_by_table)},
                {"owned_by_column", sequence.owned_by_column},
                {"comment", optional_text(sequence.comment)}};
}

Json enum_json(const EnumType& type) {
    return Json{{"name", name_json(type.name)},
                {"values", type.values},
                {"comment", optional_text(type.comment)}};
}

Json domain_json(const Domain& domain) {
    Json constraints = Json::array();
    for (const DomainConstraint& constraint : domain.constraints) {
        constraints.push_back(
            Json{{"name", constraint.name}, {"definition", constraint.definition}});
    }
    return Json{{"name", name_json(domain.name)},
                {"base_type", domain.base_type},
                {"not_null", domain.not_null},
                {"default", optional_text(domain.default_value)},
                {"collation", domain.collation},
                {"constraints", std::move(constraints)},
                {"comment", optional_text(domain.comment)}};
}

Json function_json(const Function& function) {
    return Json{{"name", name_json(function.name)},
                {"identity_arguments", function.identity_arguments},
                {"is_procedure", function.is_procedure},
                {"definition", function.definition},
                {"comment", optional_text(function.comment)}};
}

Json trigger_json(const Trigger& trigger) {
    return Json{{"name", trigger.name},
                {"table", name_json(trigger.table)},
                {"definition", trigger.definition},
                {"comment", optional_text(trigger.comment)}};
}

template <typename Map, typename Write>
Json values_json(const Map& map, Write write) {
    Json out = Json::array();
    for (const auto& [key, value] : map) {
        out.push_back(write(value));
    }
    return out;
}

// ---- reading ----

const Json& field(const Json& object, const char* name) {
    if (!object.is_object()) {
        throw Malformed(std::string("expected an object holding '") + name + "'");
    }
    auto found = object.find(name);
    if (found == object.end()) {
        throw Malformed(std::string("missing '") + name + "'");
    }
    return *found;
}

std::string text(const Json& object, const char* name) {
    const Json& value = field(object, name);
    if (!value.is_string()) {
        throw Malformed(std::string("'") + name + "' is not a string");
    }
    return value.get<std::string>();
}

bool flag(const Json& object, const char* name) {
    const Json& value = field(object, name);
    if (!value.is_boolean()) {
        throw Malformed(std::string("'") + name + "' is not a boolean");
    }
    return value.get<bool>();
}

long long number(const Json& object, const char* name) {
    const Json& value = field(object, name);
    if (!value.is_number_integer()) {
        throw Malformed(std::string("'") + name + "' is not an integer");
    }
    return value.get<long long>();
}

std::optional<std::string> optional_text(const Json& object, const char* name) {
    const Json& value = field(object, name);
    if (value.is_null()) {
        return std::nullopt;
    }
    return text(object, name);
}

const Json& array(const Json& object, const char* name) {
    const Json& value = field(object, name);
    if (!value.is_array()) {
        throw Malformed(std::string("'") + name + "' is not an array");
    }
    return value;
}

std::vector<std::string> texts(const Json& object, const char* name) {
    std::vector<std::string> out;
    for (const Json& value : array(object, name)) {
        if (!value.is_string()) {
            throw Malformed(std::string("'") + name + "' holds a value that is not a string");
        }
        out.push_back(value.get<std::string>());
    }
    return out;
}

QualifiedName name_from(const Json& value) {
    return QualifiedName{text(value, "schema"), text(value, "name")};
}

QualifiedName qualified(const Json& object, const char* name) {
    return name_from(field(object, name));
}

std::optional<QualifiedName> optional_qualified(const Json& object, const char* name) {
    const Json& value = field(object, name);
    if (value.is_null()) {
        return std::nullopt;
    }
    return name_from(value);
}

template <typename Enum, std::size_t N>
Enum enumerator(const Json& object, const char* name,
                const std::array<std::string_view, N>& spellings) {
    const std::string value = text(object, name);
    for (std::size_t i = 0; i < N; ++i) {
        if (spellings[i] == value) {
            return static_cast<Enum>(i);
        }
    }
    throw Malformed(std::string("unknown ") + name + " '" + value + "'");
}

Column column_from(const Json& json) {
    Column column;
    column.name = text(json, "name");
    column.type = text(json, "type");
    column.not_null = flag(json, "not_null");
    column.default_value = optional_text(json, "default");
    column.collation = text(json, "collation");
    column.identity = enumerator<Identity>(json, "identity", k_identities);
    column.identity_options = text(json, "identity_options");
    column.generated = optional_text(json, "generated");
    column.owned_sequence = optional_qualified(json, "owned_sequence");
    column.comment = optional_text(json, "comment");
    return column;
}

Constraint constraint_from(const Json& json) {
    Constraint constraint;
    constraint.name = text(json, "name");
    constraint.kind = enumerator<ConstraintKind>(json, "kind", k_constraint_kinds);
    constraint.definition = text(json, "definition");
    constraint.columns = texts(json, "columns");
    constraint.referenced_table = optional_qualified(json, "referenced_table");
    constraint.validated = flag(json, "validated");
    constraint.comment = optional_text(json, "comment");
    return constraint;
}

Table table_from(const Json& json) {
    Table table;
    table.name = qualified(json, "name");
    for (const Json& column : array(json, "columns")) {
        table.columns.push_back(column_from(column));
    }
    for (const Json& constraint : array(json, "constraints")) {
        table.constraints.push_back(constraint_from(constraint));
    }
    table.unlogged = flag(json, "unlogged");
    table.comment = optional_text(json, "comment");
    table.partition_key = optional_text(json, "partition_key");
    return table;
}

Index index_from(const Json& json) {
    return Index{qualified(json, "name"), qualified(json, "table"), text(json, "definition"),
                 flag(json, "unique"), optional_text(json, "comment")};
}

View view_from(const Json& json) {
    View view;
    view.name = qualified(json, "name");
    view.materialized = flag(json, "materialized");
    view.definition = text(json, "definition");
    view.columns = texts(json, "columns");
    for (const Json& name : array(json, "depends_on")) {
        view.depends_on.push_back(name_from(name));
    }
    view.comment = optional_text(json, "comment");
    return view;
}

Sequence sequence_from(const Json& json) {
    Sequence sequence;
    sequence.name = qualified(json, "name");
    sequence.data_type = text(json, "data_type");
    sequence.start = number(json, "start");
    sequence.increment = number(json, "increment");
    sequence.min_value = number(json, "min_value");
    sequence.max_value = number(json, "max_value");
    sequence.cache = number(json, "cache");
    sequence.cycle = flag(json, "cycle");
    sequence.owned_by_table = optional_qualified(json, "owned_by_table");
    sequence.owned_by_column = text(json, "owned_by_column");
    sequence.comment = optional_text(json, "comment");
    return sequence;
}

EnumType enum_from(const Json& json) {
    return EnumType{qualified(json, "name"), texts(json, "values"), optional_text(json, "comment")};
}

Domain domain_from(const Json& json) {
    Domain domain;
    domain.name = qualified(json, "name");
    domain.base_type = text(json, "base_type");
    domain.not_null = flag(json, "not_null");
    domain.default_value = optional_text(json, "default");
    domain.collation = text(json, "collation");
    for (const Json& constraint : array(json, "constraints")) {
        domain.constraints.push_back({text(constraint, "name"), text(constraint, "definition")});
    }
    domain.comment = optional_text(json, "comment");
    return domain;
}

Function function_from(const Json& json) {
    Function function;
    function.name = qualified(json, "name");
    function.identity_arguments = text(json, "identity_arguments");
    function.is_procedure = flag(json, "is_procedure");
    function.definition = text(json, "definition");
    function.comment = optional_text(json, "comment");
    return function;
}

Trigger trigger_from(const Json& json) {
    return Trigger{text(json, "name"), qualified(json, "table"), text(json, "definition"),
                   optional_text(json, "comment")};
}

// Reads the array `name` of `json` into `map`, each value under the key `key_of` gives it.
template <typename Map, typename Read, typename Key>
void read_map(const Json& json, const char* name, Map& map, Read read, Key key_of) {
    for (const Json& element : array(json, name)) {
        auto value = read(element);
        auto key = key_of(value);
        if (!map.emplace(std::move(key), std::move(value)).second) {
            throw Malformed(std::string("two entries of '") + name + "' have the same key");
        }
    }
}

auto by_name = [](const auto& value) { return value.name; };

}  // namespace

nlohmann::json to_json(const Catalog& catalog) {
    Json schema_comments = Json::object();
    for (const auto& [name, comment] : catalog.schema_comments) {
        schema_comments[name] = optional_text(comment);
    }
    return Json{{"schemas", catalog.schemas},
                {"schema_comments", std::move(schema_comments)},
                {"tables", values_json(catalog.tables, table_json)},
                {"indexes", values_json(catalog.indexes, index_json)},
                {"views", values_json(catalog.views, view_json)},
                {"sequences", values_json(catalog.sequences, sequence_json)},
                {"enums", values_json(catalog.enums, enum_json)},
                {"domains", values_json(catalog.domains, domain_json)},
                {"functions", values_json(catalog.functions, function_json)},
                {"triggers", values_json(catalog.triggers, trigger_json)},
                {"extensions", values_json(catalog.extensions, [](const Extension& extension) {
                     return Json{{"name", extension.name}, {"schema", extension.schema}};
                 })}};
}

Catalog catalog_from_json(const nlohmann::json& json) {
    Catalog catalog;
    catalog.schemas = texts(json, "schemas");
    const Json& comments = field(json, "schema_comments");
    if (!comments.is_object()) {
        throw Malformed("'schema_comments' is not an object");
    }
    for (const auto& [name, comment] : comments.items()) {
        if (!comment.is_null() && !comment.is_string()) {
            throw Malformed("the comment of schema '" + name + "' is not a string");
        }
        catalog.schema_comments[name] =
            comment.is_null() ? std::nullopt : std::optional(comment.get<std::string>());
    }
    read_map(json, "tables", catalog.tables, table_from, by_name);
    read_map(json, "indexes", catalog.indexes, index_from, by_name);
    read_map(json, "views", catalog.views, view_from, by_name);
    read_map(json, "sequences", catalog.sequences, sequence_from, by_name);
    read_map(json, "enums", catalog.enums, enum_from, by_name);
    read_map(json, "domains", catalog.domains, domain_from, by_name);
    read_map(json, "functions", catalog.functions, function_from,
             [](const Function& function) { return function.signature(); });
    read_map(json, "triggers", catalog.triggers, trigger_from, [](const Trigger& trigger) {
        return std::pair{trigger.table, trigger.name};
    });
    read_map(
        json, "extensions", catalog.extensions,
        [](const Json& element) {
            return Extension{text(element, "name"), text(element, "schema")};
        },
        by_name);
    return catalog;
}

}  // namespace mig::schema::pg
