# `cpack` (in the build folder) makes a Debian package, mig_<version>_<arch>.deb, installing into
# /usr: the binary, mig(1), the completions, the revision template and the hook scripts.
# scripts/test-deb.sh builds it, unpacks it into an empty root and runs the demo's first steps.
#
# Depends: dpkg-shlibdeps reads the libraries mig links (libsqlite3-0, libnettle8, libstdc++6,
# ...); the two that mig opens with dlopen on first use, and that shlibdeps cannot see, are
# added by hand: the packages owning the very libgit2 and libpq this build was made against.
function(mig_package_of library_file out)
  execute_process(COMMAND dpkg-query --search ${library_file} OUTPUT_VARIABLE owner
                  ERROR_QUIET RESULT_VARIABLE failed)
  if(failed OR NOT owner)
    message(WARNING "no Debian package owns ${library_file}: the .deb will not depend on it")
    set(${out} "" PARENT_SCOPE)
    return()
  endif()
  string(REGEX REPLACE "[:,].*" "" owner "${owner}")  # "libgit2-1.5:amd64: /usr/lib/..."
  set(${out} ${owner} PARENT_SCOPE)
endfunction()

string(REGEX MATCH "^[0-9]+\\.[0-9]+" mig_libgit2_abi "${LIBGIT2_VERSION}")  # as src/ does
find_library(MIG_LIBGIT2_RUNTIME NAMES libgit2.so.${mig_libgit2_abi})
find_library(MIG_LIBPQ_RUNTIME NAMES libpq.so.5)
set(mig_dlopened_packages "")
foreach(library ${MIG_LIBGIT2_RUNTIME} ${MIG_LIBPQ_RUNTIME})
  get_filename_component(resolved ${library} REALPATH)
  mig_package_of(${library} package)
  if(NOT package)
    mig_package_of(${resolved} package)
  endif()
  if(package)
    list(APPEND mig_dlopened_packages ${package})
  endif()
endforeach()
list(JOIN mig_dlopened_packages ", " mig_dlopened_depends)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mig)
set(CPACK_PACKAGE_VENDOR "mig")
set(CPACK_PACKAGE_CONTACT "mig maintainers <mig@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "safe database schema migrations in a git repository")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Revision scripts in a git repository, written by hand or generated from a declarative model,\n"
    "applied to SQLite or PostgreSQL one transaction at a time, with git hooks, rollback of the\n"
    "database and the code together, and import from other migration tools.")
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${mig_dlopened_depends}")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "git, sqlite3, postgresql-client")
include(CPack)
