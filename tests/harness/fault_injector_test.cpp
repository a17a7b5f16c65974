// Each fault kind, from YAML to its effect in a running world, and how faults compose.
#include <gtest/gtest.h>

#include "tests/support/story.h"

namespace leasesim {
namespace {

using sim::EventKind;
using testing::story;
using Lines = std::vector<std::string>;

std::string world(const std::string& followers, const std::string& faults, const std::string& duration = "20s") {
  return "duration: " + duration + "\nprotocol: {kind: zbs}\nfollowers: [" + followers + "]\nfaults:\n" + faults;
}

size_t count(const Lines& lines, const std::string& needle) {
  size_t n = 0;
  for (const std::string& l : lines) n += l.find(needle) != std::string::npos ? 1 : 0;
  return n;
}

TEST(Faults, PartitionCutsEveryLinkBetweenGroupsAndNoneWithinThem) {
  // Followers a and b with the master on one side, c alone on the other, from 0 s for 8.5 s.
  const Lines s = story(world("a, b, c", "  - {at: 0s, partition: {groups: [[master, a, b], [c]], for: 8.5s}}\n"),
                        {EventKind::lease_granted, EventKind::fault_end});
  EXPECT_EQ(count(s, "lease_granted a"), 3u);  // 0.001 s, 7.001 s, 14.001 s
  EXPECT_EQ(count(s, "lease_granted b"), 3u);
  // c registers only after the heal at 8.5 s, with its RPC retry at 9.5 s.
  EXPECT_EQ(count(s, "lease_granted c"), 2u) << ::testing::PrintToString(s);
  EXPECT_EQ(count(s, "9.501s master lease_granted c"), 1u) << ::testing::PrintToString(s);
  EXPECT_EQ(count(s, "8.500s  fault_end"), 1u) << ::testing::PrintToString(s);
}

TEST(Faults, OneWayDisconnectCutsOnlyThatDirection) {
  // Master -> f cut: the registration reaches the master (granted) but its reply is lost, and so
  // is the reply to the retry the follower sends at its RPC timeout (9.5 s, answered at once in
  // WAIT_KEEPALIVE at 9.501 s). The follower never believes anything.
  const Lines s = story(world("f", "  - {at: 0s, disconnect: {from: master, to: f}}\n", "10s"),
                        {EventKind::lease_granted, EventKind::lease_believed, EventKind::message_dropped});
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "0.001s master message_dropped",
                      "9.501s master lease_granted f e1 until 21.501s", "9.501s master message_dropped"}));
}

TEST(Faults, ADisconnectBreaksTheConnectionAtBothEndsAndAPartitionBreaksNothing) {
  const Lines cut = story(world("f, g", "  - {at: 1s, disconnect: {from: f, to: master}}\n", "2s"), {EventKind::connection_lost});
  EXPECT_EQ(cut, (Lines{"1.000s f connection_lost", "1.000s master connection_lost"}));
  const Lines split = story(world("f, g", "  - {at: 1s, partition: {groups: [[master], [f, g]]}}\n", "2s"),
                            {EventKind::connection_lost});
  EXPECT_TRUE(split.empty());
}

TEST(Faults, ACrashBreaksEverySurvivorsConnectionToTheCrashedNode) {
  const Lines s = story(world("f, g", "  - {at: 1s, restart: {node: master, for: 1s}}\n", "2s"), {EventKind::connection_lost});
  EXPECT_EQ(s, (Lines{"1.000s f connection_lost", "1.000s g connection_lost"}));
}

TEST(Faults, ACountedFaultEndsWhenItsCountIsUsedUpAndNotAgainAtItsFor) {
  const Lines s = story(world("f", "  - {at: 0s, drop: {from: f, count: 2, for: 15s}}\n"),
                        {EventKind::fault_start, EventKind::fault_end, EventKind::message_dropped});
  EXPECT_EQ(s, (Lines{"0.000s  fault_start", "0.000s f message_dropped", "9.500s f message_dropped", "9.500s  fault_end"}));
}

TEST(Faults, AFaultWithForEndsThen) {
  const Lines s = story(world("f", "  - {at: 1s, stall_timers: {node: master, for: 2s}}\n"),
                        {EventKind::fault_start, EventKind::fault_end});
  EXPECT_EQ(s, (Lines{"1.000s master fault_start", "3.000s master fault_end"}));
}

TEST(Faults, AFaultLastingPastTheRunHasNoEnd) {
  const Lines s = story(world("f", "  - {at: 1s, stall_timers: {node: master, for: 1h}}\n"),
                        {EventKind::fault_start, EventKind::fault_end});
  EXPECT_EQ(s, (Lines{"1.000s master fault_start"}));
}

TEST(Faults, ClockFaultChangesRateAndStepAndMovesTimers) {
  // f's registration (sent at 0) is lost, so its RPC timer is due when its clock reads 9.5 s.
  // At 1 s its clock starts running 10% fast and steps +2 s, reading 3 s: 9.5 s is reached at
  // 1 + (9.5 - 3) / 1.1 = 6.909090909... s, rounded up to 6.909090910 s.
  const Lines s = story(world("f", "  - {at: 0s, drop: {from: f, to: master, message: KeepAlive, count: 2}}\n"
                                   "  - {at: 1s, clock: {node: f, drift_ppm: 100000, jump: 2s}}\n", "8s"),
                        {EventKind::clock_changed, EventKind::state});
  EXPECT_EQ(s, (Lines{"1.000s f clock_changed", "1.000s f clock_changed", "6.90909091s f state KeepAlive timed out"}));
}

TEST(Faults, RestartLosesMessagesWhileDownAndStartsAFreshActor) {
  const Lines s = story(world("f", "  - {at: 7s, restart: {node: f, for: 1s}}\n", "9s"),
                        {EventKind::node_crashed, EventKind::node_started, EventKind::message_lost, EventKind::lease_granted});
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "7.000s f node_crashed",
                      "7.001s master lease_granted f e1 until 19.001s", "7.002s f message_lost", "8.000s f node_started",
                      "8.001s master lease_granted f e2 until 20.001s"}));
}

TEST(Faults, OverlappingDelaysAddAndADropWins) {
  // The registration reply is delayed twice (1 s + 2 s): it arrives at 3.002 s. The next reply
  // (7.001 s) matches a drop and both delays: the drop wins and leaves the delays' counts alone,
  // so the reply after it (14.001 s) is delayed by both (17.002 s).
  const Lines s = story(world("f", "  - {at: 0s, delay: {from: master, extra: 1s, count: 2}}\n"
                                   "  - {at: 0s, delay: {to: f, extra: 2s, count: 2}}\n"
                                   "  - {at: 5s, drop: {from: master, count: 1}}\n"),
                        {EventKind::message_delivered, EventKind::message_dropped});
  EXPECT_EQ(count(s, "3.002s f message_delivered"), 1u) << ::testing::PrintToString(s);
  EXPECT_EQ(count(s, "7.001s master message_dropped"), 1u) << ::testing::PrintToString(s);
  EXPECT_EQ(count(s, "17.002s f message_delivered"), 1u) << ::testing::PrintToString(s);
}

TEST(Faults, DuplicateDeliversTwiceWithTheSameMessageId) {
  const Lines s = story(world("f", "  - {at: 0s, duplicate: {from: master, extra: 5ms, count: 1}}\n", "1s"),
                        {EventKind::message_delivered, EventKind::state});
  EXPECT_EQ(count(s, "0.002s f message_delivered"), 1u);
  EXPECT_EQ(count(s, "0.007s f message_delivered"), 1u);
  EXPECT_EQ(count(s, "0.007s f state reply ignored"), 1u);
}

TEST(Faults, PauseWithAStoppedClockDelaysTheNodesOwnTimersByThePause) {
  // f's registration (sent at 0) is lost; its RPC timeout (clock 9.5 s) moves by the 5 s its
  // clock stood still: 14.5 s. With a running clock it falls due inside a pause from 5 s to
  // 10 s and fires when the pause ends; the retry, lost too, times out 9.5 s later.
  const Lines stops = story(world("f", "  - {at: 0s, drop: {from: f, count: 2}}\n  - {at: 1s, pause: {node: f, for: 5s, clock: stops}}\n"),
                            {EventKind::timer_fired});
  EXPECT_EQ(stops, (Lines{"14.500s f timer_fired"}));
  const Lines runs = story(world("f", "  - {at: 0s, drop: {from: f, count: 2}}\n  - {at: 5s, pause: {node: f, for: 5s}}\n"),
                           {EventKind::timer_fired});
  EXPECT_EQ(runs, (Lines{"10.000s f timer_fired", "19.500s f timer_fired"}));
}

}  // namespace
}  // namespace leasesim
