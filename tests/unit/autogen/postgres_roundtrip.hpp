#pragma once

// The PostgreSQL round-trip fixture (postgres_roundtrip_test.cpp, postgres_random_test.cpp):
// the `current` DDL with rows in one database, the `desired` DDL in another; both introspected,
// compared, rendered; the upgrade applied to the first database must make it introspect equal
// to the second, keep the rows, and leave nothing for a second compare; the downgrade must
// give the original schema back.

#include "autogen/postgres_compare.hpp"
#include "autogen/postgres_render.hpp"
#include "db/database_url.hpp"
#include "db/postgres_connection.hpp"
#include "db/postgres_introspect.hpp"
#include "dialect/postgres_split.hpp"
#include "support/postgres.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace mig::autogen::pg {

struct Case {
    std::string current;  // DDL, then the rows
    std::string desired;  // DDL
    std::string rows;     // a query whose result must survive the upgrade (empty: none)
    std::vector<RenameHint> renames = {};
    std::vector<std::string> schemas = {"public"};
    Options options = {};
};

// PostgreSQL cannot reorder columns: ADD COLUMN appends, so a downgrade that adds back a
// dropped column leaves it last. compare() does not count column order (docs/autogenerate.md);
// this equality does not either.
inline schema::pg::Catalog columns_by_name(schema::pg::Catalog catalog) {
    for (auto& [name, table] : catalog.tables) {
        std::sort(table.columns.begin(), table.columns.end(),
                  [](const auto& a, const auto& b) { return a.name < b.name; });
    }
    return catalog;
}

inline std::string lines_of(const Comparison& comparison) {
    std::string text;
    for (const std::string& line : difference_lines(comparison)) {
        text += "  " + line + "\n";
    }
    return text;
}

class PostgresRoundTrip : public test::PostgresTest {
protected:
    void SetUp() override {
        test::PostgresTest::SetUp();
        if (IsSkipped()) {
            return;
        }
        reset();
    }

    static db::PgConnection connect(const test::PostgresDatabase& database) {
        return db::PgConnection::open(db::parse_database_url(database.url(), "/"), {});
    }

    static schema::pg::Catalog read(const test::PostgresDatabase& database,
                                    const std::vector<std::string>& schemas) {
        db::PgConnection connection = connect(database);
        return db::introspect(connection, schemas);
    }

    // As the runner runs a revision: in one transaction, or statement by statement.
    static void apply(const test::PostgresDatabase& database, const Rendered& rendered) {
        db::PgConnection connection = connect(database);
        if (rendered.transaction_off) {
            for (const dialect::Statement& statement : dialect::split_postgres(rendered.sql, 1)) {
                connection.exec(statement.sql);
            }
            return;
        }
        connection.exec("BEGIN");
        for (const dialect::Statement& statement : dialect::split_postgres(rendered.sql, 1)) {
            connection.exec(statement.sql);
        }
        connection.exec("COMMIT");
    }

    // The whole round trip; returns the upgrade's SQL for further assertions.
    Rendered round_trip(const Case& c) {
        test::PostgresDatabase& live = *m_live;
        live.exec(c.current);
        m_model->exec(c.desired);
        const schema::pg::Catalog original = read(live, c.schemas);
        const schema::pg::Catalog desired = read(*m_model, c.schemas);
        const std::vector<std::vector<std::string>> rows =
            c.rows.empty() ? std::vector<std::vector<std::string>>{} : live.rows(c.rows);

        const Comparison comparison = compare(original, desired, c.renames, c.options);
        const Rendered upgrade = render(comparison.upgrade, desired);
        const Rendered downgrade = render(ops::pg::reverse_all(comparison.upgrade), original);
        SCOPED_TRACE("upgrade:\n" + upgrade.sql + "\ndowngrade:\n" + downgrade.sql);

        try {
            apply(live, upgrade);
        } catch (const std::exception& error) {
            ADD_FAILURE() << "the upgrade failed: " << error.what();
            return upgrade;
        }
        const schema::pg::Catalog upgraded = read(live, c.schemas);
        const Comparison left = compare(upgraded, desired, {});
        EXPECT_TRUE(left.upgrade.empty()) << "after the upgrade:\n" << lines_of(left);
        EXPECT_TRUE(columns_by_name(upgraded) == columns_by_name(desired))
            << "the upgraded catalog differs from the model";
        if (!c.rows.empty()) {
            EXPECT_EQ(live.rows(c.rows), rows) << "rows changed by the upgrade";
        }

        try {
            apply(live, downgrade);
        } catch (const std::exception& error) {
            // A column the upgrade dropped comes back without its values: a NOT NULL one without
            // a default, or one in a UNIQUE key, cannot take the rows there are. The downgrade
            // says so with its own mark (`... (fails on ...)`) and fails, rolled back, as marked.
            if (downgrade.sql.find("-- mig:destructive adds ") == std::string::npos ||
                downgrade.sql.find("(fails on ") == std::string::npos) {
                ADD_FAILURE() << "the downgrade failed: " << error.what();
            }
            return upgrade;
        }
        const schema::pg::Catalog downgraded = read(live, c.schemas);
        const Comparison back = compare(downgraded, original, {});
        EXPECT_TRUE(back.upgrade.empty()) << "after the downgrade:\n" << lines_of(back);
        EXPECT_TRUE(columns_by_name(downgraded) == columns_by_name(original))
            << "the downgraded catalog differs from the original";
        if (!c.rows.empty()) {
            EXPECT_EQ(live.rows(c.rows), rows) << "rows changed by the downgrade";
        }
        m_last_upgrade = upgrade;
        return upgrade;
    }

    // Fresh databases for the next round trip of the same test.
    void reset() {
        m_live = std::make_unique<test::PostgresDatabase>(database().server());
        m_model = std::make_unique<test::PostgresDatabase>(database().server());
    }

    std::unique_ptr<test::PostgresDatabase> m_live;
    std::unique_ptr<test::PostgresDatabase> m_model;
    Rendered m_last_upgrade;
};

}  // namespace mig::autogen::pg
