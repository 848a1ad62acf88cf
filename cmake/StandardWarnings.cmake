# Shared compiler settings as an INTERFACE target: every mig target links it.
add_library(mig_warnings INTERFACE)
target_compile_options(mig_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                              -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                                              -Wconversion -Wsign-conversion
                                              -Wimplicit-fallthrough)
# GCC 12 at -O3 reports -Wrestrict for plain std::string concatenation (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(mig_warnings INTERFACE -Wno-restrict)
endif()
if(MIG_WARNINGS_AS_ERRORS)
  target_compile_options(mig_warnings INTERFACE -Werror)
endif()

# Sanitizer builds: cmake -DMIG_SANITIZE=address,undefined
set(MIG_SANITIZE "" CACHE STRING "Comma-separated sanitizers to enable (address,undefined,...)")
if(MIG_SANITIZE)
  target_compile_options(mig_warnings INTERFACE -fsanitize=${MIG_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(mig_warnings INTERFACE -fsanitize=${MIG_SANITIZE})
endif()
