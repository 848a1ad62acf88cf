#include "db/libpq.hpp"

#include "util/error.hpp"

#include <atomic>
#include <dlfcn.h>
#include <string>

namespace mig::db::detail {

namespace {

// The SONAME of libpq's ABI, stable since PostgreSQL 8.x: every libpq5 speaks to every server
// version mig supports.
constexpr const char* k_library = "libpq.so.5";

std::atomic<bool> g_loaded{false};

std::string load_error() {
    const char* error = ::dlerror();
    return error != nullptr ? error : "unknown error";
}

Libpq load() {
    void* handle = ::dlopen(k_library, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        throw FailedError(std::string("cannot load ") + k_library +
                              ", which mig needs for PostgreSQL: " + load_error(),
                          "install libpq (on Debian 12: apt-get install libpq5)");
    }
    Libpq api;
    // Casting dlsym's void* to a function pointer is what POSIX requires dlsym to support.
#define MIG_LIBPQ_LOAD(name)                                                                \
    api.name = reinterpret_cast<decltype(api.name)>(::dlsym(handle, #name));                \
    if (api.name == nullptr) {                                                              \
        throw FailedError(std::string(k_library) + " has no " #name ": " + load_error(),    \
                          "install a libpq of PostgreSQL 10 or later (Debian 12: libpq5)"); \
    }
    MIG_LIBPQ_FUNCTIONS(MIG_LIBPQ_LOAD)
#undef MIG_LIBPQ_LOAD
    g_loaded = true;
    return api;
}

}  // namespace

// The handle is never closed: OpenSSL and Kerberos keep process-wide state until exit.
const Libpq& libpq() {
    static const Libpq api = load();
    return api;
}

bool libpq_loaded() {
    return g_loaded;
}

}  // namespace mig::db::detail
