#pragma once

// Internal to db/postgres_introspect*.cpp: reading the rows of the introspection queries.

#include "db/postgres_connection.hpp"
#include "schema/postgres_catalog.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mig::db::pg_introspect {

// The relations (tables, views, materialized views) the catalog lists, by oid (as text), so
// the queries for their columns, constraints, indexes and triggers can ask for exactly these.
struct Relations {
    std::map<std::string, schema::pg::QualifiedName> tables;
    std::map<std::string, schema::pg::QualifiedName> views;
    // Each table's column names by attnum (read_columns fills it), for constraints' conkey.
    std::map<std::string, std::map<long long, std::string>> column_names;

    const schema::pg::QualifiedName* find(const std::string& oid) const;
    // The name of column `attnum` of table `oid`; "" for what is no column of it: 0, an
    // expression's place in an exclusion constraint's key, or a system column.
    std::string column_name(const std::string& oid, const std::string& attnum) const;
    // `{16384,16390}`: every oid, tables and views, as an oid[] parameter.
    std::string all_oids() const;
    std::string table_oids() const;
};

// One query's rows, read by column position.
class Rows {
public:
    explicit Rows(PgResult result) : m_result(std::move(result)) {}
    int size() const { return m_result.rows(); }
    std::string text(int row, int column) const { return m_result.text(row, column); }
    std::optional<std::string> optional_text(int row, int column) const {
        return m_result.optional_text(row, column);
    }
    bool flag(int row, int column) const { return m_result.text(row, column) == "t"; }
    long long number(int row, int column) const;
    // A text[] value (`{a,"b c",NULL}`); NULL elements are refused (no caller expects one).
    std::vector<std::string> texts(int row, int column) const;
    schema::pg::QualifiedName name(int row, int schema_column, int name_column) const {
        return {text(row, schema_column), text(row, name_column)};
    }

private:
    PgResult m_result;
};

// Runs `sql` with one array parameter (`$1`, a text[] or oid[] literal).
Rows query(const PgConnection& connection, const std::string& sql, const std::string& array);

// `{"a","b\"c"}`: an array literal of `values`, every element quoted.
std::string array_literal(const std::vector<std::string>& values);

// PostgreSQL's text output of a one-dimensional array (`{a,"b c"}`) as its elements. InputError
// when the text is not such an array or holds a NULL.
std::vector<std::string> parse_text_array(const std::string& text);

// The SQL condition "the object `oid_sql` of catalog `catalog` (pg_class, pg_type, pg_proc)
// belongs to no extension".
std::string not_in_extension(const std::string& catalog, const std::string& oid_sql);

// The SQL expression "the comment on object `oid_sql` of catalog `catalog`" (sub-object
// `subid_sql`: a column's number), or NULL. A subquery on pg_description's index: cheaper
// per row than obj_description(), a SQL function.
std::string description(const std::string& catalog, const std::string& oid_sql,
                        const std::string& subid_sql = "0");

// Fill `catalog` with each kind of object (postgres_introspect_*.cpp).
Relations read_relations(const PgConnection& connection, const std::string& schemas,
                         schema::pg::Catalog& catalog);
void read_columns(const PgConnection& connection, Relations& relations,
                  schema::pg::Catalog& catalog);
void read_constraints(const PgConnection& connection, const Relations& relations,
                      schema::pg::Catalog& catalog);
void read_indexes(const PgConnection& connection, const Relations& relations,
                  schema::pg::Catalog& catalog);
void read_view_dependencies(const PgConnection& connection, const Relations& relations,
                            schema::pg::Catalog& catalog);
void read_triggers(const PgConnection& connection, const Relations& relations,
                   schema::pg::Catalog& catalog);
void read_sequences(const PgConnection& connection, const std::string& schemas,
                    schema::pg::Catalog& catalog);
void read_types(const PgConnection& connection, const std::string& schemas,
                schema::pg::Catalog& catalog);
void read_functions(const PgConnection& connection, const std::string& schemas,
                    schema::pg::Catalog& catalog);
void read_schemas_and_extensions(const PgConnection& connection, const std::string& schemas,
                                 schema::pg::Catalog& catalog);

// mig's bookkeeping tables, left out wherever they are.
inline constexpr const char* k_mig_tables = "('mig_version', 'mig_history')";

}  // namespace mig::db::pg_introspect
