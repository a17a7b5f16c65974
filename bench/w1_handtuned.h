// W1 written for itself alone: the yardsticks bench/w1 holds leasesim's engine against
// (bench/README.md: a hand-written binary-heap loop for W1 alone, and a timing wheel). Plain
// events in one flat queue, no actors, no network layer, no trace.
#pragma once

#include <cstddef>

#include "bench/w1_workload.h"

namespace leasesim::bench {

// A binary heap ordered by (time, sequence).
Counts run_handtuned_heap(size_t followers);
// A timing wheel of 1 ms slots, each a FIFO, so equal times keep their order for free.
Counts run_handtuned_wheel(size_t followers);

}  // namespace leasesim::bench
