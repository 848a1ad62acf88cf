// Random PostgreSQL schema pairs through the round trip of postgres_roundtrip.hpp: a seeded
// generator writes a first schema (tables of many column types with NOT NULL, defaults,
// CHECK, UNIQUE, foreign keys, an enum, indexes, a view) with rows, then mutates a copy (add,
// drop or change columns, constraints, indexes, enum values, tables, views); both go to the
// server, and the upgrade and downgrade mig derives must round-trip with the rows kept.
// MIG_PG_RANDOM_SEED and MIG_PG_RANDOM_CASES choose the batch (default: 12 cases from 1).

#include "postgres_roundtrip.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace mig::autogen::pg {
namespace {

struct ColumnSpec {
    std::string name;
    std::string type;
    bool not_null = false;
    std::string default_value;  // "" for none
    std::string check;          // "" for none, else an expression on the column
    bool unique = false;
};

struct TableSpec {
    std::string name;
    std::vector<ColumnSpec> columns;   // after `id integer PRIMARY KEY`
    bool references_first = false;     // parent_id integer REFERENCES t0
    std::vector<std::string> indexes;  // column names
};

struct SchemaSpec {
    std::vector<std::string> mood = {"a", "b", "c"};
    std::vector<TableSpec> tables;
    bool view = false;  // v0 over t0
};

// The types and a value of each that every later type of its family still holds.
struct TypeInfo {
    const char* type;
    const char* value;
    const char* default_value;
    const char* check;  // with %s for the column
};

const std::vector<TypeInfo> k_types = {
    {"integer", "1", "0", "%s >= 0"},
    {"bigint", "2", "7", "%s < 1000"},
    {"text", "'x'", "''", "length(%s) < 50"},
    {"character varying(20)", "'y'", "'none'", "%s <> 'bad'"},
    {"numeric(10,2)", "1.5", "0.25", "%s > -1"},
    {"boolean", "true", "false", ""},
    {"date", "'2020-01-02'", "CURRENT_DATE", ""},
    {"timestamp with time zone", "'2020-01-02 03:04:05+00'", "now()", ""},
    {"text[]", "'{p,q}'", "'{}'", ""},
    {"mood", "'a'", "'b'", "%s <> 'c'"},
    {"jsonb", "'{\"k\": 1}'", "'{}'", ""},
};

// Type changes that keep the rows' values (and need or not need USING).
const std::vector<std::pair<std::string, std::string>> k_type_changes = {
    {"integer", "bigint"},
    {"integer", "text"},
    {"bigint", "numeric(20,0)"},
    {"text", "character varying(30)"},
    {"character varying(20)", "text"},
    {"numeric(10,2)", "numeric(12,3)"},
    {"date", "timestamp with time zone"},
    {"mood", "text"},
    {"text[]", "character varying(10)[]"},
};

const TypeInfo& info(const std::string& type) {
    for (const TypeInfo& t : k_types) {
        if (type == t.type) {
            return t;
        }
    }
    return k_types.front();
}

std::string check_text(const std::string& pattern, const std::string& column) {
    std::string text = pattern;
    text.replace(text.find("%s"), 2, column);
    return text;
}

class Generator {
public:
    explicit Generator(unsigned seed) : m_random(seed) {}

    int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_random); }
    bool chance(int percent) { return below(100) < percent; }

    ColumnSpec column(const std::string& name) {
        const TypeInfo& t =
            k_types[static_cast<std::size_t>(below(static_cast<int>(k_types.size())))];
        ColumnSpec c{name, t.type, false, "", "", false};
        c.not_null = chance(30);
        if (chance(40)) {
            c.default_value = t.default_value;
        }
        if (*t.check != '\0' && chance(25)) {
            c.check = check_text(t.check, name);
        }
        c.unique = c.type != "boolean" && c.type != "jsonb" && c.type != "text[]" && chance(15);
        return c;
    }

    SchemaSpec schema() {
        SchemaSpec s;
        int tables = 1 + below(3);
        for (int i = 0; i < tables; ++i) {
            TableSpec t{"t" + std::to_string(i), {}, i > 0 && chance(60), {}};
            int columns = 1 + below(4);
            for (int j = 0; j < columns; ++j) {
                t.columns.push_back(column("c" + std::to_string(j)));
            }
            if (chance(40)) {
                t.indexes.push_back(t.columns.front().name);
            }
            s.tables.push_back(t);
        }
        s.view = chance(50);
        return s;
    }

    void mutate(SchemaSpec& s) {
        int count = 1 + below(3);
        for (int i = 0; i < count; ++i) {
            TableSpec& t =
                s.tables[static_cast<std::size_t>(below(static_cast<int>(s.tables.size())))];
            switch (below(11)) {
                case 0: {  // add a column the rows there are can take (a default, no UNIQUE)
                    ColumnSpec added = column("n" + std::to_string(m_added++));
                    added.unique = false;
                    if (added.not_null && added.default_value.empty()) {
                        added.default_value = info(added.type).default_value;
                    }
                    t.columns.push_back(added);
                    break;
                }
                case 1:  // drop a column (keep one)
                    if (t.columns.size() > 1) {
                        t.columns.erase(t.columns.begin() +
                                        below(static_cast<int>(t.columns.size())));
                    }
                    break;
                case 2:  // change a type
                    for (ColumnSpec& c : t.columns) {
                        for (const auto& [from, to] : k_type_changes) {
                            if (c.type == from && chance(70)) {
                                c.type = to;
                                c.check.clear();
                                c.unique = false;
                                break;
                            }
                        }
                    }
                    break;
                case 3:  // NOT NULL
                    // only a column the rows were given a value in
                    if (t.columns[0].name.starts_with("c")) {
                        t.columns[0].not_null = !t.columns[0].not_null;
                    }
                    break;
                case 4:  // default
                    t.columns[0].default_value = t.columns[0].default_value.empty()
                                                     ? info(t.columns[0].type).default_value
                                                     : "";
                    break;
                case 5:  // CHECK
                    if (*info(t.columns[0].type).check != '\0') {
                        t.columns[0].check =
                            t.columns[0].check.empty()
                                ? check_text(info(t.columns[0].type).check, t.columns[0].name)
                                : "";
                    }
                    break;
                case 6:  // UNIQUE
                    if (t.columns[0].name.starts_with("c") && t.columns[0].type != "boolean" &&
                        t.columns[0].type != "jsonb" && t.columns[0].type != "text[]") {
                        t.columns[0].unique = !t.columns[0].unique;
                    }
                    break;
                case 7:  // index
                    if (t.indexes.empty()) {
                        t.indexes.push_back(t.columns.back().name);
                    } else {
                        t.indexes.clear();
                    }
                    break;
                case 8:  // enum values: add one, or reorder (rows only hold 'a' and 'b' defaults)
                    if (chance(50)) {
                        s.mood.insert(s.mood.begin() + 1, "z" + std::to_string(m_added++));
                    } else {
                        std::swap(s.mood[0], s.mood[1]);
                    }
                    break;
                case 9:  // a table more, or the last one less
                    if (chance(50) || s.tables.size() == 1) {
                        s.tables.push_back(
                            {"t" + std::to_string(10 + m_added++), {column("c0")}, true, {}});
                    } else {
                        s.tables.pop_back();
                    }
                    break;
                default:
                    s.view = !s.view;
                    break;
            }
        }
        // what now names nothing goes
        for (TableSpec& t : s.tables) {
            std::erase_if(t.indexes, [&](const std::string& name) {
                return std::none_of(t.columns.begin(), t.columns.end(),
                                    [&](const ColumnSpec& c) { return c.name == name; });
            });
        }
    }

private:
    std::mt19937 m_random;
    int m_added = 0;
};

std::string ddl(const SchemaSpec& s) {
    std::string sql = "CREATE TYPE mood AS ENUM (";
    for (std::size_t i = 0; i < s.mood.size(); ++i) {
        sql += (i == 0 ? "'" : ", '") + s.mood[i] + "'";
    }
    sql += ");\n";
    for (const TableSpec& t : s.tables) {
        sql += "CREATE TABLE " + t.name + " (id integer PRIMARY KEY";
        if (t.references_first && t.name != "t0" && s.tables.front().name == "t0") {
            sql += ", parent_id integer REFERENCES t0";
        }
        for (const ColumnSpec& c : t.columns) {
            sql += ", " + c.name + " " + c.type;
            if (!c.default_value.empty()) {
                sql += " DEFAULT " + c.default_value;
            }
            if (c.not_null) {
                sql += " NOT NULL";
            }
            if (!c.check.empty()) {
                sql += " CHECK (" + c.check + ")";
            }
            if (c.unique) {
                sql += " UNIQUE";
            }
        }
        sql += ");\n";
        for (const std::string& index : t.indexes) {
            sql += "CREATE INDEX ON " + t.name + " (" + index + ");\n";
        }
    }
    if (s.view && !s.tables.empty() && s.tables.front().name == "t0") {
        sql += "CREATE VIEW v0 AS SELECT * FROM t0;\n";
    }
    return sql;
}

// Two rows per table with a value in every column (distinct where UNIQUE may ask).
std::string rows(const SchemaSpec& s) {
    std::string sql;
    for (const TableSpec& t : s.tables) {
        for (int id = 1; id <= 2; ++id) {
            std::string columns = "id";
            std::string values = std::to_string(id);
            if (t.references_first && t.name != "t0" && s.tables.front().name == "t0") {
                columns += ", parent_id";
                values += ", " + std::to_string(id);
            }
            for (const ColumnSpec& c : t.columns) {
                columns += ", " + c.name;
                std::string value = info(c.type).value;
                if (id == 2 && (c.type == "integer" || c.type == "bigint")) {
                    value = "3";
                } else if (id == 2 && (c.type == "text" || c.type == "character varying(20)")) {
                    value = "'w'";
                } else if (id == 2 && c.type == "numeric(10,2)") {
                    value = "2.5";
                } else if (id == 2 && c.type == "mood") {
                    value = "'b'";
                } else if (id == 2 && c.type == "date") {
                    value = "'2021-01-02'";
                } else if (id == 2 && c.type == "timestamp with time zone") {
                    value = "'2021-01-02 03:04:05+00'";
                }
                values += ", " + value;
            }
            sql += "INSERT INTO " + t.name + " (" + columns + ") VALUES (" + values + ");\n";
        }
    }
    return sql;
}

// The ids of the tables both schemas have: they must survive.
std::string kept_rows(const SchemaSpec& a, const SchemaSpec& b) {
    std::string query;
    for (const TableSpec& t : a.tables) {
        bool kept = std::any_of(b.tables.begin(), b.tables.end(),
                                [&](const TableSpec& other) { return other.name == t.name; });
        if (kept) {
            query += (query.empty() ? "" : " UNION ALL ") + std::string("SELECT '") + t.name +
                     "', id FROM " + t.name;
        }
    }
    return query.empty() ? "" : query + " ORDER BY 1, 2";
}

unsigned env_number(const char* name, unsigned fallback) {
    const char* text = std::getenv(name);
    return text == nullptr ? fallback : static_cast<unsigned>(std::strtoul(text, nullptr, 10));
}

class PostgresRandomRoundTrip : public PostgresRoundTrip {};

TEST_F(PostgresRandomRoundTrip, RandomSchemaPairs) {
    const unsigned first = env_number("MIG_PG_RANDOM_SEED", 1);
    const unsigned cases = env_number("MIG_PG_RANDOM_CASES", 12);
    for (unsigned seed = first; seed < first + cases && !HasFailure(); ++seed) {
        Generator generator(seed);
        SchemaSpec current = generator.schema();
        SchemaSpec desired = current;
        generator.mutate(desired);
        SCOPED_TRACE("seed " + std::to_string(seed) + "\ncurrent:\n" + ddl(current) + "desired:\n" +
                     ddl(desired));
        try {
            round_trip({ddl(current) + rows(current), ddl(desired), kept_rows(current, desired)});
        } catch (const std::exception& error) {
            ADD_FAILURE() << error.what();
        }
        reset();
    }
}

}  // namespace
}  // namespace mig::autogen::pg
