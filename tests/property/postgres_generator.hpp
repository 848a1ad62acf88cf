#pragma once

// Random PostgreSQL schema pairs for the property-based round trip on a server
// (postgres_round_trip.hpp). A seed gives a first schema (`before`): 1-4 tables in two schemas
// (`public` and a mixed-case `Other`), with an id key of every kind (integer, bigint, serial,
// identity ALWAYS / BY DEFAULT), columns of 20 types (integers, numeric, float, strings,
// char(n), boolean, dates and timestamps, uuid, jsonb, arrays, inet, interval, bytea, an enum,
// a domain) with NOT NULL, defaults (constants, now(), gen_random_uuid(), arrays), column and
// table CHECKs and UNIQUEs (named or with the name PostgreSQL generates), foreign keys with
// every action and deferrability, indexes (btree, DESC NULLS FIRST, partial, expression,
// INCLUDE, UNIQUE, gin, hash, brin, named or generated), views and a materialized view,
// row triggers (with a WHEN naming a column), UNLOGGED tables and comments, with names that need
// quoting (spaces, keywords, upper case, a 60-byte name whose generated constraint names PostgreSQL
// cuts). Then 1-3 mutations make the model (`after`): tables and columns added, dropped or renamed
// (told to compare as
// `--rename` would), types changed (with and without USING), NOT NULL, defaults, CHECK,
// UNIQUE, foreign keys, indexes, views, enum values (added, reordered, an unused one dropped),
// identity, comments, UNLOGGED and constraint names. A repair pass keeps the model valid.

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace mig::property::pg {

struct Column {
    std::string name;
    std::string type;  // the model's spelling, a key of the type table (postgres_generator.cpp)
    bool not_null = false;
    std::string default_sql;  // "" for none
    std::string check;        // "" for none; a pattern with %s for the column
    std::string check_name;   // "" for PostgreSQL's generated name
    bool unique = false;
    std::string comment;
    bool has_values = false;  // the rows were given a value in it (rows_sql)
    // Its values were drawn for a type whose values repeat (not unique_ok: the enum) and a type
    // change kept them: no UNIQUE on it, whatever its type now (seed 6000247).
    bool values_repeat = false;
};

struct ForeignKey {
    std::string column;      // a column of the table holding the parent's id type
    std::string parent;      // the parent table's name (same schema list, found by name)
    std::string on_delete;   // "" (NO ACTION), CASCADE, SET NULL, RESTRICT
    std::string deferrable;  // "", DEFERRABLE, DEFERRABLE INITIALLY DEFERRED
    std::string name;        // "" for the generated name
};

struct Index {
    std::string name;    // "" for `CREATE INDEX ON` (PostgreSQL's generated name)
    std::string column;  // the indexed column
    // plain, desc, partial, lower, include, unique, gin, hash, brin, or value (partial:
    // WHERE column <> a value of its type, an enum literal included)
    std::string kind;
    std::string other;  // kind include: the INCLUDE column; kind value: the column's type
};

// A row trigger calling "public"."touch"() (created with every schema), optionally with a
// WHEN on one column (the server refuses to drop or retype a column a trigger names).
struct Trigger {
    std::string name;
    std::string when_column;  // "" for none
};

struct Table {
    std::string schema;  // public or Other
    std::string name;
    std::string id_type;  // integer, bigint, serial, identity always, identity by default
    std::vector<Column> columns;
    std::vector<ForeignKey> foreign_keys;
    std::vector<Index> indexes;
    std::vector<Trigger> triggers;
    std::vector<std::string> unique_pair;  // a table UNIQUE (a, b), or empty
    std::vector<std::string> check_pair;   // a table CHECK (a IS NOT NULL OR b IS NOT NULL)
    bool unlogged = false;
    std::string comment;
    bool has_rows = false;  // in `before`: the round trip inserted rows
};

struct View {
    std::string name;
    std::string table;  // the table it reads (by name)
    std::vector<std::string> columns;
    std::string where_column;  // "" or WHERE column IS NOT NULL
    bool materialized = false;
    std::string comment;
};

struct Schema {
    std::vector<std::string> mood = {"a", "b", "c"};  // the enum; rows use a and b only
    std::vector<Table> tables;
    std::vector<View> views;
};

struct Rename {
    std::string argument;  // as `--rename` takes it: `t=new`, `Other.t=new`, `t.c=new`
};

struct Pair {
    Schema before;
    Schema after;
    std::vector<Rename> renames;
    std::vector<std::pair<std::string, std::string>> table_renames;  // before name, after name
    // after's table name, before's column name, after's column name
    std::vector<std::array<std::string, 3>> column_renames;
    std::vector<std::string> mutations;  // what was done, in words, for failure reports
};

// `CREATE` statements of the schema, in an order the server accepts.
std::string ddl(const Schema& schema);
// Inserts k_rows rows in each table (row r holds a value derived from r in every column: keys
// distinct, foreign keys finding their parent row r), and marks every table `has_rows`.
std::string rows_sql(Schema& schema);
// A query per table of `before` that `after` keeps (by its renamed name): the values of the
// columns both keep (with the same type, when `same_type_only`), as text, ordered by id.
// `use_after_names`: the query for the upgraded database (new names), else for the original
// one. What the upgrade keeps, the downgrade must give back (with the original types); a
// dropped table or column comes back without its values.
std::vector<std::string> kept_values_queries(const Pair& pair, bool use_after_names,
                                             bool same_type_only = true);
// Names as the model writes them: always double-quoted.
std::string quoted(const std::string& name);
std::string qualified(const Table& table);

class Generator {
public:
    explicit Generator(std::uint64_t seed) : m_random(seed) {}
    Pair pair();

private:
    int below(int n);
    bool chance(int percent);
    template <typename T>
    const T& pick(const std::vector<T>& items) {
        return items[static_cast<std::size_t>(below(static_cast<int>(items.size())))];
    }

    Schema schema();
    Table table(const Schema& schema, bool first);
    Column column(const Table& table, const std::string& prefix);
    std::string new_table_name(const Schema& schema);
    std::string new_column_name(const Table& table, const std::string& prefix);
    void mutate(Pair& pair);
    bool mutate_once(Pair& pair);

    std::mt19937_64 m_random;
    int m_counter = 0;
};

// The rows each table gets.
constexpr int k_rows = 3;

}  // namespace mig::property::pg
