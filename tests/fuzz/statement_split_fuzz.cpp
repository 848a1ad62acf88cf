// Fuzzes the SQLite statement splitter (dialect/sqlite_dialect.cpp), which decides what runs
// as one statement: see statement_split_check.hpp for what must hold for any input.

#include "dialect/sqlite_dialect.hpp"
#include "statement_split_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const mig::dialect::SqliteDialect dialect;
    mig::fuzz::check_split(dialect, mig::fuzz::as_text(data, size), 1);
    return 0;
}
