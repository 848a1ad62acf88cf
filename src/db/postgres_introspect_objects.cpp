// The objects that stand on their own in a schema: sequences, enum types, domains, functions
// and procedures; and the schemas and extensions themselves.

#include "db/postgres_introspect_rows.hpp"

#include <algorithm>

namespace mig::db::pg_introspect {

using schema::pg::QualifiedName;

void read_schemas_and_extensions(const PgConnection& connection, const std::string& schemas,
                                 schema::pg::Catalog& catalog) {
    const Rows rows = query(connection,
                            "SELECT n.nspname, " + description("pg_namespace", "n.oid") +
                                " FROM pg_namespace n WHERE n.nspname = ANY ($1::text[])",
                            schemas);
    for (int row = 0; row < rows.size(); ++row) {
        catalog.schemas.push_back(rows.text(row, 0));
        catalog.schema_comments[rows.text(row, 0)] = rows.optional_text(row, 1);
    }
    std::sort(catalog.schemas.begin(), catalog.schemas.end());

    // Every extension of the database, wherever it installed its objects (a model may put one
    // in a schema mig does not manage), except plpgsql, which every database has.
    const Rows extensions = query(connection,
                                  "SELECT e.extname, n.nspname FROM pg_extension e "
                                  "JOIN pg_namespace n ON n.oid = e.extnamespace "
                                  "WHERE e.extname <> ALL ($1::text[])",
                                  "{plpgsql}");
    for (int row = 0; row < extensions.size(); ++row) {
        schema::pg::Extension extension{extensions.text(row, 0), extensions.text(row, 1)};
        catalog.extensions.emplace(extension.name, std::move(extension));
    }
}

namespace {

// Records `sequence` as owned by `column` of `table` when the catalog lists that table (a
// column owning two sequences keeps the first by name, so the result never depends on order).
void set_owned_sequence(schema::pg::Catalog& catalog, const QualifiedName& table,
                        const std::string& column, const QualifiedName& sequence) {
    auto found = catalog.tables.find(table);
    if (found == catalog.tables.end()) {
        return;
    }
    for (schema::pg::Column& owner : found->second.columns) {
        if (owner.name == column && (!owner.owned_sequence || sequence < *owner.owned_sequence)) {
            owner.owned_sequence = sequence;
        }
    }
}

}  // namespace

void read_sequences(const PgConnection& connection, const std::string& schemas,
                    schema::pg::Catalog& catalog) {
    // The owner is the column of a deptype 'a' dependency (serial, OWNED BY; a sequence has
    // one at most, and PostgreSQL keeps it in its table's schema). A sequence with a deptype
    // 'i' one is an identity column's and is left out, as is one that mig's own tables own.
    const Rows rows =
        query(connection,
              "SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, "
              "s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, "
              "tn.nspname, tc.relname, a.attname, " +
                  description("pg_class", "c.oid") +
                  " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass "
                  "AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass "
                  "AND d.deptype IN ('a', 'i') "
                  "LEFT JOIN pg_class tc ON tc.oid = d.refobjid "
                  "LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace "
                  "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid "
                  "AND a.attnum = d.refobjsubid "
                  "WHERE n.nspname = ANY ($1::text[]) "
                  "AND d.deptype IS DISTINCT FROM 'i' "
                  "AND (tc.relname IS NULL OR tc.relname NOT IN " +
                  std::string(k_mig_tables) + ") AND " + not_in_extension("pg_class", "c.oid"),
              schemas);
    for (int row = 0; row < rows.size(); ++row) {
        schema::pg::Sequence sequence;
        sequence.name = rows.name(row, 0, 1);
        sequence.data_type = rows.text(row, 2);
        sequence.start = rows.number(row, 3);
        sequence.increment = rows.number(row, 4);
        sequence.min_value = rows.number(row, 5);
        sequence.max_value = rows.number(row, 6);
        sequence.cache = rows.number(row, 7);
        sequence.cycle = rows.flag(row, 8);
        if (auto table = rows.optional_text(row, 10)) {
            sequence.owned_by_table = QualifiedName{rows.text(row, 9), *table};
            sequence.owned_by_column = rows.text(row, 11);
            set_owned_sequence(catalog, *sequence.owned_by_table, sequence.owned_by_column,
                               sequence.name);
        }
        sequence.comment = rows.optional_text(row, 12);
        catalog.sequences.emplace(sequence.name, std::move(sequence));
    }
}

namespace {

void read_domain_constraints(const PgConnection& connection, const std::string& domain_oids,
                             const std::map<std::string, QualifiedName>& domains,
                             schema::pg::Catalog& catalog) {
    const Rows rows =
        query(connection,
              "SELECT co.contypid, co.conname, pg_get_constraintdef(co.oid) "
              "FROM unnest($1::oid[]) r(oid) JOIN pg_constraint co ON co.contypid = r.oid",
              domain_oids);
    for (int row = 0; row < rows.size(); ++row) {
        catalog.domains[domains.at(rows.text(row, 0))].constraints.push_back(
            {rows.text(row, 1), rows.text(row, 2)});
    }
    for (auto& [name, domain] : catalog.domains) {
        std::sort(domain.constraints.begin(), domain.constraints.end(),
                  [](const auto& a, const auto& b) { return a.name < b.name; });
    }
}

}  // namespace

void read_types(const PgConnection& connection, const std::string& schemas,
                schema::pg::Catalog& catalog) {
    // Enum types and domains in one pass; composite, range and base types are not modelled.
    const Rows rows = query(
        connection,
        "SELECT t.oid, n.nspname, t.typname, t.typtype, "
        "CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e "
        "WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END, "
        "format_type(t.typbasetype, t.typtypmod), t.typnotnull, pg_get_expr(t.typdefaultbin, 0), "
        "CASE WHEN t.typcollation <> b.typcollation "
        "THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END, " +
            description("pg_type", "t.oid") +
            " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            "LEFT JOIN pg_type b ON b.oid = t.typbasetype "
            "LEFT JOIN pg_collation co ON co.oid = t.typcollation "
            "LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace "
            "WHERE n.nspname = ANY ($1::text[]) AND t.typtype IN ('e', 'd') AND " +
            not_in_extension("pg_type", "t.oid"),
        schemas);
    std::map<std::string, QualifiedName> domains;
    std::string domain_oids = "{";
    for (int row = 0; row < rows.size(); ++row) {
        const QualifiedName name = rows.name(row, 1, 2);
        if (rows.text(row, 3) == "e") {
            catalog.enums[name] =
                schema::pg::EnumType{name, rows.texts(row, 4), rows.optional_text(row, 9)};
            continue;
        }
        schema::pg::Domain& domain = catalog.domains[name];
        domain.name = name;
        domain.base_type = rows.text(row, 5);
        domain.not_null = rows.flag(row, 6);
        domain.default_value = rows.optional_text(row, 7);
        domain.collation = rows.text(row, 8);
        domain.comment = rows.optional_text(row, 9);
        domains.emplace(rows.text(row, 0), name);
        domain_oids += (domain_oids.size() > 1 ? "," : "") + rows.text(row, 0);
    }
    if (!domains.empty()) {
        read_domain_constraints(connection, domain_oids + "}", domains, catalog);
    }
}

void read_functions(const PgConnection& connection, const std::string& schemas,
                    schema::pg::Catalog& catalog) {
    // Functions and procedures; aggregates and window functions are not modelled.
    const Rows rows =
        query(connection,
              "SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), "
              "p.prokind = 'p', pg_get_functiondef(p.oid), " +
                  description("pg_proc", "p.oid") +
                  " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                  "WHERE n.nspname = ANY ($1::text[]) AND p.prokind IN ('f', 'p') AND " +
                  not_in_extension("pg_proc", "p.oid"),
              schemas);
    for (int row = 0; row < rows.size(); ++row) {
        schema::pg::Function function;
        function.name = rows.name(row, 0, 1);
        function.identity_arguments = rows.text(row, 2);
        function.is_procedure = rows.flag(row, 3);
        function.definition = rows.text(row, 4);
        function.comment = rows.optional_text(row, 5);
        std::string key = function.signature();
        catalog.functions.emplace(std::move(key), std::move(function));
    }
}

}  // namespace mig::db::pg_introspect
