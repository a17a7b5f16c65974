// stale_read on hand-built traces: a lease of term t is void from the instant a leader of a
// newer term is elected (its lock_held); the window runs while the old leader still believes
// its lease on its own clock, and each test asserts it exactly.
#include "checkers/stale_read.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace leasesim::checkers {
namespace {

using sim::EventKind;
using sim::Instant;
using sim::TraceEvent;

constexpr int64_t kMs = 1'000'000;
constexpr sim::NodeId kA = 0;
constexpr sim::NodeId kC = 1;

Instant ms(int64_t v) { return Instant{v * kMs}; }

struct Bench {
  Bench() {
    trace.add_node("a");
    trace.add_node("c");
    clocks.resize(2);
    leader = trace.intern("leader");
    checker = std::make_unique<StaleReadChecker>(trace, [this](sim::NodeId n) -> const sim::Clock& { return clocks[n]; });
    trace.add_sink(checker.get());
  }
  void at(Instant t) {
    if (checker->horizon() <= t) checker->advance_to(t);
  }
  void record(TraceEvent e) {
    at(e.t);
    trace.record(e);
  }
  void elected(Instant t, sim::NodeId n, uint64_t term) { record({t, EventKind::lock_held, n, sim::kNoNode, leader, term}); }
  void believed(Instant t, sim::NodeId n, uint64_t term, int64_t until_ms) {
    record({t, EventKind::lease_believed, n, sim::kNoNode, 0, term, 0, until_ms * kMs});
  }
  void believed_forever(Instant t, sim::NodeId n, uint64_t term) {
    record({t, EventKind::lease_believed, n, sim::kNoNode, 0, term, 0, sim::LocalTime::never().ns});
  }
  void dropped(Instant t, sim::NodeId n, uint64_t term) { record({t, EventKind::lease_dropped, n, sim::kNoNode, 0, term}); }
  void finish(Instant t) {
    at(t);
    checker->finish(t);
  }

  sim::Trace trace;
  std::vector<sim::Clock> clocks;
  sim::Symbol leader;
  std::unique_ptr<StaleReadChecker> checker;
};

TEST(StaleRead, ALeaseOutlivingANewerElectionIsAWindowUntilItsEnd) {
  Bench b;
  b.elected(ms(4), kA, 1);
  b.believed(ms(10), kA, 1, 10'000);  // the lease runs to 10 s on a's clock
  b.elected(ms(9'004), kC, 2);
  b.finish(ms(30'000));
  ASSERT_EQ(b.checker->violations().size(), 1u);
  const Violation& v = b.checker->violations()[0];
  EXPECT_EQ(v.checker, "stale_read");
  EXPECT_EQ(v.node, kA);
  EXPECT_EQ(v.epoch, 1u);
  EXPECT_EQ(v.start, ms(9'004));
  EXPECT_EQ(v.end, ms(10'000));
  EXPECT_FALSE(v.cut_by_run_end);
}

TEST(StaleRead, ALeaseThatEndsBeforeTheNewerElectionIsNoWindow) {
  Bench b;
  b.elected(ms(4), kA, 1);
  b.believed(ms(10), kA, 1, 8'000);
  b.elected(ms(9'004), kC, 2);
  b.finish(ms(30'000));
  EXPECT_TRUE(b.checker->violations().empty());
}

TEST(StaleRead, ALeaderThatServesWhileItLeadsIsAWindowUntilItStepsDown) {
  Bench b;
  b.elected(ms(1'004), kA, 1);
  b.believed_forever(ms(1'004), kA, 1);
  b.elected(ms(19'004), kC, 2);
  b.dropped(ms(21'004), kA, 1);
  b.finish(ms(30'000));
  ASSERT_EQ(b.checker->violations().size(), 1u);
  EXPECT_EQ(b.checker->violations()[0].start, ms(19'004));
  EXPECT_EQ(b.checker->violations()[0].end, ms(21'004));
}

TEST(StaleRead, ALeaseExtendedAfterTheNewerElectionIsStillVoid) {
  Bench b;
  b.elected(ms(0), kA, 1);
  b.elected(ms(100), kC, 2);
  b.believed(ms(200), kA, 1, 500);  // a late acknowledgement of term 1
  b.finish(ms(1'000));
  ASSERT_EQ(b.checker->violations().size(), 1u);
  EXPECT_EQ(b.checker->violations()[0].start, ms(200));
  EXPECT_EQ(b.checker->violations()[0].end, ms(500));
}

TEST(StaleRead, TheNewestLeadersOwnLeaseIsNoWindow) {
  Bench b;
  b.elected(ms(0), kA, 1);
  b.believed(ms(0), kA, 1, 900);
  b.dropped(ms(50), kA, 1);
  b.elected(ms(100), kC, 2);
  b.believed(ms(100), kC, 2, 1'000);
  b.finish(ms(2'000));
  EXPECT_TRUE(b.checker->violations().empty());
}

}  // namespace
}  // namespace leasesim::checkers
