// What a sweep found, as plain data for the renderers (text table, CSV, SVG heat map, JSON).
// The harness fills it (harness/sweep.h says how); values are exact scaled integers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leasesim::reports {

// One parameter a sweep varies, on a grid of `resolution` steps from `from` towards `to`.
// Durations are whole nanoseconds; numbers are decimals held as integers scaled by
// 10^places, so that every value a sweep prints is the value it ran.
struct SweepAxis {
  std::string key;          // a key path in the scenario: faults[1].delay.extra
  bool is_duration = false;
  int places = 0;           // numbers: decimal places of the scaled integers
  int64_t from = 0;         // scaled
  int64_t resolution = 1;   // scaled, > 0
  int64_t sign = 1;         // +1 when `to` is above `from`
  int64_t steps = 0;        // resolution steps from `from` to `to`

  // REQUIRES: 0 <= k <= steps. Computed in 128 bits: k * resolution may pass int64 (a range
  // from -87600h to 87600h), the value itself lies between from and to().
  int64_t at(int64_t k) const { return static_cast<int64_t>(from + static_cast<__int128>(sign) * k * resolution); }
  int64_t to() const { return at(steps); }
  // As a scenario spells it ("2.5s", "-1083.25").
  std::string text(int64_t value) const;
  // A plain number in the axis's unit, seconds for durations ("2.5"), for CSV files and plots.
  std::string number(int64_t value) const;
};

struct SweepPoint {
  std::vector<int64_t> values;  // one per axis
  bool violated = false;
  int64_t worst_ns = 0;         // the longest window of the invariants swept
  size_t windows = 0;
};

// Where the verdict changes between two neighbours on the last axis.
struct SweepBoundary {
  size_t row = 0;              // two axes: the index of the first axis's grid value
  int64_t last = 0;            // the last value with the verdict `violated_before`
  int64_t first = 0;           // the first with the other verdict: one resolution step on
  bool violated_before = false;
  int64_t worst_after_ns = 0;  // the window on the violated side, next to the boundary
};

struct SweepOutcome {
  std::string scenario;
  std::string file;
  uint64_t seed = 0;
  std::vector<SweepAxis> axes;        // one or two
  std::vector<std::string> checkers;  // the invariants whose windows count
  int64_t grid_steps = 0;
  std::vector<int64_t> rows;          // grid indices of the first axis (two axes)
  std::vector<int64_t> columns;       // grid indices of the last axis
  std::vector<SweepPoint> grid;       // row-major: rows x columns (one row for one axis)
  std::vector<SweepPoint> probes;     // the points bisection added
  std::vector<SweepBoundary> boundaries;
  size_t rows_with_several_changes = 0;  // two axes: only the first change is bisected
  uint64_t runs = 0;
  double wall_seconds = 0;
};

}  // namespace leasesim::reports
