# Project-wide warning, sanitizer and fuzzing flags.
# Every target of this project gets them through bertc_target_defaults().

set(BERTC_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wimplicit-fallthrough)
if(BERTC_WERROR)
  list(APPEND BERTC_WARNING_FLAGS -Werror)
endif()

if(BERTC_SANITIZE)
  add_compile_options(-fsanitize=${BERTC_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${BERTC_SANITIZE})
endif()

if(BERTC_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "BERTC_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Everything is instrumented for coverage; only the fuzzer binaries link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

function(bertc_target_defaults target)
  target_compile_options(${target} PRIVATE ${BERTC_WARNING_FLAGS})
endfunction()

# bertc_add_fuzzer(NAME SOURCES... LIBS...): a libFuzzer binary named NAME, built only with
# -DBERTC_FUZZ=ON. scripts/test.sh runs every target whose name ends in _fuzzer, seeding it from
# tests/fuzz/corpus/NAME/ when that folder exists.
function(bertc_add_fuzzer name)
  cmake_parse_arguments(F "" "" "SOURCES;LIBS" ${ARGN})
  if(NOT BERTC_FUZZ)
    return()
  endif()
  add_executable(${name} ${F_SOURCES})
  bertc_target_defaults(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${name} PRIVATE ${F_LIBS})
  set_property(GLOBAL APPEND PROPERTY BERTC_FUZZERS ${name})
endfunction()

# bertc_add_gtest(NAME SOURCES... LIBS... [SANITIZE]): a GoogleTest executable whose tests CTest
# discovers. BERTC_DATA_DIR points at the repository's data/. SANITIZE marks suites that the
# ASan/UBSan build runs (label `sanitize`; `cmake --build . --target sanitized-tests` builds them):
# the runtime's and the parser's, which handle untrusted input.
function(bertc_add_gtest name)
  cmake_parse_arguments(T "SANITIZE" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_compile_definitions(${name} PRIVATE BERTC_DATA_DIR="${PROJECT_SOURCE_DIR}/data")
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest_main)
  bertc_target_defaults(${name})
  set(labels ${T_LABELS})
  if(T_SANITIZE)
    list(APPEND labels sanitize)
    set_property(GLOBAL APPEND PROPERTY BERTC_SANITIZED_TESTS ${name})
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 120 PROPERTIES LABELS "${labels}")
endfunction()
