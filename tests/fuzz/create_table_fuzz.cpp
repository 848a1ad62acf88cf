// Fuzzes the CREATE TABLE parser (schema/create_table_parser.cpp) and the DDL rendered from
// what it reads (autogen/sqlite_ddl.cpp). For any input, parsing throws SqlSyntaxError or gives
// a table; for a statement SQLite accepts, the table round-trips:
//   - generate_create_table(table) parses back to an equal table (semantic equality);
//   - create_table(table, other_name), which keeps the stored text and renames it, parses back
//     to the same table under the new name.

#include "autogen/sqlite_ddl.hpp"
#include "fuzz_check.hpp"
#include "schema/create_table_parser.hpp"
#include "schema/errors.hpp"
#include "schema/identifier.hpp"
#include "sqlite_oracle.hpp"

namespace {

using mig::schema::Table;

Table parse_back(const std::string& sql) {
    try {
        return mig::schema::parse_create_table(sql);
    } catch (const mig::schema::SqlSyntaxError& error) {
        std::fprintf(stderr, "rendered table does not parse: %s\n%s\n", error.what(), sql.c_str());
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view sql = mig::fuzz::as_text(data, size);
    Table table;
    try {
        table = mig::schema::parse_create_table(sql);
    } catch (const mig::schema::SqlSyntaxError&) {
        return 0;
    }
    if (table.kind != mig::schema::TableKind::ordinary || !mig::fuzz::sqlite_accepts(sql)) {
        return 0;
    }

    const Table generated =
        parse_back(mig::autogen::sqlite::generate_create_table(table, table.name));
    MIG_FUZZ_CHECK(generated == table);

    Table renamed = parse_back(mig::autogen::sqlite::create_table(table, "fuzz renamed"));
    MIG_FUZZ_CHECK(renamed.name == "fuzz renamed");
    renamed.name = table.name;
    MIG_FUZZ_CHECK(renamed == table);
    return 0;
}
