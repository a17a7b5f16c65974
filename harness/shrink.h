// Shrinking a violating schedule to a small one that still violates the same invariant:
// first remove generated faults one at a time while the violation stays (delta debugging's
// one-at-a-time pass, repeated until nothing can go), then shrink each remaining fault's
// magnitudes by bisection toward the smallest value that still violates (for, extra, count,
// drift, jump), and its time toward earlier, in passes until nothing moves. Bisection assumes the violation is monotone in
// the value; where it is not, the result is still a violating schedule, just not the least.
#pragma once

#include <cstddef>
#include <string>

#include "harness/scenario.h"
#include "reports/result.h"

namespace leasesim::harness {

struct Shrunk {
  Scenario scenario;       // the minimised schedule
  reports::Result result;  // its run
  size_t runs = 0;         // simulations the shrink took
};

// REQUIRES: `s` violates `checker`. Faults before `fixed` (the base scenario's own) are kept.
Shrunk shrink(const Scenario& s, size_t fixed, const std::string& checker, size_t max_runs = 5000);

// Whether a run of `s` has a window of `checker`.
bool violates(const Scenario& s, const std::string& checker);

}  // namespace leasesim::harness
