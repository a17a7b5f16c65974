// lease_safety on hand-built traces: the checker sees only trace events and clocks, so each
// test writes the events a protocol would have produced and asserts the exact windows.
#include "checkers/lease_safety.h"

#include <gtest/gtest.h>

#include <vector>

namespace leasesim::checkers {
namespace {

using sim::Duration;
using sim::EventKind;
using sim::Instant;
using sim::LocalTime;
using sim::TraceEvent;

constexpr int64_t kMs = 1'000'000;
constexpr sim::NodeId kMaster = 0;
constexpr sim::NodeId kF = 1;

Instant ms(int64_t v) { return Instant{v * kMs}; }

struct Collect final : sim::TraceSink {
  void on_event(const TraceEvent& e) override {
    if (e.kind == EventKind::violation_start || e.kind == EventKind::violation_end) seen.push_back(e);
  }
  std::vector<TraceEvent> seen;
};

struct Bench {
  Bench() {
    trace.add_node("master");
    trace.add_node("f");
    clocks.resize(2);
    checker = std::make_unique<LeaseSafetyChecker>(trace, [this](sim::NodeId n) -> const sim::Clock& { return clocks[n]; });
    trace.add_sink(checker.get());
    trace.add_sink(&collect);
  }
  // Before an event at t, the simulator lets the checker see time pass.
  void at(Instant t) {
    if (checker->horizon() <= t) checker->advance_to(t);
  }
  void believed(Instant t, int64_t until_local_ms, uint64_t epoch = 1) {
    at(t);
    trace.record({t, EventKind::lease_believed, kF, sim::kNoNode, 0, epoch, 0, until_local_ms * kMs});
  }
  void believed_ns(Instant t, int64_t until_local_ns, uint64_t epoch = 1) {
    at(t);
    trace.record({t, EventKind::lease_believed, kF, sim::kNoNode, 0, epoch, 0, until_local_ns});
  }
  void expired(Instant t, uint64_t epoch = 1) {
    at(t);
    trace.record({t, EventKind::lease_expired, kMaster, kF, 0, epoch});
  }
  void granted(Instant t, uint64_t epoch = 1) {
    at(t);
    trace.record({t, EventKind::lease_granted, kMaster, kF, 0, epoch});
  }
  void learned(Instant t, uint64_t epoch = 1) {
    at(t);
    trace.record({t, EventKind::expiry_learned, kF, sim::kNoNode, 0, epoch});
  }
  void pause(Instant t, bool start) {
    at(t);
    trace.record({t, start ? EventKind::fault_start : EventKind::fault_end, kF, sim::kNoNode, 0, 0, 0,
                  static_cast<int64_t>(sim::FaultClass::pause)});
  }
  void jump_follower_clock(Instant t, Duration step) {
    at(t);
    clocks[kF].jump(t, step);
    trace.record({t, EventKind::clock_changed, kF});
  }
  void other_event(Instant t) { at(t); }
  void finish(Instant end) { checker->finish(end); }

  const std::vector<Violation>& windows() const { return checker->violations(); }

  sim::Trace trace;
  std::vector<sim::Clock> clocks;
  std::unique_ptr<LeaseSafetyChecker> checker;
  Collect collect;
};

TEST(LeaseSafety, WindowIsExactToTheNanosecond) {
  Bench b;
  b.believed_ns(ms(15503), 25'003 * kMs + 1);
  b.expired(ms(21503));
  b.finish(ms(40000));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].start, ms(21503));
  EXPECT_EQ(b.windows()[0].end, Instant{25'003 * kMs + 1});
  EXPECT_EQ(b.windows()[0].length(), Duration{3'500 * kMs + 1});
  EXPECT_FALSE(b.windows()[0].cut_by_run_end);
}

TEST(LeaseSafety, WindowClosesAtTheBeliefsEndWithNoEventThere) {
  Bench b;
  b.believed(ms(15503), 25003);
  b.expired(ms(21503));
  b.other_event(ms(30000));  // the next event of the run is long after the belief ran out
  ASSERT_EQ(b.collect.seen.size(), 2u);
  EXPECT_EQ(b.collect.seen[0].kind, EventKind::violation_start);
  EXPECT_EQ(b.collect.seen[0].t, ms(21503));
  EXPECT_EQ(b.collect.seen[1].kind, EventKind::violation_end);
  EXPECT_EQ(b.collect.seen[1].t, ms(25003));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].end, ms(25003));
}

TEST(LeaseSafety, BeliefEndingAtTheExpiryInstantIsSafe) {
  Bench b;
  b.believed(ms(12003), 21503);
  b.expired(ms(21503));
  b.finish(ms(40000));
  EXPECT_TRUE(b.windows().empty());
  EXPECT_TRUE(b.collect.seen.empty());
}

TEST(LeaseSafety, LearningTheExpiryEndsTheWindow) {
  Bench b;
  b.believed(ms(1000), 25000);
  b.expired(ms(21000));
  b.learned(ms(22000));
  b.finish(ms(40000));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].start, ms(21000));
  EXPECT_EQ(b.windows()[0].end, ms(22000));
}

TEST(LeaseSafety, AWindowOpenedAndClosedAtOneInstantIsNotAViolation) {
  Bench b;
  b.believed(ms(1000), 25000);
  b.expired(ms(21000));
  b.learned(ms(21000));
  b.finish(ms(40000));
  EXPECT_TRUE(b.windows().empty());
  EXPECT_TRUE(b.collect.seen.empty());
}

TEST(LeaseSafety, ABeliefTakenAfterTheExpiryOpensAWindow) {
  // A stale grant accepted after the master expired the epoch.
  Bench b;
  b.expired(ms(5000));
  b.believed(ms(6000), 9000);
  b.finish(ms(40000));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].start, ms(6000));
  EXPECT_EQ(b.windows()[0].end, ms(9000));
}

TEST(LeaseSafety, ARenewedBeliefExtendsAnOpenWindow) {
  Bench b;
  b.believed(ms(1000), 10000);
  b.expired(ms(8000));
  b.believed(ms(9000), 15000);
  b.finish(ms(40000));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].start, ms(8000));
  EXPECT_EQ(b.windows()[0].end, ms(15000));
}

TEST(LeaseSafety, ANewGrantOfTheEpochEndsTheWindow) {
  Bench b;
  b.believed(ms(1000), 10000);
  b.expired(ms(8000));
  b.granted(ms(8500));
  b.finish(ms(40000));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].end, ms(8500));
}

TEST(LeaseSafety, ABeliefInALaterEpochIsNotAboutTheExpiredOne) {
  Bench b;
  b.expired(ms(1000), 1);
  b.believed(ms(2000), 20000, 2);
  b.finish(ms(40000));
  EXPECT_TRUE(b.windows().empty());
}

TEST(LeaseSafety, SlowFollowerClockStretchesTheBeliefExactly) {
  // 10% slow: local 25 s is reached at virtual ceil(25e9 / 0.9) ns.
  Bench b;
  b.clocks[kF] = sim::Clock(Duration{}, -100'000'000);
  b.believed(ms(0), 25000);
  b.expired(ms(20000));
  b.finish(ms(40000));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].end, Instant{27'777'777'778});
  EXPECT_GE(b.clocks[kF].local_at(b.windows()[0].end), LocalTime{25'000 * kMs});
  EXPECT_LT(b.clocks[kF].local_at(b.windows()[0].end - Duration{1}), LocalTime{25'000 * kMs});
}

TEST(LeaseSafety, AClockSteppedBackRevivesAnEndedBeliefAndMovesItsEnd) {
  Bench b;
  b.believed(ms(0), 10000);
  b.expired(ms(12000));                          // belief ended at 10 s: no window yet
  b.jump_follower_clock(ms(14000), Duration::seconds(-6));  // local 8 s again: believes until local 10 s
  b.finish(ms(40000));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].start, ms(14000));
  EXPECT_EQ(b.windows()[0].end, ms(16000));
}

TEST(LeaseSafety, ReportsThePausedPartOfAWindow) {
  Bench b;
  b.believed(ms(0), 30000);
  b.pause(ms(5000), true);
  b.expired(ms(10000));  // paused from 5 s to 12 s: 2 s of the window
  b.pause(ms(12000), false);
  b.pause(ms(20000), true);  // and 20 s to the belief's end at 30 s: 10 s more
  b.other_event(ms(35000));
  b.pause(ms(36000), false);
  b.finish(ms(40000));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].start, ms(10000));
  EXPECT_EQ(b.windows()[0].end, ms(30000));
  EXPECT_EQ(b.windows()[0].paused, Duration::seconds(12));
}

TEST(LeaseSafety, AWindowStillOpenAtTheEndIsCutByTheRunsEnd) {
  Bench b;
  b.believed(ms(0), 90000);
  b.expired(ms(10000));
  b.finish(ms(40000));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].end, ms(40000));
  EXPECT_TRUE(b.windows()[0].cut_by_run_end);
  ASSERT_EQ(b.collect.seen.size(), 2u);
  EXPECT_EQ(b.collect.seen[1].b, 1);  // violation_end says the run cut it
}

TEST(LeaseSafety, ACrashedFollowerBelievesNothing) {
  Bench b;
  b.believed(ms(0), 30000);
  b.expired(ms(10000));
  b.at(ms(11000));
  b.trace.record({ms(11000), EventKind::node_crashed, kF});
  b.finish(ms(40000));
  ASSERT_EQ(b.windows().size(), 1u);
  EXPECT_EQ(b.windows()[0].end, ms(11000));
}

}  // namespace
}  // namespace leasesim::checkers
