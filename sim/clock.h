// A node's clock: local = offset + virtual time scaled by (1 + drift), with steps (jumps), rate
// changes and stops (a suspended machine whose monotonic clock does not count the suspension).
// It is piecewise linear; only the current piece is kept, because every change happens at an
// event and everything that reads the clock (actors, timers, checkers) reads it online.
//
// Exactness, and the direction of rounding:
//  - local_at(v) rounds down: a clock never shows a time it has not reached yet.
//  - first_reaching(D) is the first virtual nanosecond whose reading is >= D, so a timer never
//    fires before its local deadline and a belief "now < end" never ends earlier than the node
//    itself would stop believing. The two functions are exact inverses on the integer lattice;
//    an actor and a checker evaluating the same predicate get the same answer at every instant.
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace leasesim::sim {

// Rate in parts per billion of virtual time: 1'000'000'000 is a perfect clock, +50'000 is
// 50 ppm fast. Billionths rather than millionths so that fractional ppm stay exact.
constexpr int64_t kPerfectRatePpb = 1'000'000'000;

// A drift or a drift allowance in parts per million, held exactly as billionths: 12.5 ppm is
// {12'500}. Scenario keys ending in _ppm fill fields of this type.
struct Ppm {
  int64_t ppb = 0;
  friend constexpr auto operator<=>(Ppm, Ppm) = default;
};

// A clock's rate, 1 + drift, must stay positive: at -1,000,000 ppm it would stand still (a
// stopped clock is `pause: {clock: stops}`). Above +1,000,000 ppm it would run at double speed,
// beyond any clock worth modelling. Scenarios' `clocks` and traces read back keep to these.
constexpr int64_t kMinDriftPpb = -999'999'999;
constexpr int64_t kMaxDriftPpb = 1'000'000'000;

class Clock {
 public:
  Clock() = default;
  // A clock that reads `offset` at virtual time zero and runs `drift_ppb` fast (negative: slow).
  Clock(Duration offset, int64_t drift_ppb);
  // A clock whose current piece starts at `start` reading `local` (to replay a trace's clocks).
  static Clock piece(Instant start, LocalTime local, int64_t drift_ppb, bool stopped);

  LocalTime local_at(Instant v) const {
    // Inline for a clock at the perfect rate (most nodes of most runs): every node's now() is
    // a call here, about one an event. Past the end of int64, and any other case, the slow
    // path saturates or requires.
    int64_t elapsed = 0;
    int64_t local = 0;
    if (drift_ppb_ == 0 && !stopped_ && v.ns >= piece_start_.ns && !__builtin_sub_overflow(v.ns, piece_start_.ns, &elapsed) &&
        !__builtin_add_overflow(piece_local_.ns, elapsed, &local)) {
      return {local};
    }
    return local_at_slow(v);
  }

  // The first virtual instant >= `from` whose local reading is >= `deadline`, under the current
  // piece; Instant::never() if the clock will not get there (stopped, or beyond int64).
  Instant first_reaching(LocalTime deadline, Instant from) const;

  // Changes from virtual instant `at` on. REQUIRES: `at` is not before the current piece.
  void set_drift(Instant at, int64_t drift_ppb);
  void jump(Instant at, Duration step);
  void stop(Instant at);
  void resume(Instant at);

  int64_t drift_ppb() const { return drift_ppb_; }
  bool stopped() const { return stopped_; }
  // Bumped by every change: a cached conversion is stale when this moved.
  uint64_t version() const { return version_; }

 private:
  LocalTime local_at_slow(Instant v) const;
  void start_piece(Instant at, LocalTime local);
  int64_t rate_ppb() const { return stopped_ ? 0 : kPerfectRatePpb + drift_ppb_; }

  Instant piece_start_{0};
  LocalTime piece_local_{0};
  int64_t drift_ppb_ = 0;
  bool stopped_ = false;
  uint64_t version_ = 0;
};

}  // namespace leasesim::sim
