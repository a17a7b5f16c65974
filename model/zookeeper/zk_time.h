// ZooKeeper's whole milliseconds (Time.currentElapsedTime()) on a node's nanosecond clock. A
// millisecond instant beyond what int64 nanoseconds hold (a clock stepped to the end of time)
// is never(), so that a deadline computed there never fires rather than wrapping round into
// the past and firing at once, again and again.
#pragma once

#include <cstdint>
#include <limits>

#include "sim/time.h"

namespace leasesim::zookeeper {

inline sim::LocalTime local_ms(int64_t ms) {
  constexpr int64_t kMaxMs = std::numeric_limits<int64_t>::max() / 1'000'000;
  if (ms > kMaxMs) return sim::LocalTime::never();
  if (ms < -kMaxMs) return sim::LocalTime{std::numeric_limits<int64_t>::min()};
  return sim::LocalTime{ms * 1'000'000};
}

}  // namespace leasesim::zookeeper
