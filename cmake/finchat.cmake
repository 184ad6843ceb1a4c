# Helpers that give every component the same warnings, sanitizers and test wiring.

set(FINCHAT_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference
    -Wimplicit-fallthrough)
if(FINCHAT_WERROR)
  list(APPEND FINCHAT_WARNINGS -Werror)
endif()
# GCC 12's flow-based warnings misfire inside libstdc++ (<regex>, <functional>) once
# sanitizer instrumentation or -O2+ inlining is on; they are noise there, not findings.
# -Wrestrict misfires on std::string concatenation at -O3 (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND (FINCHAT_SANITIZE OR NOT CMAKE_BUILD_TYPE STREQUAL "Debug"))
  list(APPEND FINCHAT_WARNINGS -Wno-maybe-uninitialized -Wno-null-dereference -Wno-dangling-pointer
       -Wno-restrict)
endif()

if(FINCHAT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

function(finchat_apply_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:${FINCHAT_WARNINGS}>)
endfunction()

# finchat_library(NAME finchat_x SOURCES a.cpp ... DEPS dep ... [PRIVATE_DEPS ...])
function(finchat_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${ARG_NAME} STATIC ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  finchat_apply_warnings(${ARG_NAME})
endfunction()

# finchat_test(NAME x_test SOURCES x_test.cpp DEPS finchat_x [LABELS unit|integration]
#              [TIMEOUT seconds] [ENVIRONMENT "K=V;..."] [DEFINITIONS NAME="value" ...])
# Per-test settings go through these arguments: with FINCHAT_BUILD_TESTS=OFF (the release
# preset) the target does not exist, so a separate target_* call would fail to configure.
function(finchat_test)
  if(NOT FINCHAT_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;DEPS;LABELS;ENVIRONMENT;DEFINITIONS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main
                        GTest::gmock)
  target_compile_definitions(${ARG_NAME} PRIVATE
    FINCHAT_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    FINCHAT_SHARED_DIR="${CMAKE_SOURCE_DIR}/../shared" ${ARG_DEFINITIONS})
  finchat_apply_warnings(${ARG_NAME})
  set(props LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
  if(ARG_ENVIRONMENT)
    list(APPEND props ENVIRONMENT "${ARG_ENVIRONMENT}")
  endif()
  gtest_discover_tests(${ARG_NAME}
    DISCOVERY_MODE PRE_TEST
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
    PROPERTIES ${props})
endfunction()

# finchat_bench(NAME x_bench SOURCES x_bench.cpp DEPS ...): Google Benchmark binaries.
function(finchat_bench)
  if(NOT FINCHAT_BUILD_BENCH OR NOT TARGET benchmark::benchmark)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  target_compile_definitions(${ARG_NAME} PRIVATE
    FINCHAT_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    FINCHAT_SHARED_DIR="${CMAKE_SOURCE_DIR}/../shared")
  finchat_apply_warnings(${ARG_NAME})
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
endfunction()
