#include "db/sqlite_introspect.hpp"

#include "db/sqlite_introspect_merge.hpp"
#include "schema/identifier.hpp"

#include <SQLiteCpp/Statement.h>

#include <map>
#include <string>
#include <vector>

namespace mig::db {

namespace {

using detail::PragmaColumn;
using detail::PragmaForeignKey;
using detail::PragmaIndex;
using detail::PragmaIndexColumn;
using detail::PragmaTable;

// Tables of the main schema that belong to the user: not SQLite's (sqlite_%), not mig's own.
// `t` is pragma_table_list. The queries below join it to the per-table pragmas with CROSS JOIN,
// which keeps it the outer loop: with a plain JOIN, SQLite 3.40's planner may reorder the
// table-valued pragmas and return no rows.
constexpr const char* k_user_tables =
    "t.schema = 'main' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
    "AND lower(t.name) NOT IN ('mig_version', 'mig_history')";

std::string optional_text(const SQLite::Column& column) {
    return column.isNull() ? std::string() : column.getString();
}

// The CREATE statements of tables and indexes by name, from sqlite_schema.
struct StoredSql {
    std::map<std::string, std::string> tables;
    std::map<std::string, std::string> indexes;
};

// Reads sqlite_schema once: views and triggers on the user's tables (never on mig's own) go to
// `catalog`, and the SQL of tables and indexes is kept for the pragma rows to come.
StoredSql read_schema_objects(SQLite::Database& db, schema::Catalog& catalog) {
    SQLite::Statement query(db,
                            "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                            "WHERE sql IS NOT NULL "
                            "AND lower(tbl_name) NOT IN ('mig_version', 'mig_history')");
    StoredSql stored;
    while (query.executeStep()) {
        std::string type = query.getColumn(0).getString();
        std::string name = query.getColumn(1).getString();
        std::string sql = query.getColumn(3).getString();
        if (type == "table") {
            stored.tables.emplace(schema::fold_identifier(name), std::move(sql));
        } else if (type == "index") {
            stored.indexes.emplace(schema::fold_identifier(name), std::move(sql));
        } else if (type == "view") {
            catalog.add(schema::View{std::move(name), std::move(sql)});
        } else if (type == "trigger") {
            catalog.add(
                schema::Trigger{std::move(name), query.getColumn(2).getString(), std::move(sql)});
        }
    }
    return stored;
}

std::string stored_sql(const std::map<std::string, std::string>& sql, const std::string& name) {
    auto it = sql.find(schema::fold_identifier(name));
    return it == sql.end() ? std::string() : it->second;
}

// Ordinary tables by folded name, with their SQL, options and (once read) columns and keys.
// Virtual tables go to `virtual_tables`; shadow tables (a virtual table's storage) are left out.
struct Tables {
    std::map<std::string, PragmaTable> ordinary;
    std::vector<schema::Table> virtual_tables;
};

Tables read_tables(SQLite::Database& db, const StoredSql& stored) {
    SQLite::Statement query(db, std::string("SELECT t.name, t.type, t.wr, t.strict "
                                            "FROM pragma_table_list AS t "
                                            "WHERE t.type IN ('table', 'virtual') AND ") +
                                    k_user_tables);
    Tables tables;
    while (query.executeStep()) {
        std::string name = query.getColumn(0).getString();
        std::string sql = stored_sql(stored.tables, name);
        if (query.getColumn(1).getString() == "virtual") {
            tables.virtual_tables.push_back(detail::merge_virtual_table(name, sql));
            continue;
        }
        PragmaTable& table = tables.ordinary[schema::fold_identifier(name)];
        table.name = std::move(name);
        table.without_rowid = query.getColumn(2).getInt() != 0;
        table.strict = query.getColumn(3).getInt() != 0;
        table.sql = std::move(sql);
    }
    return tables;
}

PragmaTable* find(Tables& tables, const std::string& name) {
    auto it = tables.ordinary.find(schema::fold_identifier(name));
    return it == tables.ordinary.end() ? nullptr : &it->second;
}

void read_columns(SQLite::Database& db, Tables& tables) {
    SQLite::Statement query(db, std::string("SELECT t.name, c.name, c.type, c.\"notnull\", "
                                            "c.dflt_value, c.pk, c.hidden "
                                            "FROM pragma_table_list AS t "
                                            "CROSS JOIN pragma_table_xinfo(t.name, 'main') AS c "
                                            "WHERE t.type = 'table' AND ") +
                                    k_user_tables + " ORDER BY t.name, c.cid");
    while (query.executeStep()) {
        PragmaTable* table = find(tables, query.getColumn(0).getString());
        if (table == nullptr) {
            continue;
        }
        PragmaColumn column;
        column.name = query.getColumn(1).getString();
        column.type = query.getColumn(2).getString();
        column.not_null = query.getColumn(3).getInt() != 0;
        if (!query.getColumn(4).isNull()) {
            column.default_value = query.getColumn(4).getString();
        }
        column.pk = query.getColumn(5).getInt();
        column.hidden = query.getColumn(6).getInt();
        table->columns.push_back(std::move(column));
    }
}

void read_foreign_keys(SQLite::Database& db, Tables& tables) {
    SQLite::Statement query(
        db, std::string("SELECT t.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, "
                        "f.on_delete, f.\"match\" "
                        "FROM pragma_table_list AS t "
                        "CROSS JOIN pragma_foreign_key_list(t.name, 'main') AS f "
                        "WHERE t.type = 'table' AND ") +
                k_user_tables + " ORDER BY t.name, f.id, f.seq");
    while (query.executeStep()) {
        PragmaTable* table = find(tables, query.getColumn(0).getString());
        if (table == nullptr) {
            continue;
        }
        int id = query.getColumn(1).getInt();
        if (table->foreign_keys.empty() || table->foreign_keys.back().id != id) {
            PragmaForeignKey key;
            key.id = id;
            key.table = query.getColumn(2).getString();
            key.on_update = query.getColumn(5).getString();
            key.on_delete = query.getColumn(6).getString();
            key.match = query.getColumn(7).getString();
            table->foreign_keys.push_back(std::move(key));
        }
        PragmaForeignKey& key = table->foreign_keys.back();
        key.from.push_back(query.getColumn(3).getString());
        if (query.getColumn(4).isNull()) {
            key.to.emplace_back();
        } else {
            key.to.emplace_back(query.getColumn(4).getString());
        }
    }
}

// Every index of the user's tables with its key columns, in name order.
std::vector<PragmaIndex> read_indexes(SQLite::Database& db, const StoredSql& stored) {
    SQLite::Statement query(db, std::string("SELECT t.name, il.name, il.\"unique\", il.origin, "
                                            "x.cid, x.name, x.\"desc\", x.coll "
                                            "FROM pragma_table_list AS t "
                                            "CROSS JOIN pragma_index_list(t.name, 'main') AS il "
                                            "CROSS JOIN pragma_index_xinfo(il.name, 'main') AS x "
                                            "WHERE t.type = 'table' AND x.key AND ") +
                                    k_user_tables + " ORDER BY il.name, x.seqno");
    std::vector<PragmaIndex> indexes;
    while (query.executeStep()) {
        std::string name = query.getColumn(1).getString();
        if (indexes.empty() || indexes.back().name != name) {
            PragmaIndex index;
            index.name = std::move(name);
            index.table = query.getColumn(0).getString();
            index.unique = query.getColumn(2).getInt() != 0;
            index.origin = query.getColumn(3).getString();
            index.sql = stored_sql(stored.indexes, index.name);
            indexes.push_back(std::move(index));
        }
        PragmaIndexColumn column;
        column.cid = query.getColumn(4).getInt();
        column.name = optional_text(query.getColumn(5));
        column.desc = query.getColumn(6).getInt() != 0;
        column.collation = query.getColumn(7).getString();
        indexes.back().columns.push_back(std::move(column));
    }
    return indexes;
}

}  // namespace

schema::Catalog introspect(SQLite::Database& database) {
    schema::Catalog catalog;
    StoredSql stored = read_schema_objects(database, catalog);
    Tables tables = read_tables(database, stored);
    read_columns(database, tables);
    read_foreign_keys(database, tables);
    for (const auto& [key, facts] : tables.ordinary) {
        catalog.add(detail::merge_table(facts));
    }
    for (schema::Table& table : tables.virtual_tables) {
        catalog.add(std::move(table));
    }
    for (const PragmaIndex& facts : read_indexes(database, stored)) {
        if (find(tables, facts.table) != nullptr) {
            catalog.add(detail::merge_index(facts));
        }
    }
    return catalog;
}

}  // namespace mig::db
