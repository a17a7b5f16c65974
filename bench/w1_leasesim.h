// W1 on leasesim's own simulator API: the event loop, NodeRuntime timers in local time, Network
// delivery and the actor Context the models use, with W1's master and followers as actors.
#pragma once

#include <cstddef>
#include <cstdint>

#include "bench/w1_workload.h"

namespace leasesim::bench {

struct LeasesimRun {
  Counts counts;
  uint64_t simulator_events = 0;  // W1's events, plus each node's start
  uint64_t trace_events = 0;
  uint64_t trace_hash = 0;        // pins the order of events: the same before and after a change
};

LeasesimRun run_leasesim(size_t followers);

}  // namespace leasesim::bench
