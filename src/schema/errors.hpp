#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <string>

namespace mig::schema {

// SQL this layer cannot read: `<what>: <problem> at offset <n> near "<text>"`. SQLite has already
// accepted every statement mig parses, so this means an input the parser does not cover.
class SqlSyntaxError : public InputError {
public:
    SqlSyntaxError(const std::string& message, std::size_t offset)
        : InputError(message,
                     "mig reads CREATE statements as SQLite stores them; please report the "
                     "statement"),
          m_offset(offset) {}

    std::size_t offset() const { return m_offset; }

private:
    std::size_t m_offset;
};

}  // namespace mig::schema
