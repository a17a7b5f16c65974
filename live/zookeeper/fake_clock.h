// A real process's clock made to follow a scenario's clock through libfaketime (opt-in:
// `leasesim live --faketime`). The process runs with libfaketimeMT preloaded and reads its time
// specification from a file on every clock call (FAKETIME_NO_CACHE), which leasesim rewrites at
// each clock event: `clocks:` drift and offset from the start, `clock` faults (a step, a new
// drift) and `pause: {clock: stops}` (the clock steps back by the pause at SIGCONT).
//
// What libfaketime 0.9.10 does, measured here (tests/live/zookeeper_fake_clock_test.cpp): with a
// relative specification "+A xR" both CLOCK_REALTIME and CLOCK_MONOTONIC read
//   fake(m) = m + W + A + (m - s) (R - 1)
// for the real CLOCK_MONOTONIC m, W = CLOCK_REALTIME - CLOCK_MONOTONIC, and s the instant the
// process's libfaketime started (its monotonic clock is realtime-based, so a JVM's nanoTime and
// its log's wall stamps are the same faked value). A new R applies from s, not from now, so a
// rate change is made continuous by a matching change of A; s is taken as the process's start
// (fork), a few milliseconds early, which moves a rate change by that times the change in rate
// (nanoseconds for drifts of ppm). Raw syscalls are not faked: zkclient's own stamps stay real.
#pragma once

#include <string>
#include <vector>

#include "sim/clock.h"
#include "sim/time.h"

namespace leasesim::live::zookeeper {

inline constexpr const char* kFakeTimeLibrary = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

// CLOCK_REALTIME - CLOCK_MONOTONIC now, in ns (read once per run: the W above).
int64_t realtime_minus_monotonic_ns();
// CLOCK_MONOTONIC now, in ns.
int64_t monotonic_ns();

class FakeClock {
 public:
  // `file` is rewritten (atomically, by rename) at each change. The target is the scenario's
  // clock of this node (offset and drift at run time 0); `tick_ns` the grid the reading keeps
  // aligned to (ZooKeeper's expiry buckets are multiples of tickTime on its own clock).
  FakeClock(std::string file, const sim::Clock& target, int64_t tick_ns, int64_t realtime_minus_monotonic);

  // The environment a process needs to run on this clock.
  std::vector<std::string> environment() const;

  // Each (re)start of the process, just before it: its libfaketime starts at m, and the reading
  // continues where the clock is (a restarted node's clock is the machine's, not the process's).
  void starting(int64_t m);
  // The run's zero is fixed at monotonic t0: from now on the reading is B + clock(m - t0), with
  // B = t0 + W rounded to a tick.
  void align(int64_t t0, int64_t m);

  // Clock events at monotonic m, as the simulator's Clock takes them (run time m - t0).
  void set_drift(int64_t m, int64_t drift_ppb);
  void jump(int64_t m, sim::Duration step);
  void stop(int64_t m);
  void resume(int64_t m);

  // The real monotonic instant at which the process read `fake_ns` (a log stamp), on the piece
  // in force then; a reading a forward step skipped maps to the step's instant.
  int64_t monotonic_of(int64_t fake_ns) const;

  // The specification last written, e.g. "+0.250000000 x1.000100000000" (for tests and --keep).
  const std::string& specification() const { return spec_; }

 private:
  struct Piece {
    int64_t from;  // monotonic
    int64_t s;     // the process's start then
    int64_t a;     // A, ns
    int64_t drift_ppb;
  };
  int64_t fake_at(const Piece& p, int64_t m) const;
  int64_t wanted(int64_t m) const;  // B + clock(m - t0)
  void write(int64_t m);  // a piece from m on: the reading wanted(m), the drift in force
  void write_file();

  std::string file_;
  sim::Clock clock_;
  int64_t tick_;
  int64_t w_;
  int64_t s_ = 0;
  int64_t t0_ = 0;
  int64_t b_ = 0;
  bool aligned_ = false;
  std::vector<Piece> pieces_;
  std::string spec_;
};

}  // namespace leasesim::live::zookeeper
