// Fuzzes the CREATE INDEX parser (schema/create_index_parser.cpp) and the index DDL rendered
// from what it reads (autogen/sqlite_ddl.cpp). For any input, parsing throws SqlSyntaxError or
// gives an index; for a statement SQLite accepts, the index generated from its parts (no stored
// text) parses back to an equal index.

#include "autogen/sqlite_ddl.hpp"
#include "fuzz_check.hpp"
#include "schema/create_index_parser.hpp"
#include "schema/errors.hpp"
#include "sqlite_oracle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view sql = mig::fuzz::as_text(data, size);
    mig::schema::Index index;
    try {
        index = mig::schema::parse_create_index(sql);
    } catch (const mig::schema::SqlSyntaxError&) {
        return 0;
    }
    if (!mig::fuzz::sqlite_accepts(sql, mig::fuzz::Missing::allow_missing_table)) {
        return 0;
    }
    index.sql.clear();
    const std::string rendered = mig::autogen::sqlite::create_index(index);
    mig::schema::Index again;
    try {
        again = mig::schema::parse_create_index(rendered);
    } catch (const mig::schema::SqlSyntaxError& error) {
        std::fprintf(stderr, "rendered index does not parse: %s\n%s\n", error.what(),
                     rendered.c_str());
        std::abort();
    }
    MIG_FUZZ_CHECK(again == index);
    return 0;
}
