// Shrinking a violating schedule to a small one that still violates the same invariant:
// first remove generated faults one at a time while the violation stays (delta debugging's
// one-at-a-time pass, repeated until nothing can go), then shrink each remaining fault's
// magnitudes by bisection toward the smallest value that still violates (`for`, `count`, and
// the settings its kind lets explore draw: `extra`, `drift_ppm`, `jump`; harness/fault_kind.h),
// and its time toward earlier, in passes until nothing moves. Bisection assumes the violation
// is monotone in the value; where it is not, the result is still a violating schedule, just not
// the least.
#pragma once

#include <cstddef>
#include <string>

#include "harness/run_limits.h"
#include "harness/scenario.h"
#include "reports/result.h"

namespace leasesim::harness {

struct Shrunk {
  Scenario scenario;       // the minimised schedule
  reports::Result result;  // its run
  size_t runs = 0;         // simulations the shrink took
  bool complete = true;    // false: the deadline or a signal stopped it before it was done
};

// REQUIRES: `s` violates `checker`. Faults before `fixed` (the base scenario's own) are kept.
// Each run has `limits`' event budget; once its deadline passes or a signal arrives, shrinking
// stops with the smallest violating schedule found so far.
Shrunk shrink(const Scenario& s, size_t fixed, const std::string& checker, size_t max_runs = 5000, const RunLimits& limits = {});

// Whether a run of `s` (within `limits`' event budget) has a window of `checker`.
bool violates(const Scenario& s, const std::string& checker, const RunLimits& limits = {});

}  // namespace leasesim::harness
