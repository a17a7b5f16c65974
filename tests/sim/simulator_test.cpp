#include "sim/simulator.h"

#include <gtest/gtest.h>

#include <vector>

namespace leasesim::sim {
namespace {

// Records (time, arg) of every event it receives.
struct Recorder final : EventTarget {
  explicit Recorder(Simulator& s) : sim(s) {}
  void on_event(uint64_t arg) override { seen.emplace_back(sim.now().ns, arg); }
  Simulator& sim;
  std::vector<std::pair<int64_t, uint64_t>> seen;
};

TEST(Simulator, RunsEventsInTimeOrder) {
  Simulator sim;
  Recorder r(sim);
  sim.schedule_at(Instant{30}, &r, 3);
  sim.schedule_at(Instant{10}, &r, 1);
  sim.schedule_at(Instant{20}, &r, 2);
  sim.run_until(Instant{100});
  EXPECT_EQ(r.seen, (std::vector<std::pair<int64_t, uint64_t>>{{10, 1}, {20, 2}, {30, 3}}));
  EXPECT_EQ(sim.now(), Instant{100});
}

TEST(Simulator, EqualTimesRunInInsertionOrder) {
  Simulator sim;
  Recorder r(sim);
  for (uint64_t i = 0; i < 50; ++i) sim.schedule_at(Instant{7}, &r, i);
  sim.run_until(Instant{8});
  ASSERT_EQ(r.seen.size(), 50u);
  for (uint64_t i = 0; i < 50; ++i) EXPECT_EQ(r.seen[i].second, i);
}

TEST(Simulator, CancelledEventNeverRuns) {
  Simulator sim;
  Recorder r(sim);
  const EventId a = sim.schedule_at(Instant{5}, &r, 1);
  sim.schedule_at(Instant{6}, &r, 2);
  EXPECT_TRUE(sim.pending(a));
  sim.cancel(a);
  EXPECT_FALSE(sim.pending(a));
  sim.run_until(Instant{10});
  EXPECT_EQ(r.seen, (std::vector<std::pair<int64_t, uint64_t>>{{6, 2}}));
}

TEST(Simulator, CancelAfterFiringIsANoOpEvenWhenTheSlotIsReused) {
  Simulator sim;
  Recorder r(sim);
  const EventId a = sim.schedule_at(Instant{1}, &r, 1);
  sim.run_until(Instant{2});
  const EventId b = sim.schedule_at(Instant{3}, &r, 2);  // reuses a's slot
  EXPECT_EQ(a.slot, b.slot);
  sim.cancel(a);  // stale id: must not cancel b
  sim.run_until(Instant{4});
  EXPECT_EQ(r.seen.back(), (std::pair<int64_t, uint64_t>{3, 2}));
}

TEST(Simulator, EventsAtOrAfterTheEndDoNotRun) {
  Simulator sim;
  Recorder r(sim);
  sim.schedule_at(Instant{9}, &r, 1);
  sim.schedule_at(Instant{10}, &r, 2);
  sim.run_until(Instant{10});
  EXPECT_EQ(r.seen.size(), 1u);
  sim.run_until(Instant{11});  // a later run picks it up
  EXPECT_EQ(r.seen.size(), 2u);
}

// Schedules another event from inside an event at the same instant: it runs after the ones
// already queued for that instant.
struct Chainer final : EventTarget {
  explicit Chainer(Simulator& s) : sim(s) {}
  void on_event(uint64_t arg) override {
    order.push_back(arg);
    if (arg == 1) sim.schedule_at(sim.now(), this, 3);
  }
  Simulator& sim;
  std::vector<uint64_t> order;
};

TEST(Simulator, EventScheduledForNowRunsAfterThoseAlreadyQueued) {
  Simulator sim;
  Chainer c(sim);
  sim.schedule_at(Instant{5}, &c, 1);
  sim.schedule_at(Instant{5}, &c, 2);
  sim.run_until(Instant{6});
  EXPECT_EQ(c.order, (std::vector<uint64_t>{1, 2, 3}));
}

struct Observer final : HorizonObserver {
  void advance_to(Instant t) override { calls.push_back(t.ns); }
  std::vector<int64_t> calls;
};

TEST(Simulator, HorizonObserverIsToldBeforeTheFirstEventAtOrPastTheHorizon) {
  Simulator sim;
  Recorder r(sim);
  Observer o;
  sim.set_horizon_observer(&o);
  sim.set_horizon(Instant{15});
  sim.schedule_at(Instant{10}, &r, 1);
  sim.schedule_at(Instant{20}, &r, 2);
  sim.run_until(Instant{30});
  // Not told at 10 (before the horizon); told at 20 and, as the horizon stays, at nothing else.
  EXPECT_EQ(o.calls, (std::vector<int64_t>{20}));
}

}  // namespace
}  // namespace leasesim::sim
