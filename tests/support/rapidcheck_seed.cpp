// The properties draw from a fixed seed unless RC_PARAMS says otherwise: CI must not pass or
// fail by the draw. To search further: RC_PARAMS="seed=7 max_success=2000" build/tests/property_tests
// (rapidcheck reads RC_PARAMS when the first property runs, after this has set it).
#include <cstdlib>

namespace {

const bool seeded = [] { return ::setenv("RC_PARAMS", "seed=20261130", /*overwrite=*/0) == 0; }();

}  // namespace
