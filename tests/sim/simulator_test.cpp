#include "sim/simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
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

// Records which events it was asked to load ahead of, and when, next to the events it ran.
struct Prefetched final : EventTarget {
  void on_event(uint64_t arg) override { log.emplace_back('r', arg); }
  void prefetch(uint64_t arg, const void* hint, int step) const override {
    log.emplace_back(static_cast<char>('0' + step), arg);
    hints.push_back(hint);
  }
  mutable std::vector<std::pair<char, uint64_t>> log;
  mutable std::vector<const void*> hints;
};

TEST(Simulator, TargetsAreAskedToLoadAheadOnlyOfTheirLiveEvents) {
  Simulator sim;
  Prefetched t;
  const int hint = 0;
  std::vector<EventId> ids;
  // 10 ms on: in a bucket of their own, not the one running now (whose late events are not
  // looked ahead of).
  const int64_t at = 10'000'000;
  for (uint64_t i = 0; i < 40; ++i) ids.push_back(sim.schedule_at(Instant{at + static_cast<int64_t>(i)}, &t, i, &hint));
  sim.cancel(ids[20]);
  // Takes the cancelled event's slot (a new generation), for after the run: its queue entry
  // still stands at the 21st place, and must not ask about this one.
  sim.schedule_at(Instant{3 * at}, &t, 99, &hint);
  sim.run_until(Instant{2 * at});
  std::vector<uint64_t> ran;
  std::vector<uint64_t> steps[3];  // the events named at steps 0, 1 and 2, in call order
  for (size_t k = 0; k < t.log.size(); ++k) {
    const auto [what, arg] = t.log[k];
    if (what == 'r') {
      ran.push_back(arg);
      continue;
    }
    EXPECT_NE(arg, 20u) << "a cancelled event was loaded ahead";
    EXPECT_NE(arg, 99u) << "an event was asked about at the place of the one its slot held before";
    const auto rest = t.log.begin() + static_cast<std::ptrdiff_t>(k);
    EXPECT_NE(std::find(rest, t.log.end(), std::pair<char, uint64_t>{'r', arg}), t.log.end())
        << "event " << arg << " was loaded ahead and then not run";
    ASSERT_GE(what, '0');
    ASSERT_LE(what, '2');
    if (what != '2') {
      // Each step follows the one before, all before the event runs.
      const auto next = std::find(rest, t.log.end(), std::pair<char, uint64_t>{static_cast<char>(what + 1), arg});
      EXPECT_LT(next - t.log.begin(), std::find(rest, t.log.end(), std::pair<char, uint64_t>{'r', arg}) - t.log.begin())
          << "step " << what << " of event " << arg;
    }
    steps[what - '0'].push_back(arg);
  }
  EXPECT_EQ(ran.size(), 39u);
  // Each event is named once a step (none of these is late), except the first few of the run:
  // nothing runs before them.
  for (const std::vector<uint64_t>& named : steps) {
    EXPECT_GE(named.size(), 32u);
    EXPECT_TRUE(std::is_sorted(named.begin(), named.end()));
    EXPECT_EQ(std::adjacent_find(named.begin(), named.end()), named.end());
  }
  for (const void* h : t.hints) EXPECT_EQ(h, &hint);
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
