// view_agreement and change_notice on hand-built traces.
#include <gtest/gtest.h>

#include <string>

#include "checkers/change_notice.h"
#include "checkers/view_agreement.h"

namespace leasesim::checkers {
namespace {

using sim::EventKind;
using sim::Instant;

constexpr int64_t kMs = 1'000'000;
Instant ms(int64_t v) { return Instant{v * kMs}; }

template <class C>
struct Bench {
  template <class... A>
  explicit Bench(A... a) : checker(trace, a...) {
    t1 = trace.add_node("tracker1");
    t2 = trace.add_node("tracker2");
    db1 = trace.add_node("db1");
    db2 = trace.add_node("db2");
    trace.add_sink(&checker);
  }
  void at(Instant t) {
    if (checker.horizon() <= t) checker.advance_to(t);
  }
  void state(sim::NodeId n, int64_t t_ms, const std::string& text) {
    at(ms(t_ms));
    trace.record({ms(t_ms), EventKind::state, n, sim::kNoNode, trace.intern(text), 0});
  }
  void event(sim::NodeId n, int64_t t_ms, EventKind k, int64_t a = 0) {
    at(ms(t_ms));
    trace.record({ms(t_ms), k, n, sim::kNoNode, 0, 1, a});
  }
  sim::Trace trace;
  C checker;
  sim::NodeId t1, t2, db1, db2;
};

TEST(ViewAgreement, ReadsOnlyNamesOfTheFormViewVersionColonContent) {
  EXPECT_EQ(ViewAgreementChecker::parse("view 3: active [db1]"), std::make_pair(int64_t{3}, std::string("active [db1]")));
  EXPECT_FALSE(ViewAgreementChecker::parse("view x: active"));
  EXPECT_FALSE(ViewAgreementChecker::parse("view 3 active"));
  EXPECT_FALSE(ViewAgreementChecker::parse("group version 3"));
}

TEST(ViewAgreement, TheSameContentForAVersionFromTwoTrackersHolds) {
  Bench<ViewAgreementChecker> b;
  b.state(b.t1, 10, "view 0: active [db1]");
  b.state(b.t2, 20, "view 0: active [db1]");
  b.state(b.t2, 30, "view 1: active [db1 db2]");
  b.checker.finish(ms(100));
  EXPECT_TRUE(b.checker.violations().empty());
}

TEST(ViewAgreement, AnotherContentForAVersionOpensAWindowUntilThatTrackerMovesOn) {
  Bench<ViewAgreementChecker> b;
  b.state(b.t1, 10, "view 0: active [db1]");
  b.state(b.t2, 20, "view 0: active [db2]");  // against tracker2, tracker1 answered first
  b.state(b.t2, 25, "view 0: active [db2]");  // still the same window
  b.state(b.t2, 40, "view 1: active [db1 db2]");
  b.checker.finish(ms(100));
  ASSERT_EQ(b.checker.violations().size(), 1u);
  const Violation& v = b.checker.violations()[0];
  EXPECT_EQ(v.node, b.t2);
  EXPECT_EQ(v.other, b.t1);
  EXPECT_EQ(v.epoch, 0u);
  EXPECT_EQ(v.start, ms(20));
  EXPECT_EQ(v.end, ms(40));
  EXPECT_FALSE(v.cut_by_run_end);
}

TEST(ViewAgreement, AWindowStillOpenIsCutByTheRunsEndAndOneOfNoLengthLeavesNothing) {
  Bench<ViewAgreementChecker> b;
  b.state(b.t1, 10, "view 0: active [db1]");
  b.state(b.t1, 20, "view 0: active []");
  b.state(b.t1, 20, "view 1: active []");  // moved on at the same instant: nothing left
  b.state(b.t2, 30, "view 1: active [db2]");
  b.checker.finish(ms(100));
  ASSERT_EQ(b.checker.violations().size(), 1u);
  EXPECT_EQ(b.checker.violations()[0].start, ms(30));
  EXPECT_EQ(b.checker.violations()[0].end, ms(100));
  EXPECT_TRUE(b.checker.violations()[0].cut_by_run_end);
}

TEST(ChangeNotice, AMemberThatLearnsWithinTheBoundIsNotReported) {
  Bench<ChangeNoticeChecker> b(sim::Duration::millis(3010));
  b.event(b.db1, 4, EventKind::lease_believed, Instant::never().ns);
  b.state(b.t1, 20005, "group version 2");
  b.state(b.db1, 21006, "learned version 2");
  b.checker.finish(ms(30000));
  EXPECT_TRUE(b.checker.violations().empty());
}

TEST(ChangeNotice, AReportOpensAtTheChangePlusTheBoundAndClosesWhenTheMemberLearnsOrLeaves) {
  Bench<ChangeNoticeChecker> b(sim::Duration::millis(3010));
  b.event(b.db1, 4, EventKind::lease_believed, Instant::never().ns);
  b.event(b.db2, 4, EventKind::lease_believed, Instant::never().ns);
  b.state(b.t1, 1000, "group version 1");
  b.state(b.t1, 2000, "group version 2");
  b.state(b.db1, 4010, "learned version 1");  // in time for 1, not yet 2: the report is for 2
  b.state(b.db1, 5000, "learned version 2");
  b.event(b.db2, 6000, EventKind::expiry_learned);
  b.checker.finish(ms(30000));
  // db1 learns 1 exactly at its bound (4.010 s: in time) and 2 before its own (5.010 s).
  // db2 learns neither: late for 1 from 4.010 s until it leaves the group at 6 s.
  ASSERT_EQ(b.checker.violations().size(), 1u);
  const Violation& v = b.checker.violations()[0];
  EXPECT_EQ(v.node, b.db2);
  EXPECT_EQ(v.epoch, 1u);
  EXPECT_EQ(v.start, ms(4010));
  EXPECT_EQ(v.end, ms(6000));
}

TEST(ChangeNotice, AMemberWhoseBeliefRanOutBeforeTheChangeOwesNothing) {
  Bench<ChangeNoticeChecker> b(sim::Duration::millis(3010));
  b.event(b.db1, 4, EventKind::lease_believed, ms(19004).ns);
  b.state(b.t1, 19007, "group version 2");
  b.checker.finish(ms(30000));
  EXPECT_TRUE(b.checker.violations().empty());
}

}  // namespace
}  // namespace leasesim::checkers
