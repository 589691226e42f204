# sitrep_stage(NAME SOURCES ... DEPS ...): a static library for one pipeline stage. The
# public include/ travels to whoever links it; the src/ root (the stages' private headers)
# stays private: front-ends see include/sitrep/ only.
function(sitrep_stage name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(sitrep_${name} STATIC ${ARG_SOURCES})
  target_include_directories(sitrep_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                             PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(sitrep_${name} PUBLIC ${ARG_DEPS})
  target_compile_options(sitrep_${name} PRIVATE -Wall -Wextra)
  set_target_properties(sitrep_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# sitrep_unit_test(NAME SOURCES ... DEPS ...): a GoogleTest executable registered with ctest.
function(sitrep_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  if(NOT SITREP_BUILD_TESTS)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest_main)
  # Unit tests test a stage from the inside: they see src/ too.
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests ${PROJECT_SOURCE_DIR}/src)
  target_compile_definitions(${name} PRIVATE
    SITREP_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SITREP_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT
    "SITREP_DATA_DIR=${PROJECT_SOURCE_DIR}/data")
endfunction()

if(SITREP_SANITIZE)
  string(REPLACE ";" "," _san "${SITREP_SANITIZE}")
  # libstdc++ assertions too: an empty std::optional or an out-of-range operator[] aborts.
  add_compile_options(-fsanitize=${_san} -fno-omit-frame-pointer -fno-sanitize-recover=all
                      -D_GLIBCXX_ASSERTIONS)
  add_link_options(-fsanitize=${_san})
endif()
