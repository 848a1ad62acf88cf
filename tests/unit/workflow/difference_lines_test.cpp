#include "workflow/difference_lines.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mig::workflow {
namespace {

using ::testing::ElementsAre;

schema::Column column(std::string name, std::string type, bool not_null = false) {
    schema::Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.not_null = not_null;
    return c;
}

const Sides k_check{"migrations", "model"};

TEST(DifferenceLines, AddedAndDroppedObjectsSayWhichSideHasThem) {
    EXPECT_THAT(difference_lines(ops::AddColumn{"user", column("age", "INTEGER")}, k_check),
                ElementsAre("table user: column age missing in migrations (model has INTEGER)"));
    EXPECT_THAT(difference_lines(ops::AddColumn{"user", column("x", "")}, k_check),
                ElementsAre("table user: column x missing in migrations (model has no declared "
                            "type)"));
    EXPECT_THAT(difference_lines(ops::DropColumn{"user", column("age", "INTEGER")},
                                 {"migrations", "database"}),
                ElementsAre("table user: column age in the migrations but not in the database"));
    schema::Table table;
    table.name = "post";
    EXPECT_THAT(difference_lines(ops::CreateTable{table}, k_check),
                ElementsAre("table post: missing in migrations (the model has it)"));
    EXPECT_THAT(difference_lines(ops::DropTable{table}, k_check),
                ElementsAre("table post: in the migrations but not in the model"));
}

TEST(DifferenceLines, ARebuildGivesOneLinePerChangeWithItsDirection) {
    ops::RebuildTable rebuild;
    rebuild.from.name = rebuild.to.name = "t";
    rebuild.from.columns = {column("a", "INTEGER"), column("b", "TEXT")};
    rebuild.to.columns = {column("a", "TEXT"), column("b", "TEXT", true)};
    rebuild.column_sources = {{"a", "a"}, {"b", "b"}};
    EXPECT_THAT(difference_lines(rebuild, k_check),
                ElementsAre("table t: column a type INTEGER -> TEXT (migrations -> model)",
                            "table t: column b nullable -> NOT NULL (migrations -> model)"));
}

TEST(DifferenceLines, ColumnsARebuildAddsOrDropsReadLikeAddAndDropColumn) {
    ops::RebuildTable rebuild;
    rebuild.from.name = rebuild.to.name = "user";
    rebuild.from.columns = {column("id", "INTEGER"), column("age", "INTEGER"),
                            column("old", "TEXT")};
    rebuild.to.columns = {column("id", "INTEGER"), column("nick", "TEXT"),
                          column("age", "INTEGER")};
    rebuild.column_sources = {{"id", "id"}, {"age", "age"}};
    EXPECT_THAT(difference_lines(rebuild, {"migrations", "database"}),
                ElementsAre("table user: column old in the migrations but not in the database",
                            "table user: column nick missing in migrations (database has TEXT)"));
}

}  // namespace
}  // namespace mig::workflow
