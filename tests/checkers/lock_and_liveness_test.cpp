// lock_safety and session_liveness on hand-built traces.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "checkers/lock_safety.h"
#include "checkers/session_liveness.h"

namespace leasesim::checkers {
namespace {

using sim::EventKind;
using sim::Instant;

constexpr int64_t kMs = 1'000'000;
Instant ms(int64_t v) { return Instant{v * kMs}; }

struct LockBench {
  LockBench() {
    trace.add_node("zk1");
    c1 = trace.add_node("c1");
    c2 = trace.add_node("c2");
    c3 = trace.add_node("c3");
    lock = trace.intern("/lock");
    trace.add_sink(&checker);
  }
  void at(Instant t) {
    if (checker.horizon() <= t) checker.advance_to(t);
  }
  void held(sim::NodeId n, int64_t t_ms) {
    at(ms(t_ms));
    trace.record({ms(t_ms), EventKind::lock_held, n, sim::kNoNode, lock, 100 + n});
  }
  void released(sim::NodeId n, int64_t t_ms) {
    at(ms(t_ms));
    trace.record({ms(t_ms), EventKind::lock_released, n, sim::kNoNode, lock, 100 + n});
  }
  sim::Trace trace;
  LockSafetyChecker checker{trace};
  sim::NodeId c1, c2, c3;
  sim::Symbol lock;
};

TEST(LockSafety, TwoHoldersAtOnceIsAWindowAgainstTheEarlierHolder) {
  LockBench b;
  b.held(b.c1, 1000);
  b.held(b.c2, 12003);
  b.released(b.c1, 15000);
  b.checker.finish(ms(20000));
  ASSERT_EQ(b.checker.violations().size(), 1u);
  const Violation& v = b.checker.violations()[0];
  EXPECT_EQ(v.node, b.c1);
  EXPECT_EQ(v.other, b.c2);
  EXPECT_EQ(v.lock, b.lock);
  EXPECT_EQ(v.start, ms(12003));
  EXPECT_EQ(v.end, ms(15000));
}

TEST(LockSafety, AHandOverAtOneInstantIsNoWindow) {
  LockBench b;
  b.held(b.c1, 1000);
  b.held(b.c2, 5000);
  b.released(b.c1, 5000);
  b.checker.finish(ms(20000));
  EXPECT_TRUE(b.checker.violations().empty());
}

TEST(LockSafety, ThreeHoldersGiveAWindowPerPair) {
  LockBench b;
  b.held(b.c1, 1000);
  b.held(b.c2, 2000);
  b.held(b.c3, 3000);
  b.released(b.c2, 4000);
  b.checker.finish(ms(5000));
  ASSERT_EQ(b.checker.violations().size(), 3u);  // c1/c2, c1/c3, c2/c3
  EXPECT_TRUE(b.checker.violations().back().cut_by_run_end);  // c1/c3 still open at the end
}

struct LivenessBench {
  LivenessBench() {
    zk = trace.add_node("zk1");
    c1 = trace.add_node("c1");
    trace.add_sink(&checker);
  }
  void at(Instant t) {
    if (checker.horizon() <= t) checker.advance_to(t);
  }
  void granted(int64_t t_ms, int64_t until_ms) {
    at(ms(t_ms));
    trace.record({ms(t_ms), EventKind::lease_granted, zk, c1, 0, 7, ms(until_ms).ns});
  }
  void client(EventKind k, int64_t t_ms) {
    at(ms(t_ms));
    trace.record({ms(t_ms), k, c1, sim::kNoNode, 0, 7});
  }
  sim::Trace trace;
  SessionLivenessChecker checker{trace, sim::Duration::millis(2000)};  // grace: a ZooKeeper tick
  sim::NodeId zk, c1;
};

TEST(SessionLiveness, ReportsASessionOutlivingItsClientsAbsence) {
  LivenessBench b;
  b.granted(1, 8000);  // lives 7.999 s untouched
  b.client(EventKind::lease_believed, 2);
  b.client(EventKind::lease_dropped, 6002);
  b.granted(10203, 18000);  // a connection attempt touches it
  b.checker.finish(ms(40000));
  ASSERT_EQ(b.checker.violations().size(), 1u);
  EXPECT_EQ(b.checker.violations()[0].start, ms(16001));  // 6.002 + 7.999 + the 2 s grace
  EXPECT_TRUE(b.checker.violations()[0].cut_by_run_end);
  EXPECT_TRUE(b.checker.liveness());
}

TEST(SessionLiveness, NothingToReportWhenTheSessionExpiresInTime) {
  LivenessBench b;
  b.granted(1, 8000);
  b.client(EventKind::lease_believed, 2);
  b.client(EventKind::lease_dropped, 4002);
  b.at(ms(8000));
  b.trace.record({ms(8000), EventKind::lease_expired, b.zk, b.c1, 0, 7});
  b.checker.finish(ms(20000));
  EXPECT_TRUE(b.checker.violations().empty());
}

TEST(SessionLiveness, AReconnectionClosesTheReport) {
  LivenessBench b;
  b.granted(1, 8000);
  b.client(EventKind::lease_believed, 2);
  b.client(EventKind::lease_dropped, 1000);
  b.granted(5000, 12000);
  b.client(EventKind::lease_believed, 12000);
  b.checker.finish(ms(20000));
  ASSERT_EQ(b.checker.violations().size(), 1u);
  EXPECT_EQ(b.checker.violations()[0].start, ms(10999));  // 1 s + 7.999 s + 2 s
  EXPECT_EQ(b.checker.violations()[0].end, ms(12000));
}

TEST(SessionLiveness, AnExpiryCommittedWithinTheGraceIsNoReportButALaterOneIs) {
  // Disconnected at 1 ms, the instant of the only touch (it lives 7.999 s): due at 1 ms +
  // 7.999 s + the 2 s grace = 10 s.
  for (const int64_t expired_ms : {10000, 10002}) {
    LivenessBench b;
    b.granted(1, 8000);
    b.client(EventKind::lease_believed, 1);
    b.client(EventKind::lease_dropped, 1);
    b.at(ms(expired_ms));
    b.trace.record({ms(expired_ms), EventKind::lease_expired, b.zk, b.c1, 0, 7});
    b.checker.finish(ms(20000));
    if (expired_ms == 10000) {
      EXPECT_TRUE(b.checker.violations().empty());
    } else {
      ASSERT_EQ(b.checker.violations().size(), 1u);
      EXPECT_EQ(b.checker.violations()[0].start, ms(10000));
      EXPECT_EQ(b.checker.violations()[0].end, ms(10002));
    }
  }
}

// A client usually has one session at a time (kept in its own line); this one has several, and
// its first ends while the others live: each is still found, and reported, by its own key.
TEST(SessionLiveness, AClientsSeveralSessionsAreEachTheirOwn) {
  LivenessBench b;
  auto grant = [&](int64_t t_ms, uint64_t session, int64_t until_ms) {
    b.at(ms(t_ms));
    b.trace.record({ms(t_ms), EventKind::lease_granted, b.zk, b.c1, 0, session, ms(until_ms).ns});
  };
  for (uint64_t session : {7, 8, 9}) grant(1, session, 8000);  // each due at 10 s
  b.at(ms(5000));
  b.trace.record({ms(5000), EventKind::lease_expired, b.zk, b.c1, 0, 7});
  grant(5000, 10, 12000);  // due at 14 s
  b.at(ms(6000));
  b.trace.record({ms(6000), EventKind::lease_believed, b.c1, sim::kNoNode, 0, 8});
  b.at(ms(9000));
  b.trace.record({ms(9000), EventKind::lease_expired, b.zk, b.c1, 0, 9});  // in time
  // A holder that is not a node of the trace (a judged trace may name anything).
  b.trace.record({ms(6000), EventKind::lease_granted, b.zk, sim::kNoNode, 0, 11, ms(7000).ns});
  b.checker.finish(ms(20000));
  std::vector<std::pair<uint64_t, int64_t>> reported;  // session, start
  for (const Violation& v : b.checker.violations()) {
    EXPECT_TRUE(v.cut_by_run_end);
    reported.emplace_back(v.epoch, v.start.ns);
  }
  EXPECT_EQ(reported, (std::vector<std::pair<uint64_t, int64_t>>{
                          {10, ms(14000).ns}, {11, ms(9000).ns}}));
}

// Counts the reports opened: a report is traced when it opens, a Violation only when it closes.
struct Starts final : sim::TraceSink {
  void on_event(const sim::TraceEvent& e) override { n += e.kind == EventKind::violation_start; }
  int n = 0;
};

// A session that stops waiting leaves its entry in the due heap (due_heap.h): reaching that
// entry's instant opens nothing, and the report opens at the due instant the session has now.
TEST(SessionLiveness, AnEntryLeftByAReconnectionOpensNothing) {
  Starts starts;
  LivenessBench b;
  b.trace.add_sink(&starts);
  b.granted(1, 8000);  // waiting from its creation: due at 1 ms + 7.999 s + 2 s = 10 s
  b.client(EventKind::lease_believed, 2);
  b.client(EventKind::lease_dropped, 6002);  // due at 16.001 s
  b.at(ms(12000));
  EXPECT_EQ(starts.n, 0);
  EXPECT_EQ(b.checker.horizon(), ms(16001) + sim::Duration::nanos(1));
  b.at(ms(17000));
  EXPECT_EQ(starts.n, 1);
  b.checker.finish(ms(40000));
  ASSERT_EQ(b.checker.violations().size(), 1u);
  EXPECT_EQ(b.checker.violations()[0].start, ms(16001));
}

// A new session whose first grant gives it no life at all (until = now) is waiting from that
// instant, due after the grace alone.
TEST(SessionLiveness, ASessionGrantedNoLifeIsDueAfterTheGrace) {
  LivenessBench b;
  b.granted(1, 1);
  b.checker.finish(ms(5000));
  ASSERT_EQ(b.checker.violations().size(), 1u);
  EXPECT_EQ(b.checker.violations()[0].start, ms(2001));
}

// Disconnected, reconnected and disconnected again at one instant: two entries with the same
// due instant, both current. The report opens once.
TEST(SessionLiveness, TwoEntriesForOneDueInstantOpenOneReport) {
  Starts starts;
  LivenessBench b;
  b.trace.add_sink(&starts);
  b.granted(1, 8000);
  b.client(EventKind::lease_believed, 1);
  b.client(EventKind::lease_dropped, 1);
  b.client(EventKind::lease_believed, 1);
  b.client(EventKind::lease_dropped, 1);  // due at 10 s, as the first drop's entry
  b.at(ms(11000));
  EXPECT_EQ(starts.n, 1);
  b.checker.finish(ms(20000));
  ASSERT_EQ(b.checker.violations().size(), 1u);
  EXPECT_EQ(b.checker.violations()[0].start, ms(10000));
  EXPECT_EQ(starts.n, 1);
}

}  // namespace
}  // namespace leasesim::checkers
