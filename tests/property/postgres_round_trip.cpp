#include "property/postgres_round_trip.hpp"

#include "autogen/compare.hpp"
#include "autogen/postgres_compare.hpp"
#include "autogen/postgres_compare_detail.hpp"
#include "autogen/postgres_render.hpp"
#include "db/database_url.hpp"
#include "db/postgres_connection.hpp"
#include "db/postgres_introspect.hpp"
#include "dialect/postgres_split.hpp"
#include "ops/postgres_operation.hpp"
#include "schema/postgres_catalog_json.hpp"
#include "script/revision_script.hpp"
#include "script/script_writer.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

namespace mig::property::pg {

namespace {

namespace apg = autogen::pg;
using Catalog = schema::pg::Catalog;
using Rows = std::vector<std::vector<std::vector<std::string>>>;

const std::vector<std::string> k_schemas = {"Other", "public"};

struct Failure {
    std::string what;
};

db::PgConnection connect(const test::PostgresDatabase& database) {
    return db::PgConnection::open(db::parse_database_url(database.url(), "/"), {});
}

// Back to an empty database (the schemas, and the types in them, dropped with CASCADE):
// both databases start each case alike.
void empty(const test::PostgresDatabase& database) {
    database.exec("DROP SCHEMA IF EXISTS public, \"Other\" CASCADE; CREATE SCHEMA public;");
}

Catalog read(const test::PostgresDatabase& database) {
    return db::introspect(connect(database), k_schemas);
}

// PostgreSQL appends an added column: column order is not compared (docs/autogenerate.md).
Catalog columns_by_name(Catalog catalog) {
    for (auto& [name, table] : catalog.tables) {
        std::sort(table.columns.begin(), table.columns.end(),
                  [](const auto& a, const auto& b) { return a.name < b.name; });
    }
    return catalog;
}

// When compare finds nothing, the catalogs' differences as a JSON patch (from the actual to
// the expected catalog, columns by name), so that a case names what compare misses.
std::string catalog_patch(const Catalog& actual, const Catalog& expected) {
    std::string text;
    const nlohmann::json patch =
        nlohmann::json::diff(schema::pg::to_json(columns_by_name(actual)),
                             schema::pg::to_json(columns_by_name(expected)));
    for (const nlohmann::json& step : patch) {
        std::string line = step.dump();
        text += "    " + (line.size() > 400 ? line.substr(0, 400) + "..." : line) + "\n";
    }
    return text;
}

std::string still_needed(const Catalog& actual, const Catalog& expected) {
    std::string text;
    for (const std::string& line : apg::difference_lines(apg::compare(actual, expected))) {
        text += "    " + line + "\n";
    }
    return text.empty() ? "    (compare finds nothing, but the catalogs differ:)\n" +
                              catalog_patch(actual, expected)
                        : text;
}

// `actual` with the names of its indexes and constraints that PostgreSQL generated replaced by
// those of the objects of `expected` that compare matches them with (same definition, a
// generated name too): the generated-name rule (docs/autogenerate.md) says the names differ
// without the schemas differing. A model's two unnamed indexes of one column get `t_c_idx` and
// `t_c_idx1`; after the upgrade spells out the first one's name, the model's second one is
// `t_c_idx` where the database keeps `t_c_idx1` (seed 2000331).
Catalog with_generated_names_of(Catalog actual, const Catalog& expected) {
    std::map<schema::pg::QualifiedName, schema::pg::Index> indexes;
    const auto matching = apg::detail::match_indexes(actual, expected);
    std::map<schema::pg::QualifiedName, const schema::pg::Index*> matched;
    for (const auto& [from, to] : matching.same) {
        matched.emplace(from->name, to);
    }
    for (const auto& [name, index] : actual.indexes) {
        schema::pg::Index renamed = index;
        if (auto found = matched.find(name); found != matched.end()) {
            renamed.name = found->second->name;
            renamed.definition = found->second->definition;  // it names the index
        }
        indexes.emplace(renamed.name, renamed);
    }
    actual.indexes = std::move(indexes);
    for (auto& [name, table] : actual.tables) {
        const auto wanted = expected.tables.find(name);
        if (wanted == expected.tables.end()) {
            continue;
        }
        std::map<std::string, std::string> names;
        for (const auto& [from, to] : apg::detail::match_constraints(table, wanted->second).same) {
            names.emplace(from->name, to->name);
        }
        for (schema::pg::Constraint& constraint : table.constraints) {
            if (auto found = names.find(constraint.name); found != names.end()) {
                constraint.name = found->second;
            }
        }
        std::sort(table.constraints.begin(), table.constraints.end(),
                  [](const auto& a, const auto& b) { return a.name < b.name; });
    }
    return actual;
}

void expect_schema(const test::PostgresDatabase& database, const Catalog& expected,
                   const std::string& when) {
    const Catalog actual = read(database);
    if (!(columns_by_name(with_generated_names_of(actual, expected)) ==
          columns_by_name(expected)) ||
        !apg::compare(actual, expected).upgrade.empty()) {
        throw Failure{"after " + when +
                      " the schema differs from what it should be; still needed:\n" +
                      still_needed(actual, expected)};
    }
}

// The revision mig would write, parsed back with the parser used on load.
script::RevisionScript written_revision(const std::string& revision_template,
                                        const apg::Rendered& upgrade,
                                        const apg::Rendered& downgrade) {
    script::NewRevision revision;
    revision.id = "0123456789ab";
    revision.message = "property case";
    revision.created = "2026-01-01T00:00:00Z";
    revision.upgrade_sql = upgrade.sql;
    revision.downgrade_sql = downgrade.sql;
    revision.transactional = !(upgrade.transaction_off || downgrade.transaction_off);
    try {
        return script::parse_revision_script(script::render_revision(revision_template, revision),
                                             "property.sql");
    } catch (const std::exception& error) {
        throw Failure{std::string("the revision does not parse back: ") + error.what()};
    }
}

// As mig's runner: the section in one transaction, or statement by statement when the
// revision says `-- mig:transaction off`. Returns the server's error, or "".
std::string run(const test::PostgresDatabase& database, const script::Section& section,
                bool transactional) {
    db::PgConnection connection = connect(database);
    try {
        if (transactional) {
            connection.exec("BEGIN");
        }
        for (const dialect::Statement& statement :
             dialect::split_postgres(section.sql, section.first_line)) {
            connection.exec(statement.sql);
        }
        if (transactional) {
            connection.exec("COMMIT");
        }
    } catch (const std::exception& error) {
        if (transactional) {
            connection.try_exec("ROLLBACK");
        }
        return error.what();
    }
    return {};
}

Rows values(const test::PostgresDatabase& database, const std::vector<std::string>& queries) {
    Rows rows;
    for (const std::string& query : queries) {
        rows.push_back(database.rows(query));
    }
    return rows;
}

// Tables and columns of `before` that hold rows and that `after` no longer has (renames
// followed): their upgrade must say it loses data.
std::vector<std::string> dropped_with_rows(const Pair& pair) {
    std::vector<std::string> dropped;
    for (const Table& before : pair.before.tables) {
        std::string name = before.name;
        for (const auto& [from, to] : pair.table_renames) {
            name = from == before.name ? to : name;
        }
        const auto after = std::find_if(pair.after.tables.begin(), pair.after.tables.end(),
                                        [&](const Table& t) { return t.name == name; });
        if (after == pair.after.tables.end()) {
            dropped.push_back("table " + before.name);
            continue;
        }
        for (const Column& column : before.columns) {
            std::string column_name = column.name;
            for (const auto& [table, from, to] : pair.column_renames) {
                column_name = table == name && from == column.name ? to : column_name;
            }
            if (std::none_of(after->columns.begin(), after->columns.end(),
                             [&](const Column& c) { return c.name == column_name; })) {
                dropped.push_back("column " + before.name + "." + column.name);
            }
        }
    }
    return dropped;
}

Outcome check(const Pair& pair, const std::string& revision_template, const Databases& dbs) {
    const test::PostgresDatabase& live = dbs.live();
    const test::PostgresDatabase& model = dbs.model();
    empty(live);
    empty(model);

    // 1. mig creates `before` from nothing
    model.exec(ddl(pair.before));
    const Catalog before = read(model);
    const Catalog nothing = read(live);
    const apg::Comparison create = apg::compare(nothing, before);
    const apg::Rendered created = apg::render(create.upgrade, before);
    const script::RevisionScript first = written_revision(
        revision_template, created, apg::render(ops::pg::reverse_all(create.upgrade), nothing));
    if (std::string error = run(live, first.upgrade, first.transactional); !error.empty()) {
        throw Failure{"creating the first schema failed: " + error + "\n" + created.sql};
    }
    expect_schema(live, before, "creating the first schema");

    // 2. rows
    Schema with_rows = pair.before;
    live.exec(rows_sql(with_rows));

    // 3. the upgrade
    empty(model);
    model.exec(ddl(pair.after));
    const Catalog after = read(model);
    std::vector<autogen::RenameHint> hints;
    for (const Rename& rename : pair.renames) {
        hints.push_back(autogen::parse_rename(rename.argument));
    }
    const apg::Comparison comparison = apg::compare(read(live), after, hints);
    const apg::Rendered upgrade = apg::render(comparison.upgrade, after);
    const apg::Rendered downgrade = apg::render(ops::pg::reverse_all(comparison.upgrade), before);
    const std::string sql = "\nupgrade:\n" + upgrade.sql + "\ndowngrade:\n" + downgrade.sql;
    const script::RevisionScript revision = written_revision(revision_template, upgrade, downgrade);

    const std::vector<std::string> dropped = dropped_with_rows(pair);
    if (!dropped.empty() && upgrade.sql.find("-- mig:destructive") == std::string::npos) {
        throw Failure{dropped.front() +
                      " is dropped with its rows, but the upgrade carries no "
                      "-- mig:destructive mark" +
                      sql};
    }
    const Rows kept = values(live, kept_values_queries(pair, false));
    const Rows restored = values(live, kept_values_queries(pair, false, false));
    if (std::string error = run(live, revision.upgrade, revision.transactional); !error.empty()) {
        throw Failure{"the upgrade failed: " + error + sql};
    }
    try {
        expect_schema(live, after, "the upgrade");
    } catch (Failure& failure) {
        failure.what += sql;
        throw;
    }
    if (values(live, kept_values_queries(pair, true)) != kept) {
        throw Failure{"the upgrade changed values of columns it keeps" + sql};
    }

    // 4. the downgrade
    Outcome outcome;
    if (std::string error = run(live, revision.downgrade, revision.transactional); !error.empty()) {
        const bool marked = downgrade.sql.find("-- mig:destructive adds ") != std::string::npos &&
                            downgrade.sql.find("(fails on ") != std::string::npos;
        // A table dropped with its rows comes back empty: the foreign keys of the rows that
        // referred to it cannot be added back. That is the loss the upgrade announced.
        const bool parent_lost =
            error.find("SQLSTATE 23503") != std::string::npos &&
            std::any_of(dropped.begin(), dropped.end(),
                        [](const std::string& what) { return what.starts_with("table "); });
        if (!marked && !parent_lost) {
            throw Failure{"the downgrade failed: " + error + sql};
        }
        // It must change nothing: a transaction rolls it back; a `-- mig:transaction off`
        // revision (an enum value added back) keeps what ran before the failing statement.
        try {
            expect_schema(live, after,
                          std::string("the downgrade failed as marked (") + error +
                              (revision.transactional ? ")" : ", outside a transaction)"));
        } catch (Failure& failure) {
            failure.what += sql;
            throw;
        }
        outcome.downgrade_refused = true;
        return outcome;
    }
    try {
        expect_schema(live, before, "the downgrade");
    } catch (Failure& failure) {
        failure.what += sql;
        throw;
    }
    if (values(live, kept_values_queries(pair, false, false)) != restored) {
        throw Failure{"the downgrade did not give the rows back" + sql};
    }
    return outcome;
}

}  // namespace

Outcome check_pair(const Pair& pair, const std::string& revision_template,
                   const Databases& databases) {
    try {
        return check(pair, revision_template, databases);
    } catch (const Failure& failure) {
        return {failure.what, false};
    } catch (const std::exception& error) {
        return {std::string("unexpected error: ") + error.what(), false};
    }
}

}  // namespace mig::property::pg
