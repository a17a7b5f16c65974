# leasesim_test(NAME SOURCES file... [LABELS label...])
# One test executable per test file; every TEST in it becomes a CTest test labelled `fast`
# unless LABELS says otherwise (`slow` tests are few and kept out of the default run).
include(GoogleTest)

function(leasesim_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LABELS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS fast)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE leasesim_testlib)
  gtest_discover_tests(${name}
    PROPERTIES LABELS "${ARG_LABELS}"
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    DISCOVERY_TIMEOUT 60)
endfunction()
