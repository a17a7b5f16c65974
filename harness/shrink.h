// Shrinking a violating schedule to a small one that still violates the same invariant:
// first remove generated faults one at a time while the violation stays (delta debugging's
// one-at-a-time pass, repeated until nothing can go), then shrink each remaining fault's
// magnitudes by bisection toward the smallest value that still violates (`for`, `count`, and
// the settings its kind lets explore draw: `extra`, `drift_ppm`, `jump`; harness/fault_kind.h),
// and its time toward earlier, in passes until nothing moves. Bisection assumes the violation
// is monotone in the value; where it is not, the result is still a violating schedule, just not
// the least. Then what is not a fault but was drawn: each drawn clock's drift and offset
// bisected toward zero, and a ranged network delay's upper end toward its lower one (at the
// lower end the network has that fixed delay), so that a schedule that keeps no fault still
// says what it needs.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "harness/run_limits.h"
#include "harness/scenario.h"
#include "reports/result.h"

namespace leasesim::harness {

struct Shrunk {
  Scenario scenario;       // the minimised schedule
  reports::Result result;  // its run
  size_t runs = 0;         // simulations the shrink took
  // false: the deadline, a signal or `stop` ended it before it was done. `scenario` is then the
  // last schedule a run verified still violates and `result` that run, or, if no candidate
  // was verified, the schedule given and an empty result (no run follows a stop).
  bool complete = true;
};

// What shrinking may change: the faults from `fixed` on, the clocks of `clocks` (drawn per run),
// and with `network`, the network delay's range.
struct ShrinkScope {
  size_t fixed = 0;
  std::vector<std::string> clocks;
  bool network = false;
};

// REQUIRES: `s` violates `checker`. Changes only what `scope` allows. `stop`, if given, is
// asked before each run as the deadline is (true ends shrinking there); it lets a test cut
// shrinking at an exact step instead of at a time.
Shrunk shrink(const Scenario& s, const ShrinkScope& scope, const std::string& checker, size_t max_runs = 5000,
              const RunLimits& limits = {}, const std::function<bool()>& stop = {});

// REQUIRES: `s` violates `checker`. Faults before `fixed` (the base scenario's own) are kept.
// Each run has `limits`' event budget; once its deadline passes or a signal arrives, shrinking
// stops with the smallest violating schedule found so far.
Shrunk shrink(const Scenario& s, size_t fixed, const std::string& checker, size_t max_runs = 5000, const RunLimits& limits = {});

// Whether a run of `s` (within `limits`' event budget) has a window of `checker`.
bool violates(const Scenario& s, const std::string& checker, const RunLimits& limits = {});

}  // namespace leasesim::harness
