#include "sim/node.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/network.h"
#include "sim/simulator.h"

namespace leasesim::sim {
namespace {

constexpr int64_t kMs = 1'000'000;

// Remembers what happened to it, as "timer 3 @ 10ms" / "msg 1 @ 11ms", in virtual time.
struct Probe final : Actor {
  Probe(Context& c, Simulator& s, std::vector<std::string>& l) : ctx(c), sim(s), log(l) {}
  void on_start() override { log.push_back("start @ " + std::to_string(sim.now().ns / kMs) + "ms"); }
  void on_timer(uint64_t tag) override {
    log.push_back("timer " + std::to_string(tag) + " @ " + std::to_string(sim.now().ns / kMs) + "ms");
  }
  void on_message(const Message& m) override {
    log.push_back("msg " + std::to_string(m.body[0]) + " @ " + std::to_string(sim.now().ns / kMs) + "ms");
  }
  void prefetch_timer(uint64_t tag) const override { log.push_back("ahead " + std::to_string(tag)); }
  Context& ctx;
  Simulator& sim;
  std::vector<std::string>& log;
};

struct World1 {
  explicit World1(Clock clock = {}) {
    trace.add_node("n");
    trace.add_node("peer");
    net = std::make_unique<Network>(sim, trace, 1, DelayModel{Duration::millis(1), Duration::millis(1)});
    net->set_message_names({"M"});
    node = std::make_unique<NodeRuntime>(sim, trace, *net, 0, clock, Rng(1));
    peer = std::make_unique<NodeRuntime>(sim, trace, *net, 1, Clock{}, Rng(2));
    node->boot([this](Context& c) { return std::make_unique<Probe>(c, sim, log); }, Instant{0});
    peer->boot([this](Context& c) { return std::make_unique<Probe>(c, sim, peer_log); }, Instant{0});
    sim.run_until(Instant{1});
    log.clear();
  }
  Probe& probe() { return static_cast<Probe&>(*node->actor()); }
  TimerId timer_at_ms(int64_t local_ms, uint64_t tag) { return node->set_timer(LocalTime{local_ms * kMs}, tag, 0); }
  // The peer sends a message that reaches the node 1 ms later.
  void message_from_peer(int64_t value) { peer->send(0, 0, {value, 0, 0, 0}); }
  void run_to_ms(int64_t t) { sim.run_until(Instant{t * kMs}); }

  Simulator sim;
  Trace trace;
  std::unique_ptr<Network> net;
  std::unique_ptr<NodeRuntime> node, peer;
  std::vector<std::string> log, peer_log;
};

using Log = std::vector<std::string>;

TEST(NodeTimers, FireWhenTheLocalClockReachesTheDeadline) {
  // Offset +5 s: local deadline 5.010 s is virtual 10 ms.
  World1 w(Clock(Duration::seconds(5), 0));
  w.timer_at_ms(5010, 1);
  w.run_to_ms(100);
  EXPECT_EQ(w.log, (Log{"timer 1 @ 10ms"}));
}

TEST(NodeTimers, CancelledTimerDoesNotFire) {
  World1 w;
  const TimerId t = w.timer_at_ms(10, 1);
  w.timer_at_ms(20, 2);
  w.node->cancel_timer(t);
  w.node->cancel_timer(t);  // twice: harmless
  w.run_to_ms(100);
  EXPECT_EQ(w.log, (Log{"timer 2 @ 20ms"}));
}

// The engine tells an actor, by tag, which of its timers fires soon (the third prefetch step),
// for its live timers only: timers within one bucket of 2^20 ns, as the engine looks ahead only
// within the bucket it runs.
TEST(NodeTimers, TheActorIsToldAheadWhichTimerFires) {
  World1 w;
  std::vector<TimerId> ids;
  for (uint64_t tag = 1; tag <= 6; ++tag) {
    ids.push_back(w.node->set_timer(LocalTime{10 * kMs + static_cast<int64_t>(tag) * 1000}, tag, 0));
  }
  w.node->cancel_timer(ids[3]);  // tag 4
  w.run_to_ms(20);
  // As timer k is about to run, the engine looks two events on: timer k + 2, or none when that
  // is the cancelled timer 4's entry, or past the last.
  EXPECT_EQ(w.log, (Log{"ahead 3", "timer 1 @ 10ms", "timer 2 @ 10ms", "ahead 5", "timer 3 @ 10ms", "ahead 6",
                        "timer 5 @ 10ms", "timer 6 @ 10ms"}));
}

TEST(NodeTimers, ClockJumpReschedulesArmedTimers) {
  World1 w;
  w.timer_at_ms(100, 1);
  w.run_to_ms(10);
  w.node->jump_clock(Duration::millis(50));  // local 60 ms at virtual 10 ms
  w.run_to_ms(200);
  EXPECT_EQ(w.log, (Log{"timer 1 @ 50ms"}));
}

TEST(StallTimers, DefersTimersButStillHandlesMessages) {
  World1 w;
  w.timer_at_ms(10, 1);
  w.timer_at_ms(20, 2);
  w.node->begin_stall();
  w.message_from_peer(7);  // arrives at 1 ms
  w.run_to_ms(30);
  EXPECT_EQ(w.log, (Log{"msg 7 @ 1ms"}));
  w.node->end_stall();
  EXPECT_EQ(w.log, (Log{"msg 7 @ 1ms", "timer 1 @ 30ms", "timer 2 @ 30ms"}));
}

TEST(StallTimers, CancellingADeferredTimerWithdrawsIt) {
  World1 w;
  const TimerId t = w.timer_at_ms(10, 1);
  w.node->begin_stall();
  w.run_to_ms(20);
  w.node->cancel_timer(t);
  w.node->end_stall();
  EXPECT_TRUE(w.log.empty());
}

TEST(Pause, DefersTimersAndDeliveriesAndRunsThemInTheOrderTheyFellDue) {
  World1 w;
  w.node->begin_pause(false);
  w.timer_at_ms(5, 1);
  w.run_to_ms(3);
  w.message_from_peer(8);  // arrives at 4 ms
  w.timer_at_ms(6, 2);
  w.run_to_ms(50);
  EXPECT_TRUE(w.log.empty());
  EXPECT_EQ(w.trace.events_of(EventKind::message_deferred), 1u);
  EXPECT_EQ(w.trace.events_of(EventKind::timer_deferred), 2u);
  w.node->end_pause(false);
  EXPECT_EQ(w.log, (Log{"msg 8 @ 50ms", "timer 1 @ 50ms", "timer 2 @ 50ms"}));
}

TEST(Pause, UrgentTimersRunBeforeWorkThatFellDueEarlier) {
  World1 w;
  w.node->begin_pause(false);
  w.message_from_peer(5);  // arrives at 1 ms
  w.timer_at_ms(3, 1);
  w.node->set_timer(LocalTime{4 * kMs}, 2, 0, /*urgent=*/true);
  w.run_to_ms(10);
  w.node->end_pause(false);
  EXPECT_EQ(w.log, (Log{"timer 2 @ 10ms", "msg 5 @ 10ms", "timer 1 @ 10ms"}));
}

TEST(Pause, ConnectionLossWaitsForThePauseToEnd) {
  World1 w;
  w.node->begin_pause(false);
  w.node->connection_lost(1);
  w.run_to_ms(5);
  EXPECT_EQ(w.trace.events_of(EventKind::connection_lost), 0u);
  w.node->end_pause(false);
  EXPECT_EQ(w.trace.events_of(EventKind::connection_lost), 1u);
}

TEST(Pause, StallEndingInsideAPauseReleasesNothing) {
  World1 w;
  w.timer_at_ms(5, 1);
  w.node->begin_stall();
  w.node->begin_pause(false);
  w.run_to_ms(10);
  w.node->end_stall();
  EXPECT_TRUE(w.log.empty());
  w.run_to_ms(20);
  w.node->end_pause(false);
  EXPECT_EQ(w.log, (Log{"timer 1 @ 20ms"}));
}

TEST(Pause, PauseEndingInsideAStallReleasesMessagesButNotTimers) {
  World1 w;
  w.timer_at_ms(5, 1);
  w.node->begin_pause(false);
  w.node->begin_stall();
  w.message_from_peer(9);
  w.run_to_ms(10);
  w.node->end_pause(false);
  EXPECT_EQ(w.log, (Log{"msg 9 @ 10ms"}));
  w.run_to_ms(15);
  w.node->end_stall();
  EXPECT_EQ(w.log, (Log{"msg 9 @ 10ms", "timer 1 @ 15ms"}));
}

TEST(Pause, StoppedClockPushesTimersBackByThePause) {
  World1 w;
  w.timer_at_ms(20, 1);  // local 20 ms
  w.run_to_ms(10);
  w.node->begin_pause(true);  // clock stops at local 10 ms
  w.run_to_ms(40);
  EXPECT_EQ(w.node->now(), LocalTime{10 * kMs});
  w.node->end_pause(true);  // resumes at virtual 40 ms
  w.run_to_ms(100);
  EXPECT_EQ(w.log, (Log{"timer 1 @ 50ms"}));
}

TEST(Pause, RunningClockFiresTheOverdueTimerAtTheEnd) {
  World1 w;
  w.timer_at_ms(20, 1);
  w.run_to_ms(10);
  w.node->begin_pause(false);
  w.run_to_ms(40);
  w.node->end_pause(false);
  EXPECT_EQ(w.log, (Log{"timer 1 @ 40ms"}));
}

TEST(Crash, LosesTimersWaitingWorkAndMessagesUntilRestart) {
  World1 w;
  w.timer_at_ms(5, 1);
  w.node->crash();
  w.message_from_peer(3);  // arrives while down
  w.run_to_ms(10);
  EXPECT_TRUE(w.log.empty());
  EXPECT_EQ(w.trace.events_of(EventKind::message_lost), 1u);
  w.node->restart();
  EXPECT_EQ(w.log, (Log{"start @ 10ms"}));
  w.message_from_peer(4);
  w.run_to_ms(20);
  EXPECT_EQ(w.log, (Log{"start @ 10ms", "msg 4 @ 11ms"}));
}

TEST(Crash, ARestartDuringAPauseStartsWhenThePauseEnds) {
  World1 w;
  w.node->crash();
  w.node->begin_pause(false);
  w.run_to_ms(5);
  w.node->restart();
  w.message_from_peer(6);  // arrives at 6 ms, while still paused
  w.run_to_ms(10);
  EXPECT_TRUE(w.log.empty());
  w.node->end_pause(false);
  EXPECT_EQ(w.log, (Log{"start @ 10ms", "msg 6 @ 10ms"}));
}

}  // namespace
}  // namespace leasesim::sim
