#include "property/postgres_generator.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace mig::property::pg {

namespace {

// What the generator knows of a type: a value for row r (1..k_rows: distinct where
// `unique_ok`), defaults, CHECK patterns (%s: the column) that hold for every row value AND
// every default (ADD COLUMN fills the rows with the default before checking), and which index
// kinds fit it.
struct TypeInfo {
    std::string sql;  // as the model writes it
    std::function<std::string(int)> value;
    std::vector<std::string> defaults;
    std::vector<std::string> checks;
    bool unique_ok = true;
    std::vector<std::string> index_kinds;  // besides plain, desc, partial, include, unique
};

std::string n(int r) {
    return std::to_string(r);
}

const std::map<std::string, TypeInfo>& types() {
    static const std::map<std::string, TypeInfo> table = [] {
        std::map<std::string, TypeInfo> t;
        t["integer"] = {
            "integer",       n, {"0", "42", "-1", "(1 + 2)"}, {"%s > -100", "%s <> 13"}, true,
            {"hash", "brin"}};
        t["bigint"] = {"bigint", n, {"0", "7"}, {"%s < 1000000"}, true, {"brin"}};
        t["smallint"] = {"smallint", n, {"1"}, {"%s >= -5"}, true, {}};
        t["numeric(10,2)"] = {
            "numeric(10,2)", [](int r) { return n(r) + ".25"; }, {"0", "1.5"}, {"%s >= -1"}, true,
            {"brin"}};
        t["numeric(12,3)"] = {
            "numeric(12,3)", [](int r) { return n(r) + ".125"; }, {"0"}, {"%s >= -1"}, true, {}};
        t["double precision"] = {
            "double precision", [](int r) { return n(r) + ".5"; }, {"0.5"}, {"%s < 1e9"}, true, {}};
        t["text"] = {"text",
                     [](int r) { return "'t" + n(r) + "'"; },
                     {"''", "'none'", "'it''s'"},
                     {"length(%s) < 100", "%s <> 'bad'"},
                     true,
                     {"lower", "hash"}};
        t["character varying(20)"] = {"varchar(20)",
                                      [](int r) { return "'v" + n(r) + "'"; },
                                      {"'x'", "'none'"},
                                      {"%s <> 'bad'"},
                                      true,
                                      {"lower"}};
        t["character varying(40)"] = {"character varying(40)",
                                      [](int r) { return "'w" + n(r) + "'"; },
                                      {"'y'"},
                                      {"%s <> 'bad'"},
                                      true,
                                      {"lower"}};
        t["character(4)"] = {"char(4)", [](int r) { return "'c" + n(r) + "'"; },
                             {"'zz'"},  {"%s <> 'bad'"},
                             true,      {}};
        t["boolean"] = {"boolean",
                        [](int r) { return r % 2 == 0 ? "true" : "false"; },
                        {"false", "true"},
                        {},
                        false,
                        {}};
        t["date"] = {"date",
                     [](int r) { return "'2020-01-0" + n(r) + "'"; },
                     {"CURRENT_DATE", "'2000-01-01'"},
                     {"%s > '1990-01-01'"},
                     true,
                     {"brin"}};
        t["timestamp without time zone"] = {
            "timestamp",
            [](int r) { return "'2020-01-0" + n(r) + " 10:00:00'"; },
            {"now()", "LOCALTIMESTAMP"},
            {"%s > '1990-01-01'"},
            true,
            {"brin"}};
        t["timestamp with time zone"] = {
            "timestamptz",
            [](int r) { return "'2020-01-0" + n(r) + " 10:00:00+00'"; },
            {"now()", "CURRENT_TIMESTAMP", "'epoch'"},
            {"%s > '1990-01-01'"},
            true,
            {}};
        t["uuid"] = {"uuid",
                     [](int r) { return "'00000000-0000-0000-0000-00000000000" + n(r) + "'"; },
                     {"gen_random_uuid()"},
                     {},
                     true,
                     {"hash"}};
        t["jsonb"] = {"jsonb",
                      [](int r) { return "'{\"r\": " + n(r) + "}'"; },
                      {"'{}'", "'[]'::jsonb"},
                      {"jsonb_typeof(%s) <> 'null'"},
                      true,
                      {"gin"}};
        t["text[]"] = {"text[]",
                       [](int r) { return "'{a," + n(r) + "}'"; },
                       {"'{}'", "ARRAY['x']"},
                       {"cardinality(%s) < 10"},
                       true,
                       {"gin"}};
        t["character varying(20)[]"] = {
            "varchar(20)[]", [](int r) { return "'{b," + n(r) + "}'"; }, {"'{}'"}, {}, true,
            {"gin"}};
        t["integer[]"] = {"int[]",
                          [](int r) { return "'{" + n(r) + "}'"; },
                          {"'{}'", "'{1,2}'"},
                          {"cardinality(%s) < 10"},
                          true,
                          {"gin"}};
        t["bigint[]"] = {"bigint[]", [](int r) { return "'{" + n(r) + "0}'"; }, {"'{}'"}, {}, true,
                         {"gin"}};
        t["inet"] = {
            "inet", [](int r) { return "'10.0.0." + n(r) + "'"; }, {"'127.0.0.1'"}, {}, true, {}};
        t["interval"] = {"interval",
                         [](int r) { return "'" + n(r) + " days'"; },
                         {"'1 day'", "'00:30:00'"},
                         {"%s < '100 days'"},
                         true,
                         {}};
        t["bytea"] = {"bytea", [](int r) { return "'\\x0" + n(r) + "'"; }, {"'\\x'"}, {}, true, {}};
        t["mood"] = {"\"public\".\"mood\"",
                     [](int r) { return r % 2 == 1 ? "'a'" : "'b'"; },
                     {"'a'", "'b'"},
                     {},
                     false,
                     {}};
        t["posint"] = {"\"public\".\"posint\"", n, {"1"}, {"%s < 1000"}, true, {}};
        return t;
    }();
    return table;
}

const TypeInfo& type_info(const std::string& type) {
    return types().at(type);
}

// The types a first schema draws from (the others only appear through type changes).
const std::vector<std::string> k_column_types = {"integer",
                                                 "bigint",
                                                 "smallint",
                                                 "numeric(10,2)",
                                                 "double precision",
                                                 "text",
                                                 "text",
                                                 "character varying(20)",
                                                 "character(4)",
                                                 "boolean",
                                                 "date",
                                                 "timestamp without time zone",
                                                 "timestamp with time zone",
                                                 "uuid",
                                                 "jsonb",
                                                 "text[]",
                                                 "integer[]",
                                                 "inet",
                                                 "interval",
                                                 "bytea",
                                                 "mood",
                                                 "posint"};

// Type changes whose downgrade gives every row's value back (so rows can be compared after
// it); narrowing ones (bigint -> integer) are marked destructive, and the rows' values fit.
const std::vector<std::pair<std::string, std::string>> k_type_changes = {
    {"integer", "bigint"},
    {"bigint", "integer"},
    {"smallint", "integer"},
    {"integer", "text"},
    {"integer", "numeric(10,2)"},
    {"integer", "posint"},
    {"posint", "integer"},
    {"text", "character varying(20)"},
    {"character varying(20)", "text"},
    {"character varying(20)", "character varying(40)"},
    {"character(4)", "text"},
    {"numeric(10,2)", "numeric(12,3)"},
    {"numeric(10,2)", "double precision"},
    {"date", "timestamp without time zone"},
    {"timestamp without time zone", "timestamp with time zone"},
    {"timestamp with time zone", "timestamp without time zone"},
    {"boolean", "text"},
    {"mood", "text"},
    {"text[]", "character varying(20)[]"},
    {"integer[]", "bigint[]"},
    {"jsonb", "text"},
    {"uuid", "text"},
    {"inet", "text"},
};

// Names that need quoting, a keyword, upper case, and a long one whose generated constraint
// and index names PostgreSQL cuts to 63 bytes.
const std::vector<std::string> k_table_names = {
    "t",          "Order",      "user",
    "line items", "Mixed_Case", "a_table_name_long_enough_that_generated_names_are_cut_to_63"};
const std::vector<std::string> k_column_names = {
    "c",         "Amount", "select",
    "has space", "end",    "a_column_name_long_enough_to_be_cut_in_index_names"};

const std::vector<std::string> k_index_kinds = {"plain",  "desc", "partial", "lower", "include",
                                                "unique", "gin",  "hash",    "brin",  "value"};

std::string id_base_type(const std::string& id_type) {
    if (id_type == "bigint") {
        return "bigint";
    }
    return "integer";  // integer, serial and the identities (integer GENERATED ...)
}

std::string fill(const std::string& pattern, const std::string& column) {
    std::string text = pattern;
    const std::size_t at = text.find("%s");
    if (at != std::string::npos) {
        text.replace(at, 2, quoted(column));
    }
    return text;
}

std::string literal(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

const Table* find_table(const Schema& schema, const std::string& name) {
    for (const Table& t : schema.tables) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

Table* find_table(Schema& schema, const std::string& name) {
    for (Table& t : schema.tables) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

const Column* find_column(const Table& table, const std::string& name) {
    for (const Column& c : table.columns) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

bool is_foreign_key_column(const Table& table, const std::string& column) {
    return std::any_of(table.foreign_keys.begin(), table.foreign_keys.end(),
                       [&](const ForeignKey& fk) { return fk.column == column; });
}

// Whether a UNIQUE on the column holds for the rows there are: distinct values, or a column
// the rows never set (all NULL) without a default (which would fill every row alike).
// (A `before` table gets its rows after it is generated: unique_ok types only.)
bool can_be_unique(const Table& table, const Column& column) {
    if (!type_info(column.type).unique_ok || column.values_repeat) {
        return false;
    }
    return !table.has_rows || column.has_values || (column.default_sql.empty() && !column.not_null);
}

bool index_fits(const Table& table, const Index& index) {
    const Column* column = find_column(table, index.column);
    if (index.column == "id") {
        return index.kind != "lower" && index.kind != "gin" && index.kind != "include";
    }
    if (column == nullptr) {
        return false;
    }
    const TypeInfo& info = type_info(column->type);
    if (index.kind == "unique") {
        return can_be_unique(table, *column);
    }
    if (index.kind == "include") {
        return index.other == "id" || find_column(table, index.other) != nullptr;
    }
    if (index.kind == "value") {
        return index.other == column->type;  // the literal is of the type it was written for
    }
    if (index.kind == "lower" || index.kind == "gin" || index.kind == "hash" ||
        index.kind == "brin") {
        return std::find(info.index_kinds.begin(), info.index_kinds.end(), index.kind) !=
               info.index_kinds.end();
    }
    return true;
}

// Keeps the model valid after a mutation: what names a dropped table or column goes, and what
// no longer fits a changed type or the rows there are.
void repair(Schema& schema) {
    for (Table& table : schema.tables) {
        std::erase_if(table.foreign_keys, [&](const ForeignKey& fk) {
            const Table* parent = find_table(schema, fk.parent);
            const Column* column = find_column(table, fk.column);
            // a permanent table cannot reference an UNLOGGED one
            return parent == nullptr || column == nullptr ||
                   column->type != id_base_type(parent->id_type) ||
                   (parent->unlogged && !table.unlogged);
        });
        std::erase_if(table.indexes, [&](const Index& index) { return !index_fits(table, index); });
        for (Trigger& trigger : table.triggers) {
            if (!trigger.when_column.empty() &&
                find_column(table, trigger.when_column) == nullptr) {
                trigger.when_column.clear();
            }
        }
        for (std::vector<std::string>* pair : {&table.unique_pair, &table.check_pair}) {
            if (!pair->empty() && (find_column(table, (*pair)[0]) == nullptr ||
                                   find_column(table, (*pair)[1]) == nullptr)) {
                pair->clear();
            }
        }
        // CHECK (a IS NOT NULL OR b IS NOT NULL) holds for the rows when one of them has values
        if (!table.check_pair.empty() && table.has_rows) {
            const Column* a = find_column(table, table.check_pair[0]);
            const Column* b = find_column(table, table.check_pair[1]);
            const auto filled = [](const Column* x) {
                return x->has_values || !x->default_sql.empty();
            };
            if (!filled(a) && !filled(b)) {
                table.check_pair.clear();
            }
        }
        if (!table.unique_pair.empty()) {
            const Column* a = find_column(table, table.unique_pair[0]);
            const Column* b = find_column(table, table.unique_pair[1]);
            if (!can_be_unique(table, *a) && !can_be_unique(table, *b)) {
                table.unique_pair.clear();
            }
        }
        for (Column& column : table.columns) {
            if (column.unique && !can_be_unique(table, column)) {
                column.unique = false;
            }
            if (column.type == "mood" && !column.default_sql.empty()) {
                const std::string label = column.default_sql.substr(1, 1);
                if (std::find(schema.mood.begin(), schema.mood.end(), label) == schema.mood.end()) {
                    column.default_sql.clear();
                }
            }
        }
    }
    for (View& view : schema.views) {
        const Table* table = find_table(schema, view.table);
        if (table == nullptr) {
            view.table.clear();
            continue;
        }
        std::erase_if(view.columns, [&](const std::string& column) {
            return column != "id" && find_column(*table, column) == nullptr;
        });
        if (!view.where_column.empty() && find_column(*table, view.where_column) == nullptr) {
            view.where_column.clear();
        }
    }
    std::erase_if(schema.views, [](const View& view) { return view.table.empty(); });
}

}  // namespace

std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string qualified(const Table& table) {
    return quoted(table.schema) + "." + quoted(table.name);
}

std::string ddl(const Schema& schema) {
    std::string sql = "CREATE SCHEMA \"Other\";\nCREATE TYPE \"public\".\"mood\" AS ENUM (";
    for (std::size_t i = 0; i < schema.mood.size(); ++i) {
        sql += (i == 0 ? "" : ", ") + literal(schema.mood[i]);
    }
    sql +=
        ");\nCREATE DOMAIN \"public\".\"posint\" AS integer CHECK (VALUE > 0);\n"
        "CREATE FUNCTION \"public\".\"touch\"() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n    RETURN NEW;\nEND;\n$$;\n";
    std::string foreign_keys;
    for (const Table& table : schema.tables) {
        sql += std::string("CREATE ") + (table.unlogged ? "UNLOGGED " : "") + "TABLE " +
               qualified(table) + " (\n    \"id\" ";
        if (table.id_type == "identity always") {
            sql += "integer GENERATED ALWAYS AS IDENTITY";
        } else if (table.id_type == "identity by default") {
            sql += "integer GENERATED BY DEFAULT AS IDENTITY";
        } else {
            sql += table.id_type;
        }
        sql += " PRIMARY KEY";
        for (const Column& column : table.columns) {
            sql += ",\n    " + quoted(column.name) + " " + type_info(column.type).sql;
            if (!column.default_sql.empty()) {
                sql += " DEFAULT " + column.default_sql;
            }
            if (column.not_null) {
                sql += " NOT NULL";
            }
            if (!column.check.empty()) {
                if (!column.check_name.empty()) {
                    sql += " CONSTRAINT " + quoted(column.check_name);
                }
                sql += " CHECK (" + fill(column.check, column.name) + ")";
            }
            if (column.unique) {
                sql += " UNIQUE";
            }
        }
        if (!table.unique_pair.empty()) {
            sql += ",\n    UNIQUE (" + quoted(table.unique_pair[0]) + ", " +
                   quoted(table.unique_pair[1]) + ")";
        }
        if (!table.check_pair.empty()) {
            sql += ",\n    CHECK (" + quoted(table.check_pair[0]) + " IS NOT NULL OR " +
                   quoted(table.check_pair[1]) + " IS NOT NULL)";
        }
        sql += "\n);\n";
        if (!table.comment.empty()) {
            sql += "COMMENT ON TABLE " + qualified(table) + " IS " + literal(table.comment) + ";\n";
        }
        for (const Column& column : table.columns) {
            if (!column.comment.empty()) {
                sql += "COMMENT ON COLUMN " + qualified(table) + "." + quoted(column.name) +
                       " IS " + literal(column.comment) + ";\n";
            }
        }
        for (const Index& index : table.indexes) {
            const std::string column = quoted(index.column);
            sql += std::string("CREATE ") + (index.kind == "unique" ? "UNIQUE " : "") + "INDEX " +
                   (index.name.empty() ? "" : quoted(index.name) + " ") + "ON " + qualified(table);
            if (index.kind == "gin" || index.kind == "hash" || index.kind == "brin") {
                sql += " USING " + index.kind;
            }
            if (index.kind == "desc") {
                sql += " (" + column + " DESC NULLS LAST)";
            } else if (index.kind == "lower") {
                sql += " (lower(" + column + "))";
            } else {
                sql += " (" + column + ")";
            }
            if (index.kind == "include") {
                sql += " INCLUDE (" + quoted(index.other) + ")";
            }
            if (index.kind == "partial") {
                sql += " WHERE " + column + " IS NOT NULL";
            } else if (index.kind == "value") {
                sql += " WHERE " + column + " <> " + type_info(index.other).value(2);
            }
            sql += ";\n";
        }
        for (const Trigger& trigger : table.triggers) {
            sql += "CREATE TRIGGER " + quoted(trigger.name) + " BEFORE UPDATE ON " +
                   qualified(table) + " FOR EACH ROW" +
                   (trigger.when_column.empty()
                        ? ""
                        : " WHEN (OLD." + quoted(trigger.when_column) + " IS DISTINCT FROM NEW." +
                              quoted(trigger.when_column) + ")") +
                   " EXECUTE FUNCTION \"public\".\"touch\"();\n";
        }
        for (const ForeignKey& fk : table.foreign_keys) {
            const Table* parent = find_table(schema, fk.parent);
            foreign_keys += "ALTER TABLE " + qualified(table) + " ADD " +
                            (fk.name.empty() ? "" : "CONSTRAINT " + quoted(fk.name) + " ") +
                            "FOREIGN KEY (" + quoted(fk.column) + ") REFERENCES " +
                            qualified(*parent) +
                            (fk.on_delete.empty() ? "" : " ON DELETE " + fk.on_delete) +
                            (fk.deferrable.empty() ? "" : " " + fk.deferrable) + ";\n";
        }
    }
    sql += foreign_keys;
    for (const View& view : schema.views) {
        const Table* table = find_table(schema, view.table);
        std::string columns;
        for (const std::string& column : view.columns) {
            columns += (columns.empty() ? "" : ", ") + quoted(column);
        }
        const std::string name = "\"public\"." + quoted(view.name);
        sql +=
            std::string("CREATE ") + (view.materialized ? "MATERIALIZED " : "") + "VIEW " + name +
            " AS SELECT " + columns + " FROM " + qualified(*table) +
            (view.where_column.empty() ? ""
                                       : " WHERE " + quoted(view.where_column) + " IS NOT NULL") +
            ";\n";
        if (view.materialized) {
            sql += "CREATE UNIQUE INDEX ON " + name + " (\"id\");\n";
        }
        if (!view.comment.empty()) {
            sql += std::string("COMMENT ON ") + (view.materialized ? "MATERIALIZED " : "") +
                   "VIEW " + name + " IS " + literal(view.comment) + ";\n";
        }
    }
    return sql;
}

std::string rows_sql(Schema& schema) {
    std::string sql;
    for (Table& table : schema.tables) {
        table.has_rows = true;
        for (Column& column : table.columns) {
            column.has_values = true;
        }
        for (int r = 1; r <= k_rows; ++r) {
            std::string columns = "\"id\"";
            std::string values = n(r);
            for (const Column& column : table.columns) {
                columns += ", " + quoted(column.name);
                values += ", " + (is_foreign_key_column(table, column.name)
                                      ? n(r)
                                      : type_info(column.type).value(r));
            }
            sql += "INSERT INTO " + qualified(table) + " (" + columns + ")" +
                   (table.id_type == "identity always" ? " OVERRIDING SYSTEM VALUE" : "") +
                   " VALUES (" + values + ");\n";
        }
    }
    return sql;
}

namespace {

std::string values_query(const std::string& table, const std::vector<std::string>& columns) {
    std::string select;
    for (const std::string& column : columns) {
        select += (select.empty() ? "" : ", ") + quoted(column) + "::text";
    }
    return "SELECT " + select + " FROM " + table + " ORDER BY \"id\"";
}

}  // namespace

std::vector<std::string> kept_values_queries(const Pair& pair, bool use_after_names,
                                             bool same_type_only) {
    std::vector<std::string> queries;
    for (const Table& before : pair.before.tables) {
        std::string after_name = before.name;
        for (const auto& [from, to] : pair.table_renames) {
            if (from == before.name) {
                after_name = to;
            }
        }
        const Table* after = find_table(pair.after, after_name);
        if (after == nullptr) {
            continue;
        }
        std::vector<std::string> columns = {"id"};
        std::vector<std::string> after_columns = {"id"};
        for (const Column& column : before.columns) {
            std::string after_column = column.name;
            for (const auto& [table, from, to] : pair.column_renames) {
                if (table == after_name && from == column.name) {
                    after_column = to;
                }
            }
            const Column* kept = find_column(*after, after_column);
            if (kept != nullptr && (kept->type == column.type || !same_type_only)) {
                columns.push_back(column.name);
                after_columns.push_back(after_column);
            }
        }
        queries.push_back(use_after_names ? values_query(qualified(*after), after_columns)
                                          : values_query(qualified(before), columns));
    }
    return queries;
}

int Generator::below(int count) {
    return std::uniform_int_distribution<int>(0, count - 1)(m_random);
}

bool Generator::chance(int percent) {
    return below(100) < percent;
}

std::string Generator::new_table_name(const Schema& schema) {
    for (int attempt = 0; attempt < 4; ++attempt) {
        std::string name = pick(k_table_names);
        if (name.size() < 20) {
            name += std::to_string(m_counter++);
        }
        if (find_table(schema, name) == nullptr &&
            std::none_of(schema.views.begin(), schema.views.end(),
                         [&](const View& v) { return v.name == name; })) {
            return name;
        }
    }
    return "t_" + std::to_string(m_counter++);
}

std::string Generator::new_column_name(const Table& table, const std::string& prefix) {
    for (int attempt = 0; attempt < 4; ++attempt) {
        std::string name = prefix.empty() ? pick(k_column_names) : prefix;
        if (name.size() < 20) {
            name += std::to_string(m_counter++);
        }
        if (name != "id" && find_column(table, name) == nullptr) {
            return name;
        }
    }
    return "col_" + std::to_string(m_counter++);
}

Column Generator::column(const Table& table, const std::string& prefix) {
    Column c;
    c.name = new_column_name(table, prefix);
    c.type = pick(k_column_types);
    const TypeInfo& info = type_info(c.type);
    c.not_null = chance(30);
    if (chance(40)) {
        c.default_sql = pick(info.defaults);
    }
    if (!info.checks.empty() && chance(25)) {
        c.check = pick(info.checks);
        c.check_name = chance(30) ? "ck_" + std::to_string(m_counter++) : "";
    }
    c.unique = info.unique_ok && chance(15);
    if (chance(10)) {
        c.comment = chance(50) ? "what it's for" : "a note";
    }
    return c;
}

Table Generator::table(const Schema& schema, bool first) {
    Table t;
    t.schema = chance(25) ? "Other" : "public";
    t.name = new_table_name(schema);
    t.id_type = pick(std::vector<std::string>{"integer", "bigint", "serial", "identity always",
                                              "identity by default"});
    const int columns = 1 + below(4);
    for (int i = 0; i < columns; ++i) {
        t.columns.push_back(column(t, ""));
    }
    if (!first && !schema.tables.empty() && chance(60)) {
        const Table& parent = pick(schema.tables);
        Column ref;
        ref.name = new_column_name(t, "ref");
        ref.type = id_base_type(parent.id_type);
        t.columns.push_back(ref);
        t.foreign_keys.push_back(
            {ref.name, parent.name,
             pick(std::vector<std::string>{"", "CASCADE", "SET NULL", "RESTRICT"}),
             pick(std::vector<std::string>{"", "", "DEFERRABLE", "DEFERRABLE INITIALLY DEFERRED"}),
             chance(30) ? "fk_" + std::to_string(m_counter++) : ""});
    }
    const int indexes = below(3);
    for (int i = 0; i < indexes; ++i) {
        const Column& indexed = pick(t.columns);
        Index index{chance(40) ? "ix_" + std::to_string(m_counter++) : "", indexed.name,
                    pick(k_index_kinds), "id"};
        if (index.kind == "value") {
            index.other = indexed.type;
        }
        if (index_fits(t, index)) {
            t.indexes.push_back(index);
        }
    }
    if (t.columns.size() >= 2 && chance(15)) {
        t.unique_pair = {t.columns[0].name, t.columns[1].name};
    }
    if (t.columns.size() >= 2 && chance(15)) {
        t.check_pair = {t.columns[1].name, t.columns[0].name};
    }
    if (chance(20)) {
        t.triggers.push_back(
            {"touch_" + std::to_string(m_counter++), chance(50) ? pick(t.columns).name : ""});
    }
    t.unlogged = chance(10);
    if (chance(15)) {
        t.comment = "rows of " + t.name;
    }
    return t;
}

Schema Generator::schema() {
    Schema s;
    const int tables = 1 + below(4);
    for (int i = 0; i < tables; ++i) {
        s.tables.push_back(table(s, i == 0));
    }
    if (chance(40)) {
        const Table& t = pick(s.tables);
        View v{"v" + std::to_string(m_counter++), t.name, {"id"}, "", chance(25), ""};
        if (!t.columns.empty() && chance(70)) {
            v.columns.push_back(pick(t.columns).name);
        }
        if (!t.columns.empty() && chance(30)) {
            v.where_column = pick(t.columns).name;
        }
        s.views.push_back(v);
    }
    repair(s);
    return s;
}

Pair Generator::pair() {
    Pair p;
    p.before = schema();
    // the rows the round trip inserts: what `after` may rely on (has_rows, has_values)
    rows_sql(p.before);
    p.after = p.before;
    mutate(p);
    return p;
}

void Generator::mutate(Pair& pair) {
    const int count = 1 + below(3);
    int done = 0;
    for (int attempt = 0; done < count && attempt < 50; ++attempt) {
        if (mutate_once(pair)) {
            ++done;
            repair(pair.after);
        }
    }
}

namespace {

// Tables and columns renamed in this pair are not renamed or dropped again (the --rename
// argument names them).
bool renamed_table(const Pair& pair, const std::string& name) {
    return std::any_of(pair.table_renames.begin(), pair.table_renames.end(),
                       [&](const auto& r) { return r.second == name || r.first == name; });
}

bool renamed_column(const Pair& pair, const std::string& table, const std::string& column) {
    return renamed_table(pair, table) ||
           std::any_of(pair.column_renames.begin(), pair.column_renames.end(),
                       [&](const auto& r) { return r[0] == table && r[2] == column; });
}

}  // namespace

bool Generator::mutate_once(Pair& pair) {
    Schema& s = pair.after;
    Table& t = s.tables[static_cast<std::size_t>(below(static_cast<int>(s.tables.size())))];
    Column* c =
        t.columns.empty()
            ? nullptr
            : &t.columns[static_cast<std::size_t>(below(static_cast<int>(t.columns.size())))];
    const std::string where = t.name + (c != nullptr ? "." + c->name : "");
    switch (below(21)) {
        case 0: {  // add a column the rows can take (NOT NULL only with a default)
            Column added = column(t, "");
            if (added.not_null && added.default_sql.empty()) {
                added.default_sql = type_info(added.type).defaults.front();
            }
            if (added.unique && !added.default_sql.empty() && t.has_rows) {
                added.unique = false;
            }
            t.columns.push_back(added);
            pair.mutations.push_back("add column " + t.name + "." + added.name);
            return true;
        }
        case 1:  // drop a column
            if (c == nullptr || renamed_column(pair, t.name, c->name)) {
                return false;
            }
            pair.mutations.push_back("drop column " + where);
            std::erase_if(t.columns, [&](const Column& x) { return x.name == c->name; });
            return true;
        case 2: {  // rename a column
            if (c == nullptr || renamed_column(pair, t.name, c->name) ||
                std::any_of(pair.column_renames.begin(), pair.column_renames.end(),
                            [&](const auto& r) { return r[0] == t.name; })) {
                return false;
            }
            const std::string from = c->name;
            bool was_in_before = false;
            for (const Table& b : pair.before.tables) {
                was_in_before = was_in_before || (b.name == t.name && find_column(b, from));
            }
            if (!was_in_before) {
                return false;
            }
            const std::string to = new_column_name(t, "");
            for (const Table& b : pair.before.tables) {
                if (b.name == t.name && find_column(b, to)) {
                    // the name of a column the pair drops: `--rename` refuses it as ambiguous
                    // (seed 4000406; docs/autogenerate.md, Renames)
                    return false;
                }
            }
            c->name = to;
            for (Index& index : t.indexes) {
                index.column = index.column == from ? to : index.column;
                index.other = index.other == from ? to : index.other;
            }
            for (ForeignKey& fk : t.foreign_keys) {
                fk.column = fk.column == from ? to : fk.column;
            }
            for (std::vector<std::string>* list : {&t.unique_pair, &t.check_pair}) {
                std::replace(list->begin(), list->end(), from, to);
            }
            for (Trigger& trigger : t.triggers) {
                trigger.when_column = trigger.when_column == from ? to : trigger.when_column;
            }
            for (View& view : s.views) {
                if (view.table == t.name) {
                    std::replace(view.columns.begin(), view.columns.end(), from, to);
                    view.where_column = view.where_column == from ? to : view.where_column;
                }
            }
            pair.column_renames.push_back({t.name, from, to});
            pair.renames.push_back({t.name + "." + from + "=" + to});
            pair.mutations.push_back("rename column " + where + " to " + to);
            return true;
        }
        case 3: {  // rename a table
            if (renamed_table(pair, t.name) || find_table(pair.before, t.name) == nullptr ||
                !pair.column_renames.empty()) {
                return false;
            }
            const std::string from = t.name;
            const std::string to = new_table_name(s);
            t.name = to;
            for (Table& other : s.tables) {
                for (ForeignKey& fk : other.foreign_keys) {
                    fk.parent = fk.parent == from ? to : fk.parent;
                }
            }
            for (View& view : s.views) {
                view.table = view.table == from ? to : view.table;
            }
            pair.table_renames.emplace_back(from, to);
            pair.renames.push_back(
                {(t.schema == "public" ? "" : t.schema + ".") + from + "=" + to});
            pair.mutations.push_back("rename table " + from + " to " + to);
            return true;
        }
        case 4: {  // change a type
            if (c == nullptr || is_foreign_key_column(t, c->name)) {
                return false;
            }
            std::vector<std::string> targets;
            for (const auto& [from, to] : k_type_changes) {
                if (from == c->type) {
                    targets.push_back(to);
                }
            }
            if (targets.empty()) {
                return false;
            }
            const std::string to = pick(targets);
            pair.mutations.push_back("type of " + where + ": " + c->type + " -> " + to);
            c->values_repeat = c->values_repeat || (c->has_values && !type_info(c->type).unique_ok);
            c->type = to;
            c->check.clear();
            c->check_name.clear();
            if (!c->default_sql.empty() || (c->not_null && !c->has_values)) {
                c->default_sql = pick(type_info(to).defaults);
            }
            return true;
        }
        case 5:  // NOT NULL, on a column every row has a value in
            if (c == nullptr || !(c->has_values || !t.has_rows)) {
                return false;
            }
            c->not_null = !c->not_null;
            pair.mutations.push_back(std::string(c->not_null ? "set" : "drop") + " not null " +
                                     where);
            return true;
        case 6:  // default (not on a foreign key column: no parent row has it)
            if (c == nullptr || is_foreign_key_column(t, c->name)) {
                return false;
            }
            c->default_sql =
                c->default_sql.empty() || chance(30) ? pick(type_info(c->type).defaults) : "";
            if (c->not_null && c->default_sql.empty() && !c->has_values && t.has_rows) {
                return false;
            }
            pair.mutations.push_back("default of " + where + ": " + c->default_sql);
            return true;
        case 7: {  // CHECK
            if (c == nullptr || type_info(c->type).checks.empty()) {
                return false;
            }
            if (c->check.empty() || chance(30)) {
                c->check = pick(type_info(c->type).checks);
                c->check_name = chance(40) ? "ck_" + std::to_string(m_counter++) : "";
            } else {
                c->check.clear();
                c->check_name.clear();
            }
            pair.mutations.push_back("check on " + where + ": " + c->check);
            return true;
        }
        case 8:  // UNIQUE
            if (c == nullptr || (!c->unique && !can_be_unique(t, *c))) {
                return false;
            }
            c->unique = !c->unique;
            pair.mutations.push_back(std::string(c->unique ? "add" : "drop") + " unique " + where);
            return true;
        case 9: {  // foreign keys: add one (on a new column), drop one, or change its actions
            if (!t.foreign_keys.empty() && chance(60)) {
                ForeignKey& fk = t.foreign_keys[static_cast<std::size_t>(
                    below(static_cast<int>(t.foreign_keys.size())))];
                if (chance(40)) {
                    pair.mutations.push_back("drop foreign key on " + t.name + "." + fk.column);
                    const std::string column = fk.column;
                    std::erase_if(t.foreign_keys,
                                  [&](const ForeignKey& x) { return x.column == column; });
                } else {
                    fk.on_delete = pick(std::vector<std::string>{"", "CASCADE", "SET NULL"});
                    fk.deferrable = pick(std::vector<std::string>{"", "DEFERRABLE",
                                                                  "DEFERRABLE INITIALLY DEFERRED"});
                    pair.mutations.push_back("foreign key on " + t.name + "." + fk.column + ": " +
                                             fk.on_delete + " " + fk.deferrable);
                }
                return true;
            }
            const Table& parent = pick(s.tables);
            Column ref;
            ref.name = new_column_name(t, "ref");
            ref.type = id_base_type(parent.id_type);
            t.columns.push_back(ref);
            t.foreign_keys.push_back({ref.name, parent.name, chance(50) ? "CASCADE" : "", "",
                                      chance(30) ? "fk_" + std::to_string(m_counter++) : ""});
            pair.mutations.push_back("add foreign key " + t.name + "." + ref.name + " -> " +
                                     parent.name);
            return true;
        }
        case 10:  // an index more or less
            if (!t.indexes.empty() && chance(50)) {
                pair.mutations.push_back("drop index on " + t.name + "." + t.indexes.back().column);
                t.indexes.pop_back();
                return true;
            } else {
                Index index{chance(40) ? "ix_" + std::to_string(m_counter++) : "",
                            c != nullptr ? c->name : "id", pick(k_index_kinds), "id"};
                if (index.kind == "value") {
                    if (c == nullptr) {
                        return false;
                    }
                    index.other = c->type;
                }
                if (!index_fits(t, index)) {
                    return false;
                }
                t.indexes.push_back(index);
                pair.mutations.push_back("add " + index.kind + " index on " + t.name + "." +
                                         index.column);
                return true;
            }
        case 11:  // views: add, drop, or change the columns
            if (!s.views.empty() && chance(60)) {
                View& v = s.views.front();
                if (chance(50)) {
                    pair.mutations.push_back("drop view " + v.name);
                    s.views.erase(s.views.begin());
                } else if (const Table* read = find_table(s, v.table);
                           read != nullptr && !read->columns.empty()) {
                    const std::string column = pick(read->columns).name;
                    if (std::find(v.columns.begin(), v.columns.end(), column) != v.columns.end()) {
                        std::erase(v.columns, column);
                    } else {
                        v.columns.push_back(column);
                    }
                    pair.mutations.push_back("columns of view " + v.name);
                } else {
                    return false;
                }
                return true;
            } else {
                View v{"v" + std::to_string(m_counter++), t.name, {"id"}, "", chance(25), ""};
                if (c != nullptr) {
                    v.columns.push_back(c->name);
                    v.where_column = chance(30) ? c->name : "";
                }
                s.views.push_back(v);
                pair.mutations.push_back("add view " + v.name + " on " + t.name);
                return true;
            }
        case 12: {  // enum values: add one, swap two, drop one no row or default uses
            const int what = below(3);
            if (what == 0) {
                const std::string label = "e" + std::to_string(m_counter++);
                s.mood.insert(s.mood.begin() + below(static_cast<int>(s.mood.size()) + 1), label);
                pair.mutations.push_back("enum value " + label + " added");
            } else if (what == 1) {
                const auto i = static_cast<std::size_t>(below(static_cast<int>(s.mood.size())));
                const auto j = static_cast<std::size_t>(below(static_cast<int>(s.mood.size())));
                if (i == j) {
                    return false;
                }
                std::swap(s.mood[i], s.mood[j]);
                pair.mutations.emplace_back("enum values reordered");
            } else {
                const std::string label = s.mood.back();
                if (label == "a" || label == "b") {
                    return false;
                }
                s.mood.pop_back();
                pair.mutations.push_back("enum value " + label + " dropped");
            }
            return true;
        }
        case 13:  // a table more, or one less
            if (chance(50) || s.tables.size() == 1) {
                s.tables.push_back(table(s, false));
                pair.mutations.push_back("add table " + s.tables.back().name);
            } else {
                if (renamed_table(pair, t.name) ||
                    std::any_of(pair.column_renames.begin(), pair.column_renames.end(),
                                [&](const auto& r) { return r[0] == t.name; })) {
                    return false;  // a --rename names it
                }
                pair.mutations.push_back("drop table " + t.name);
                const std::string name = t.name;
                std::erase_if(s.tables, [&](const Table& x) { return x.name == name; });
            }
            return true;
        case 14:  // comments
            if (c != nullptr && chance(50)) {
                c->comment = c->comment.empty() ? "now documented" : "";
            } else {
                t.comment = t.comment.empty() ? "a table's note" : "";
            }
            pair.mutations.push_back("comment on " + where);
            return true;
        case 15: {  // identity
            const std::string from = t.id_type;
            if (from == "integer" || from == "identity always") {
                t.id_type = "identity by default";
            } else if (from == "identity by default") {
                t.id_type = chance(50) ? "identity always" : "integer";
            } else {
                return false;
            }
            pair.mutations.push_back("id of " + t.name + ": " + from + " -> " + t.id_type);
            return true;
        }
        case 16:  // UNLOGGED
            t.unlogged = !t.unlogged;
            pair.mutations.push_back(std::string(t.unlogged ? "set" : "drop") + " unlogged " +
                                     t.name);
            return true;
        case 17:  // a constraint's or index's name spelled out, changed, or left to PostgreSQL
            if (c != nullptr && !c->check.empty()) {
                c->check_name = c->check_name.empty() ? "ck_" + std::to_string(m_counter++) : "";
                pair.mutations.push_back("check name of " + where + ": " + c->check_name);
                return true;
            }
            if (!t.foreign_keys.empty()) {
                ForeignKey& fk = t.foreign_keys.front();
                fk.name = fk.name.empty() ? "fk_" + std::to_string(m_counter++) : "";
                pair.mutations.push_back("foreign key name on " + t.name + ": " + fk.name);
                return true;
            }
            if (!t.indexes.empty()) {
                Index& index = t.indexes.front();
                index.name = index.name.empty() ? "ix_" + std::to_string(m_counter++) : "";
                pair.mutations.push_back("index name on " + t.name + ": " + index.name);
                return true;
            }
            return false;
        case 18:  // table UNIQUE / CHECK over two columns
            if (t.columns.size() < 2) {
                return false;
            }
            if (chance(50)) {
                t.unique_pair = t.unique_pair.empty()
                                    ? std::vector<std::string>{t.columns[0].name, t.columns[1].name}
                                    : std::vector<std::string>{};
                pair.mutations.push_back("table unique on " + t.name);
            } else {
                t.check_pair = t.check_pair.empty()
                                   ? std::vector<std::string>{t.columns[0].name, t.columns[1].name}
                                   : std::vector<std::string>{};
                pair.mutations.push_back("table check on " + t.name);
            }
            return true;
        case 19:  // a trigger more or less, or its WHEN on another column
            if (!t.triggers.empty() && chance(60)) {
                if (chance(50)) {
                    pair.mutations.push_back("drop trigger " + t.triggers.back().name);
                    t.triggers.pop_back();
                } else {
                    t.triggers.back().when_column = c != nullptr && chance(70) ? c->name : "";
                    pair.mutations.push_back("trigger " + t.triggers.back().name + " when " +
                                             t.triggers.back().when_column);
                }
            } else {
                t.triggers.push_back(
                    {"touch_" + std::to_string(m_counter++), c != nullptr ? c->name : ""});
                pair.mutations.push_back("add trigger " + t.triggers.back().name);
            }
            return true;
        default:  // a materialized view becomes a plain one or the other way round
            if (s.views.empty()) {
                return false;
            }
            s.views.front().materialized = !s.views.front().materialized;
            s.views.front().comment = chance(30) ? "a view's note" : "";
            pair.mutations.push_back("view " + s.views.front().name + " materialized: " +
                                     (s.views.front().materialized ? "yes" : "no"));
            return true;
    }
}

}  // namespace mig::property::pg
