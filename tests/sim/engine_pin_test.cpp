// The engine's speed work (a timing wheel for the binary heap, links found without hashing,
// inline timers, prefetching) must not change what runs when: W1 at F = 100 gives the counts of
// bench/README.md and the trace hash it gave on the binary-heap engine, before any of that work.
#include <gtest/gtest.h>

#include "bench/w1_leasesim.h"
#include "sim/trace.h"

namespace leasesim::bench {
namespace {

TEST(EnginePin, W1KeepsItsCountsAndTheTraceHashOfTheHeapEngine) {
  const LeasesimRun r = run_leasesim(100);
  Counts want;
  ASSERT_TRUE(expected_counts(100, want));
  EXPECT_EQ(r.counts, want);
  EXPECT_EQ(r.trace_events, 603'599u);
  EXPECT_EQ(sim::hash_hex(r.trace_hash), "b9399e1cec1ca7f0");  // commit d94e7ff, std::push_heap queue
}

}  // namespace
}  // namespace leasesim::bench
