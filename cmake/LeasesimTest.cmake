# leasesim_test(NAME SOURCES file... [LABELS label...])
# One test executable per test file; every TEST in it becomes a CTest test labelled `fast`
# unless LABELS says otherwise (`slow` tests are few and kept out of the default run).
#
# Tests write their files under ::testing::TempDir(), which TEST_TMPDIR points into the build
# directory: the suites of two build directories (build/ and build-asan/, or two people's
# worktrees on one machine) run at once without sharing a file.
include(GoogleTest)
set(LEASESIM_TEST_TMPDIR ${PROJECT_BINARY_DIR}/test-tmp)
file(MAKE_DIRECTORY ${LEASESIM_TEST_TMPDIR})

function(leasesim_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LABELS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS fast)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE leasesim_testlib)
  gtest_discover_tests(${name}
    PROPERTIES LABELS "${ARG_LABELS}" ENVIRONMENT "TEST_TMPDIR=${LEASESIM_TEST_TMPDIR}/"
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    DISCOVERY_TIMEOUT 60)
endfunction()
