#pragma once

#include <stdexcept>
#include <string>

namespace mig {

// The contract's exit codes. Every failure maps to exactly one of them.
enum class ExitCode : int {
    success = 0,
    failed = 1,  // an SQL error; a check that found problems
    bad_input =
        2,  // bad usage, configuration or input (unparseable file, unknown target, broken graph)
    refused = 3,  // refused by a safety check
};

// Base of every domain error. `what()` is the one line printed after `mig: error: `;
// `hint()` is what to do next, appended by the CLI at the boundary.
class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message, std::string hint = {})
        : std::runtime_error(message), m_code(code), m_hint(std::move(hint)) {}

    ExitCode code() const { return m_code; }
    const std::string& hint() const { return m_hint; }

private:
    ExitCode m_code;
    std::string m_hint;
};

// Bad usage, configuration or input: exit 2.
class InputError : public Error {
public:
    explicit InputError(const std::string& message, std::string hint = {})
        : Error(ExitCode::bad_input, message, std::move(hint)) {}
};

// An unparseable file, located at file:line.
class ParseError : public InputError {
public:
    ParseError(std::string file, int line, const std::string& message, std::string hint = {})
        : InputError(file + ":" + std::to_string(line) + ": " + message, std::move(hint)),
          m_file(std::move(file)),
          m_line(line) {}

    const std::string& file() const { return m_file; }
    int line() const { return m_line; }

private:
    std::string m_file;
    int m_line;
};

// An operation that ran and failed (an SQL error, a lock timeout): exit 1.
class FailedError : public Error {
public:
    explicit FailedError(const std::string& message, std::string hint = {})
        : Error(ExitCode::failed, message, std::move(hint)) {}
};

// Refused by a safety check: exit 3. Nothing was changed.
class RefusedError : public Error {
public:
    explicit RefusedError(const std::string& message, std::string hint = {})
        : Error(ExitCode::refused, message, std::move(hint)) {}
};

}  // namespace mig
