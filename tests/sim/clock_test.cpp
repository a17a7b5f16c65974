#include "sim/clock.h"

#include <gtest/gtest.h>

#include <limits>
#include <rapidcheck/gtest.h>

namespace leasesim::sim {
namespace {

constexpr int64_t kS = 1'000'000'000;

TEST(Clock, PerfectClockReadsVirtualTimePlusOffset) {
  const Clock c(Duration::seconds(5), 0);
  EXPECT_EQ(c.local_at(Instant{0}), LocalTime{5 * kS});
  EXPECT_EQ(c.local_at(Instant{7 * kS}), LocalTime{12 * kS});
  EXPECT_EQ(c.first_reaching(LocalTime{12 * kS}, Instant{0}), Instant{7 * kS});
}

TEST(Clock, FastClockReachesItsDeadlineEarly) {
  // 100 ppm fast: after 10 s of virtual time it reads 10.001 s.
  const Clock c(Duration{}, 100'000);
  EXPECT_EQ(c.local_at(Instant{10 * kS}), LocalTime{10 * kS + 1'000'000});
  // Local 10.001 s is reached at exactly 10 s.
  EXPECT_EQ(c.first_reaching(LocalTime{10 * kS + 1'000'000}, Instant{0}), Instant{10 * kS});
}

TEST(Clock, SlowClockReadingRoundsDownAndDeadlineRoundsUp) {
  // 1 ppb slow: local(v) = floor(v * (1e9 - 1) / 1e9).
  const Clock c(Duration{}, -1);
  EXPECT_EQ(c.local_at(Instant{kS}), LocalTime{kS - 1});
  EXPECT_EQ(c.local_at(Instant{kS - 1}), LocalTime{kS - 2});  // floor of 999999997.999999999
  // The first instant reading >= 1 s: 1e9 * 1e9 / (1e9 - 1) = 1000000001.000000001 -> ceil.
  const Instant v = c.first_reaching(LocalTime{kS}, Instant{0});
  EXPECT_EQ(v, Instant{kS + 2});
  EXPECT_GE(c.local_at(v), LocalTime{kS});
  EXPECT_LT(c.local_at(v - Duration{1}), LocalTime{kS});
}

TEST(Clock, DeadlineAlreadyReachedIsNow) {
  const Clock c(Duration::seconds(3), 0);
  EXPECT_EQ(c.first_reaching(LocalTime{kS}, Instant{42}), Instant{42});
}

TEST(Clock, StoppedClockNeverReachesAFutureDeadlineAndResumesWhereItStopped) {
  Clock c;
  c.stop(Instant{2 * kS});
  EXPECT_EQ(c.local_at(Instant{30 * kS}), LocalTime{2 * kS});
  EXPECT_TRUE(c.first_reaching(LocalTime{3 * kS}, Instant{5 * kS}).is_never());
  c.resume(Instant{32 * kS});
  EXPECT_EQ(c.local_at(Instant{33 * kS}), LocalTime{3 * kS});
  EXPECT_EQ(c.first_reaching(LocalTime{3 * kS}, Instant{32 * kS}), Instant{33 * kS});
}

TEST(Clock, JumpStepsTheReadingAndKeepsTheRate) {
  Clock c(Duration{}, 0);
  c.jump(Instant{10 * kS}, Duration::seconds(-2));
  EXPECT_EQ(c.local_at(Instant{10 * kS}), LocalTime{8 * kS});
  EXPECT_EQ(c.local_at(Instant{11 * kS}), LocalTime{9 * kS});
  EXPECT_EQ(c.first_reaching(LocalTime{10 * kS}, Instant{10 * kS}), Instant{12 * kS});
}

TEST(Clock, DriftChangeStartsANewPieceFromTheCurrentReading) {
  Clock c(Duration{}, 0);
  c.set_drift(Instant{10 * kS}, 1'000'000);  // 1000 ppm fast from 10 s on
  EXPECT_EQ(c.local_at(Instant{10 * kS}), LocalTime{10 * kS});
  EXPECT_EQ(c.local_at(Instant{20 * kS}), LocalTime{20 * kS + 10'000'000});
}

TEST(Clock, VersionMovesOnEveryChange) {
  Clock c;
  const uint64_t v0 = c.version();
  c.jump(Instant{1}, Duration{1});
  c.stop(Instant{2});
  c.resume(Instant{3});
  c.set_drift(Instant{4}, 5);
  EXPECT_EQ(c.version(), v0 + 4);
}

// The conversion contract, for any offset, drift and deadline: the instant returned is the
// first whose reading reaches the deadline, so a belief "now < end" is never cut short.
RC_GTEST_PROP(ClockProperty, FirstReachingIsTheExactInverseOfReading, ()) {
  const auto offset = *rc::gen::inRange<int64_t>(-3600 * kS, 3600 * kS);
  const auto drift = *rc::gen::inRange<int64_t>(-200'000'000, 200'000'000);  // +-20%
  const auto from = *rc::gen::inRange<int64_t>(0, 3600 * kS);
  const auto ahead = *rc::gen::inRange<int64_t>(-kS, 7200 * kS);
  const Clock c(Duration{offset}, drift);
  const LocalTime deadline = c.local_at(Instant{from}) + Duration{ahead};
  const Instant v = c.first_reaching(deadline, Instant{from});
  RC_ASSERT(!v.is_never());
  RC_ASSERT(v >= Instant{from});
  RC_ASSERT(c.local_at(v) >= deadline);
  if (v > Instant{from}) RC_ASSERT(c.local_at(v - Duration{1}) < deadline);
}

}  // namespace
}  // namespace leasesim::sim

namespace leasesim::sim {
namespace {

TEST(Time, MovingAnInstantSaturatesInsteadOfWrapping) {
  const LocalTime near_end{std::numeric_limits<int64_t>::max() - 5};
  EXPECT_TRUE((near_end + Duration::seconds(12)).is_never());
  EXPECT_EQ((near_end + Duration::nanos(5)).ns, std::numeric_limits<int64_t>::max());
  const LocalTime near_start{std::numeric_limits<int64_t>::min() + 5};
  EXPECT_EQ((near_start - Duration::seconds(1)).ns, std::numeric_limits<int64_t>::min());
  EXPECT_TRUE((near_start - Duration::seconds(-1) + Duration{std::numeric_limits<int64_t>::max()}).ns > 0);
}

TEST(Clock, AClockSteppedToTheEndOfTimeNeverReachesASaturatedDeadline) {
  // Thirty ten-year steps clamp the reading at the largest int64; a timeout set from there
  // saturates to never() and must not count as reached (it would fire at once, for ever).
  Clock c(Duration{}, 0);
  for (int i = 0; i < 30; ++i) c.jump(Instant{i}, Duration::seconds(315'360'000));
  const LocalTime now = c.local_at(Instant{30});
  EXPECT_EQ(now.ns, std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(c.first_reaching(now + Duration::millis(9500), Instant{30}).is_never());
}

}  // namespace
}  // namespace leasesim::sim
