#pragma once

// libpq, loaded on first use (internal to the db layer).
//
// Debian's libpq pulls in OpenSSL, Kerberos (GSSAPI), LDAP, GnuTLS and their dependencies: 21
// more shared libraries whose loading, relocation and initialisation cost every process that
// links it 10.9 million instructions and about 9.5 ms (a C++ `main` that returns at once: 3.1
// ms unlinked, 12.6 ms linked; see docs/postgres.md), which every SQLite command, `mig
// --version` and every git hook would pay.
// So mig does not link libpq: the db layer opens it with dlopen() the first time it connects to
// PostgreSQL, and calls it through this table of functions, typed from libpq's own header.

#include <libpq-fe.h>

namespace mig::db::detail {

#define MIG_LIBPQ_FUNCTIONS(X) \
    X(PQconnectdbParams)       \
    X(PQstatus)                \
    X(PQerrorMessage)          \
    X(PQfinish)                \
    X(PQexec)                  \
    X(PQexecParams)            \
    X(PQresultStatus)          \
    X(PQresultErrorMessage)    \
    X(PQresultErrorField)      \
    X(PQclear)                 \
    X(PQntuples)               \
    X(PQnfields)               \
    X(PQgetvalue)              \
    X(PQgetisnull)             \
    X(PQsetNoticeProcessor)    \
    X(PQconninfoParse)         \
    X(PQconninfoFree)          \
    X(PQhost)                  \
    X(PQport)                  \
    X(PQdb)                    \
    X(PQuser)                  \
    X(PQbackendPID)            \
    X(PQtransactionStatus)     \
    X(PQserverVersion)         \
    X(PQfreemem)               \
    X(PQcmdTuples)

struct Libpq {
// NOLINTNEXTLINE(bugprone-macro-parentheses): `name` is declared here, not an expression
#define MIG_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
    MIG_LIBPQ_FUNCTIONS(MIG_LIBPQ_MEMBER)
#undef MIG_LIBPQ_MEMBER
};

// The library, loaded on the first call and kept for the life of the process. FailedError
// naming the library and what to install when it cannot be loaded.
const Libpq& libpq();

// Whether libpq has been loaded by this process (for the test that SQLite commands never
// load it).
bool libpq_loaded();

}  // namespace mig::db::detail
