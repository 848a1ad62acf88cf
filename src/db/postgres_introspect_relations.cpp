// Tables, views and what hangs off them: columns, constraints, indexes, triggers, and the
// relations and functions each view reads.

#include "db/postgres_introspect_rows.hpp"

#include <algorithm>

namespace mig::db::pg_introspect {

using schema::pg::QualifiedName;

Relations read_relations(const PgConnection& connection, const std::string& schemas,
                         schema::pg::Catalog& catalog) {
    // Partitions are left out (their parent is listed); so are mig's tables and an extension's.
    const Rows rows =
        query(connection,
              "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, " +
                  description("pg_class", "c.oid") +
                  ", "
                  "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END, "
                  "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END "
                  "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = ANY ($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm') "
                  "AND NOT c.relispartition AND NOT (c.relkind IN ('r', 'p') AND c.relname IN " +
                  std::string(k_mig_tables) + ") AND " + not_in_extension("pg_class", "c.oid"),
              schemas);
    Relations relations;
    for (int row = 0; row < rows.size(); ++row) {
        const QualifiedName name = rows.name(row, 1, 2);
        const std::string kind = rows.text(row, 3);
        if (kind == "r" || kind == "p") {
            schema::pg::Table& table = catalog.tables[name];
            table.name = name;
            table.unlogged = rows.text(row, 4) == "u";
            table.comment = rows.optional_text(row, 5);
            table.partition_key = rows.optional_text(row, 7);
            relations.tables.emplace(rows.text(row, 0), name);
        } else {
            schema::pg::View& view = catalog.views[name];
            view.name = name;
            view.materialized = kind == "m";
            view.definition = rows.text(row, 6);
            view.comment = rows.optional_text(row, 5);
            relations.views.emplace(rows.text(row, 0), name);
        }
    }
    return relations;
}

namespace {

schema::pg::Identity identity(const std::string& attidentity) {
    if (attidentity == "a") {
        return schema::pg::Identity::always;
    }
    if (attidentity == "d") {
        return schema::pg::Identity::by_default;
    }
    return schema::pg::Identity::none;
}

}  // namespace

// An identity column's sequence options (its deptype 'i' sequence), all of them when any
// differs from what `GENERATED ... AS IDENTITY` alone gives a column of its type: START WITH 1
// INCREMENT BY 1 MINVALUE 1 MAXVALUE <the type's maximum> CACHE 1, NO CYCLE. Evaluated for
// identity columns only.
constexpr const char* k_identity_options =
    "CASE WHEN a.attidentity <> '' THEN (SELECT CASE WHEN q.seqstart <> 1 "
    "OR q.seqincrement <> 1 OR q.seqmin <> 1 OR q.seqcache <> 1 OR q.seqcycle "
    "OR q.seqmax <> CASE q.seqtypid WHEN 'int2'::regtype THEN 32767 "
    "WHEN 'int4'::regtype THEN 2147483647 ELSE 9223372036854775807 END "
    "THEN format('START WITH %s INCREMENT BY %s MINVALUE %s MAXVALUE %s CACHE %s%s', "
    "q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, "
    "CASE WHEN q.seqcycle THEN ' CYCLE' ELSE '' END) ELSE '' END "
    "FROM pg_depend d JOIN pg_sequence q ON q.seqrelid = d.objid "
    "WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
    "AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'i') "
    "ELSE '' END";

void read_columns(const PgConnection& connection, Relations& relations,
                  schema::pg::Catalog& catalog) {
    // Few joins, so that planning stays cheap on a session's cold caches: the type's and the
    // collation's details come from subqueries, and the sequence a column owns is set by
    // read_sequences.
    const Rows rows = query(
        connection,
        "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
        "CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) END, "
        "CASE WHEN a.attcollation <> (SELECT t.typcollation FROM pg_type t "
        "WHERE t.oid = a.atttypid) THEN (SELECT quote_ident(cn.nspname) || '.' || "
        "quote_ident(co.collname) FROM pg_collation co "
        "JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END, "
        "a.attidentity, "
        "CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, "
        "a.attnum, " +
            std::string(k_identity_options) + ", " +
            description("pg_class", "a.attrelid", "a.attnum") +
            " FROM unnest($1::oid[]) r(oid) JOIN pg_attribute a ON a.attrelid = r.oid "
            "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
            "WHERE a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attrelid, a.attnum",
        relations.all_oids());
    for (int row = 0; row < rows.size(); ++row) {
        const std::string oid = rows.text(row, 0);
        if (auto view = relations.views.find(oid); view != relations.views.end()) {
            catalog.views[view->second].columns.push_back(rows.text(row, 1));
            continue;
        }
        schema::pg::Column column;
        column.name = rows.text(row, 1);
        column.type = rows.text(row, 2);
        column.not_null = rows.flag(row, 3);
        column.default_value = rows.optional_text(row, 4);
        column.collation = rows.text(row, 5);
        column.identity = identity(rows.text(row, 6));
        column.generated = rows.optional_text(row, 7);
        column.identity_options = rows.text(row, 9);
        column.comment = rows.optional_text(row, 10);
        relations.column_names[oid][rows.number(row, 8)] = column.name;
        catalog.tables[relations.tables.at(oid)].columns.push_back(std::move(column));
    }
}

namespace {

schema::pg::ConstraintKind constraint_kind(const std::string& contype) {
    using schema::pg::ConstraintKind;
    if (contype == "p") {
        return ConstraintKind::primary_key;
    }
    if (contype == "u") {
        return ConstraintKind::unique;
    }
    if (contype == "f") {
        return ConstraintKind::foreign_key;
    }
    if (contype == "x") {
        return ConstraintKind::exclude;
    }
    return ConstraintKind::check;
}

// pg_get_constraintdef ends a constraint not validated yet with ` NOT VALID`: that is
// `validated`, not part of the definition.
std::string without_not_valid(std::string definition, bool validated) {
    const std::string suffix = " NOT VALID";
    if (!validated && definition.size() > suffix.size() &&
        definition.compare(definition.size() - suffix.size(), suffix.size(), suffix) == 0) {
        definition.resize(definition.size() - suffix.size());
    }
    return definition;
}

}  // namespace

void read_constraints(const PgConnection& connection, const Relations& relations,
                      schema::pg::Catalog& catalog) {
    const Rows rows =
        query(connection,
              "SELECT co.conrelid, co.conname, co.contype, pg_get_constraintdef(co.oid), "
              "coalesce(co.conkey::text, '{}'), "
              "rn.nspname, rc.relname, co.convalidated, " +
                  description("pg_constraint", "co.oid") +
                  " FROM unnest($1::oid[]) r(oid) JOIN pg_constraint co ON co.conrelid = r.oid "
                  "LEFT JOIN pg_class rc ON rc.oid = co.confrelid "
                  "LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
                  "WHERE co.contype IN ('p', 'u', 'c', 'f', 'x') AND co.conparentid = 0",
              relations.table_oids());
    for (int row = 0; row < rows.size(); ++row) {
        schema::pg::Constraint constraint;
        constraint.name = rows.text(row, 1);
        constraint.kind = constraint_kind(rows.text(row, 2));
        constraint.validated = rows.flag(row, 7);
        constraint.definition = without_not_valid(rows.text(row, 3), constraint.validated);
        for (const std::string& attnum : rows.texts(row, 4)) {
            constraint.columns.push_back(relations.column_name(rows.text(row, 0), attnum));
        }
        if (auto table = rows.optional_text(row, 6)) {
            constraint.referenced_table = QualifiedName{rows.text(row, 5), *table};
        }
        constraint.comment = rows.optional_text(row, 8);
        catalog.tables[relations.tables.at(rows.text(row, 0))].constraints.push_back(
            std::move(constraint));
    }
    for (auto& [name, table] : catalog.tables) {
        std::sort(table.constraints.begin(), table.constraints.end(),
                  [](const auto& a, const auto& b) { return a.name < b.name; });
    }
}

void read_indexes(const PgConnection& connection, const Relations& relations,
                  schema::pg::Catalog& catalog) {
    // An index that backs a primary key, unique or exclusion constraint of its own table comes
    // and goes with the constraint. (A foreign key's conindid names the referenced table's
    // index, hence the conrelid test.)
    const Rows rows = query(
        connection,
        "SELECT i.indrelid, n.nspname, ic.relname, pg_get_indexdef(i.indexrelid), i.indisunique, " +
            description("pg_class", "i.indexrelid") +
            " FROM unnest($1::oid[]) r(oid) JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic "
            "ON ic.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = ic.relnamespace "
            "WHERE NOT EXISTS (SELECT 1 FROM pg_constraint co "
            "WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid "
            "AND co.contype IN ('p', 'u', 'x'))",
        relations.all_oids());
    for (int row = 0; row < rows.size(); ++row) {
        schema::pg::Index index;
        index.name = rows.name(row, 1, 2);
        index.table = *relations.find(rows.text(row, 0));
        index.definition = rows.text(row, 3);
        index.unique = rows.flag(row, 4);
        index.comment = rows.optional_text(row, 5);
        catalog.indexes.emplace(index.name, std::move(index));
    }
}

void read_view_dependencies(const PgConnection& connection, const Relations& relations,
                            schema::pg::Catalog& catalog) {
    if (relations.views.empty()) {
        return;
    }
    // What a view's rewrite rule depends on: relations and functions, outside the system
    // schemas (they are always there, so they never order anything).
    const Rows rows =
        query(connection,
              "SELECT DISTINCT r.ev_class, n.nspname, c.relname FROM unnest($1::oid[]) v(oid) "
              "JOIN pg_rewrite r ON r.ev_class = v.oid "
              "JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid "
              "AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class "
              "JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace "
              "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
              "UNION SELECT r.ev_class, n.nspname, p.proname FROM unnest($1::oid[]) v(oid) "
              "JOIN pg_rewrite r ON r.ev_class = v.oid "
              "JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid "
              "AND d.refclassid = 'pg_proc'::regclass "
              "JOIN pg_proc p ON p.oid = d.refobjid JOIN pg_namespace n ON n.oid = p.pronamespace "
              "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')",
              relations.all_oids());
    for (int row = 0; row < rows.size(); ++row) {
        if (auto view = relations.views.find(rows.text(row, 0)); view != relations.views.end()) {
            catalog.views[view->second].depends_on.push_back(rows.name(row, 1, 2));
        }
    }
    for (auto& [name, view] : catalog.views) {
        std::sort(view.depends_on.begin(), view.depends_on.end());
        view.depends_on.erase(std::unique(view.depends_on.begin(), view.depends_on.end()),
                              view.depends_on.end());
    }
}

void read_triggers(const PgConnection& connection, const Relations& relations,
                   schema::pg::Catalog& catalog) {
    // Internal triggers are the ones that implement foreign keys; a constraint trigger that
    // the schema created (CREATE CONSTRAINT TRIGGER) is not internal and is listed.
    const Rows rows =
        query(connection,
              "SELECT t.tgrelid, t.tgname, pg_get_triggerdef(t.oid, false), " +
                  description("pg_trigger", "t.oid") +
                  " FROM unnest($1::oid[]) r(oid) JOIN pg_trigger t ON t.tgrelid = r.oid "
                  "WHERE NOT t.tgisinternal "
                  "AND t.tgparentid = 0",
              relations.all_oids());
    for (int row = 0; row < rows.size(); ++row) {
        schema::pg::Trigger trigger;
        trigger.name = rows.text(row, 1);
        trigger.table = *relations.find(rows.text(row, 0));
        trigger.definition = rows.text(row, 2);
        trigger.comment = rows.optional_text(row, 3);
        catalog.triggers.emplace(std::pair{trigger.table, trigger.name}, std::move(trigger));
    }
}

}  // namespace mig::db::pg_introspect
