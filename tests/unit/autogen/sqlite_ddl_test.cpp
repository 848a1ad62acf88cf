// CREATE INDEX as autogenerate renders it, parsed back (the invariant the create_index fuzz
// target checks).

#include "autogen/sqlite_ddl.hpp"

#include "schema/create_index_parser.hpp"

#include <gtest/gtest.h>

namespace mig::autogen {
namespace {

schema::Index rendered_and_parsed_again(const std::string& sql) {
    schema::Index index = schema::parse_create_index(sql);
    index.sql.clear();  // render from the parts, not the stored text
    return schema::parse_create_index(sqlite::create_index(index));
}

TEST(RenderedIndex, AColumnWithAnEmptyNameKeepsItsName) {
    // Found by fuzz_create_index: `""` was rendered as nothing, so `("" DESC)` came back as a
    // column named DESC.
    const std::string sql = "CREATE INDEX i ON t (\"\"DESC)";
    schema::Index index = schema::parse_create_index(sql);
    index.sql.clear();
    EXPECT_EQ(rendered_and_parsed_again(sql), index) << sqlite::create_index(index);
}

TEST(RenderedIndex, ColumnsAndExpressionsRoundTrip) {
    for (const char* sql : {"CREATE UNIQUE INDEX i ON t (a COLLATE NOCASE DESC, b)",
                            "CREATE INDEX i ON t (lower(name), \"x y\") WHERE a > 1"}) {
        schema::Index index = schema::parse_create_index(sql);
        index.sql.clear();
        EXPECT_EQ(rendered_and_parsed_again(sql), index) << sql;
    }
}

}  // namespace
}  // namespace mig::autogen
