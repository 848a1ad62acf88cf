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

# Sanitizer builds: cmake -DMIG_SANITIZE=address,undefined (scripts/test-sanitizers.sh).
# -fno-sanitize-recover=all makes the first undefined behaviour abort, so a test fails on it
# instead of printing a line nobody reads.
set(MIG_SANITIZE "" CACHE STRING "Comma-separated sanitizers to enable (address,undefined,...)")
# Fuzzing builds (scripts/fuzz.sh): every library gets libFuzzer's coverage instrumentation
# and the fuzz targets link libFuzzer's main (tests/fuzz/CMakeLists.txt).
if(MIG_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MIG_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++-14 "
                        "-DCMAKE_C_COMPILER=clang-14")
  endif()
  if(NOT MIG_SANITIZE)
    set(MIG_SANITIZE "address,undefined")
  endif()
  target_compile_options(mig_warnings INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(MIG_SANITIZE)
  target_compile_options(mig_warnings INTERFACE -fsanitize=${MIG_SANITIZE}
                                                -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(mig_warnings INTERFACE -fsanitize=${MIG_SANITIZE} -fno-sanitize-recover=all)
endif()
