#include "vcs/libgit2.hpp"

#include "util/error.hpp"

#include <dlfcn.h>
#include <string>

// Debian's libgit2 is built with mbedTLS, and git_libgit2_init parses the whole CA bundle
// (/etc/ssl/certs/ca-certificates.crt, 144 certificates) for HTTPS in every process: 54
// million instructions, half of what `mig upgrade` with nothing to do runs in a repository,
// 6 ms on the benchmark VM (docs/performance.md, "Git coupling"). libgit2 1.5 reads no option
// or environment variable that skips it (the path is compiled in). mig never talks to a
// remote (no fetch, push or clone), so the mig executable exports this definition
// (src/CMakeLists.txt: --export-dynamic-symbol) and the dynamic linker binds libgit2's call to
// it before mbedTLS's own: no certificate is read. Should mig ever open an HTTPS connection,
// the chain is empty and certificate verification fails: safe, never silently insecure.
// Other executables (the tests) do not export it and load the bundle as before.
extern "C" int mbedtls_x509_crt_parse_file(void* /*chain*/, const char* /*path*/) {
    return 0;  // "parsed": an empty chain
}

namespace mig::vcs::detail {

namespace {

// Set by CMake from libgit2's pkg-config version: the SONAME of the library mig was built
// against ("libgit2.so.1.5"), so the ABI matches the header the table is typed from.
constexpr const char* k_library = MIG_LIBGIT2_SONAME;

std::string load_error() {
    const char* error = ::dlerror();
    return error != nullptr ? error : "unknown error";
}

Libgit2 load() {
    void* handle = ::dlopen(k_library, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        throw FailedError(
            std::string("cannot load ") + k_library + ", which mig needs for git: " + load_error(),
            "install libgit2 (on Debian 12: apt-get install libgit2-1.5)");
    }
    Libgit2 api;
    // Casting dlsym's void* to a function pointer is what POSIX requires dlsym to support.
#define MIG_LIBGIT2_LOAD(name)                                                            \
    api.name = reinterpret_cast<decltype(api.name)>(::dlsym(handle, #name));              \
    if (api.name == nullptr) {                                                            \
        throw FailedError(std::string(k_library) + " has no " #name ": " + load_error(),  \
                          "install the libgit2 that mig was built with, or rebuild mig"); \
    }
    MIG_LIBGIT2_FUNCTIONS(MIG_LIBGIT2_LOAD)
#undef MIG_LIBGIT2_LOAD
    return api;
}

// Loads and initialises once per process; git_libgit2_shutdown runs at exit. The handle is
// never closed: libgit2 keeps thread-local state until the process ends.
struct Library {
    Library() : api(load()) {
        api.git_libgit2_init();
        // No object cache: a mig process reads most objects once (first_parent_additions
        // reads every commit of the history once), and filling the cache costs more than it
        // saves: 20,000 commits are walked in 230 ms without it, 400 ms with it.
        api.git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
        // No SHA-1 of every object read: half of the instructions of that walk went into
        // hashing objects just inflated from the pack (20,000 commits: 2,094 million
        // instructions with it, see docs/performance.md "Git coupling"). git itself does not
        // re-hash what it reads (only fsck does); zlib's checksum still catches a damaged pack.
        api.git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    }
    ~Library() { api.git_libgit2_shutdown(); }
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;
    Libgit2 api;
};

}  // namespace

const Libgit2& libgit2() {
    static const Library library;
    return library.api;
}

}  // namespace mig::vcs::detail
