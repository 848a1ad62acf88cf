// A few generated pairs through the real `mig` binary, end to end: the in-process batch drives
// the layers, these prove the same pairs hold through the CLI (model file, `mig migrate` with
// --rename, the revision file on disk, `mig upgrade` with rows present, `mig check`, `mig
// downgrade`).
#include "db/sqlite_introspect.hpp"
#include "e2e/project.hpp"
#include "property/generator.hpp"
#include "schema/catalog.hpp"

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mig::property {
namespace {

using test::describe;

// A --rename name: quoted when parse_rename would otherwise split it.
std::string flag_name(const std::string& name) {
    if (name.find_first_of(".=\"") == std::string::npos && name.front() != ' ' &&
        name.back() != ' ') {
        return name;
    }
    return quote(name);
}

schema::Catalog introspect_file(const std::filesystem::path& path) {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    schema::Catalog catalog = db::introspect(db);
    catalog.tables.erase("mig_version");
    catalog.tables.erase("mig_history");
    return catalog;
}

schema::Catalog model_of(const std::string& ddl) {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(ddl);
    return db::introspect(db);
}

class PropertyBinary : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(PropertyBinary, PairRoundTripsThroughTheBinary) {
    Generator generator(GetParam());
    const Pair pair = generator.pair();
    SCOPED_TRACE("seed " + std::to_string(GetParam()) + "\nbefore:\n" + ddl(pair.before) +
                 "after:\n" + ddl(pair.after));
    test::Project project;
    project.dir().write("models/schema.sql", ddl(pair.before));
    test::MigResult first = project.mig({"migrate", "-m", "before"});
    ASSERT_EQ(first.exit_code, 0) << describe(first);
    test::MigResult up = project.mig({"upgrade"});
    ASSERT_EQ(up.exit_code, 0) << describe(up);
    test::exec_sql(project.db(), "PRAGMA foreign_keys = ON;\n" + rows_sql(pair.before, 3));

    project.dir().write("models/schema.sql", ddl(pair.after));
    std::vector<std::string> args{"migrate", "-m", "after"};
    for (const Rename& rename : pair.renames) {
        args.emplace_back("--rename");
        args.push_back((rename.table.empty() ? "" : flag_name(rename.table) + ".") +
                       flag_name(rename.from) + "=" + flag_name(rename.to));
    }
    test::MigResult second = project.mig(args);
    ASSERT_EQ(second.exit_code, 0) << describe(second);
    test::MigResult upgrade = project.mig({"upgrade"});
    ASSERT_EQ(upgrade.exit_code, 0) << describe(upgrade);
    test::MigResult check = project.mig({"check", "--db"});
    EXPECT_EQ(check.exit_code, 0) << describe(check);
    EXPECT_TRUE(introspect_file(project.db()) == model_of(ddl(pair.after)));
    EXPECT_EQ(test::query_rows(project.db(), "PRAGMA foreign_key_check").size(), 0U);

    test::MigResult down = project.mig({"downgrade"});
    ASSERT_EQ(down.exit_code, 0) << describe(down);
    EXPECT_TRUE(introspect_file(project.db()) == model_of(ddl(pair.before)));
}

// Fixed seeds of the batch's kind: renames, rebuilds, added constraints among them.
INSTANTIATE_TEST_SUITE_P(Seeds, PropertyBinary,
                         ::testing::Values(20261206U, 20261207U, 20261212U, 20261528U, 20261951U));

}  // namespace
}  // namespace mig::property
