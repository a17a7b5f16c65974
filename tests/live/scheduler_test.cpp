// LiveScheduler's order and cancellation, driven by instants the test chooses: nothing here
// depends on how fast the machine is.
#include <gtest/gtest.h>

#include <vector>

#include "live/scheduler.h"

namespace leasesim::live {
namespace {

using sim::Instant;

struct Log final : sim::EventTarget {
  std::vector<uint64_t> ran;
  std::vector<Instant> at;
  const LiveScheduler* sched = nullptr;
  void on_event(uint64_t arg) override {
    ran.push_back(arg);
    at.push_back(sched->now());
  }
};

Instant ms(int64_t n) { return Instant{n * 1'000'000}; }
const Instant kEnd = ms(1000);

TEST(LiveScheduler, RunsDueEventsInTimeThenScheduleOrderEvenWhenLate) {
  LiveScheduler s;
  Log log;
  log.sched = &s;
  s.schedule_at(ms(5), &log, 3);
  s.schedule_at(ms(2), &log, 1);
  s.schedule_at(ms(5), &log, 4);
  s.schedule_at(ms(2), &log, 2);
  s.schedule_at(ms(9), &log, 5);
  // The clock says 7 ms: everything due by then runs, in (time, sequence) order, the rest waits.
  EXPECT_TRUE(s.run_due([] { return ms(7); }, kEnd));
  EXPECT_EQ(log.ran, (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(s.next_due(), ms(9));
  EXPECT_TRUE(s.run_due([] { return ms(9); }, kEnd));
  EXPECT_EQ(log.ran, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(s.next_due(), Instant::never());
}

TEST(LiveScheduler, NowIsTheRealInstantAnEventStartedAtAndNeverGoesBack) {
  LiveScheduler s;
  Log log;
  log.sched = &s;
  s.schedule_at(ms(1), &log, 1);
  s.schedule_at(ms(2), &log, 2);
  std::vector<Instant> clock = {ms(3), ms(4), ms(4)};
  size_t i = 0;
  EXPECT_TRUE(s.run_due([&] { return clock[std::min(i++, clock.size() - 1)]; }, kEnd));
  EXPECT_EQ(log.at, (std::vector<Instant>{ms(3), ms(4)}));
  const Lateness l = s.lateness();
  EXPECT_EQ(l.count, 2u);
  EXPECT_EQ(l.max_ns, ms(2).ns);  // the first ran 2 ms late, the second 2 ms late too
}

TEST(LiveScheduler, CancelledEventsNeverRunAndArePendingUntilThen) {
  LiveScheduler s;
  Log log;
  log.sched = &s;
  const sim::EventId a = s.schedule_at(ms(1), &log, 1);
  const sim::EventId b = s.schedule_at(ms(2), &log, 2);
  EXPECT_TRUE(s.pending(a));
  s.cancel(a);
  s.cancel(a);  // twice: a no-op
  EXPECT_FALSE(s.pending(a));
  EXPECT_EQ(s.next_due(), ms(2));
  EXPECT_TRUE(s.run_due([] { return ms(5); }, kEnd));
  EXPECT_EQ(log.ran, (std::vector<uint64_t>{2}));
  EXPECT_FALSE(s.pending(b));
  s.cancel(b);  // already ran: a no-op, and the slot's next user is untouched
  const sim::EventId c = s.schedule_at(ms(6), &log, 3);
  s.cancel(b);
  EXPECT_TRUE(s.pending(c));
}

TEST(LiveScheduler, WorkFromOutsideAnEventRunsAfterWhatIsAlreadyDueAndIsNotATimer) {
  LiveScheduler s;
  Log log;
  log.sched = &s;
  s.schedule_at(ms(3), &log, 1);
  s.post(ms(3), &log, 2);  // a frame read at 3 ms: after the timer due at 3 ms
  s.schedule_at(ms(4), &log, 3);
  EXPECT_TRUE(s.run_due([] { return ms(4); }, kEnd));
  EXPECT_EQ(log.ran, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(s.lateness().count, 2u);
}

TEST(LiveScheduler, StopsAtTheEndWithoutRunningWhatIsDueThere) {
  LiveScheduler s;
  Log log;
  log.sched = &s;
  s.schedule_at(ms(1), &log, 1);
  s.schedule_at(ms(10), &log, 2);
  EXPECT_FALSE(s.run_due([] { return ms(10); }, ms(10)));
  EXPECT_TRUE(log.ran.empty());  // the clock was at the end before the first event
  EXPECT_EQ(s.next_due(), ms(1));
}

TEST(LiveScheduler, EventsScheduledByAnEventRunInTheSamePassWhenDue) {
  LiveScheduler s;
  struct Chain final : sim::EventTarget {
    LiveScheduler* s;
    std::vector<uint64_t> ran;
    void on_event(uint64_t arg) override {
      ran.push_back(arg);
      if (arg < 3) s->schedule_at(s->now(), this, arg + 1);
    }
  } chain;
  chain.s = &s;
  s.schedule_at(ms(1), &chain, 1);
  EXPECT_TRUE(s.run_due([] { return ms(2); }, kEnd));
  EXPECT_EQ(chain.ran, (std::vector<uint64_t>{1, 2, 3}));
}

}  // namespace
}  // namespace leasesim::live
