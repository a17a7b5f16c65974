// The ZBS master and follower against the rules of ticket ZBS-13135's notes, one behaviour per test, as timelines.
#include <gtest/gtest.h>

#include "tests/support/story.h"

namespace leasesim {
namespace {

using testing::story;
using Lines = std::vector<std::string>;

std::string scenario(const std::string& protocol_extra, const std::string& faults, const std::string& duration = "30s") {
  return "duration: " + duration + "\nprotocol: {kind: zbs" + protocol_extra + "}\nfollowers: [f]\nfaults:\n" + faults;
}

TEST(ZbsMaster, AnswersAPendingKeepAliveWhenItsTimerFires) {
  // Registration answered at once (1 ms); each next KeepAlive waits for the 7 s timer.
  const Lines s = story(scenario("", ""), {sim::EventKind::lease_granted});
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "7.001s master lease_granted f e1 until 19.001s",
                      "14.001s master lease_granted f e1 until 26.001s", "21.001s master lease_granted f e1 until 33.001s",
                      "28.001s master lease_granted f e1 until 40.001s"}));
}

TEST(ZbsMaster, AnswersAtOnceInWaitKeepAliveAndExpiresExactlyAtTheDeadline) {
  // The second KeepAlive is lost; the timer at 7.001 s finds none (WAIT_KEEPALIVE); the retry
  // at 9.502 s is answered on arrival, leaving the timer armed for the old deadline. The
  // follower's link is cut at 9.504 s, the instant its next KeepAlive leaves (a fault acts
  // before the actors at its instant), so nothing renews: the timer at 12.001 s re-reads the
  // deadline (21.503 s), waits again, and expires the session exactly then.
  const Lines s = story(scenario("", "  - {at: 1ms, drop: {from: f, count: 1}}\n  - {at: 9.504s, disconnect: {from: f, to: master}}\n"),
                        {sim::EventKind::lease_granted, sim::EventKind::lease_expired, sim::EventKind::state});
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "0.001s master state ACTIVE",
                      "7.001s master state WAIT_KEEPALIVE", "9.502s f state KeepAlive timed out",
                      "9.503s master lease_granted f e1 until 21.503s", "9.503s master state ACTIVE",
                      "12.001s master state WAIT_KEEPALIVE", "19.004s f state KeepAlive timed out",
                      "21.503s master state EXPIRED", "21.503s master lease_expired f e1",
                      "28.504s f state KeepAlive timed out"}));
}

TEST(ZbsFollower, FixedAnchorCountsFromTheKeepAlivesSendTime) {
  // The KeepAlive answered at 7.001 s was sent at 2 ms: believed until 0.002 + 9.5 = 9.502 s.
  const Lines s = story(scenario(", follower_anchor: send", "", "8s"), {sim::EventKind::lease_believed});
  EXPECT_EQ(s, (Lines{"0.002s f lease_believed e1 until 9.500s", "7.002s f lease_believed e1 until 9.502s"}));
}

TEST(ZbsFollower, LegacyAnchorCountsFromTheReplysArrival) {
  const Lines s = story(scenario(", follower_anchor: receive", "", "8s"), {sim::EventKind::lease_believed});
  EXPECT_EQ(s, (Lines{"0.002s f lease_believed e1 until 9.502s", "7.002s f lease_believed e1 until 16.502s"}));
}

TEST(ZbsFollower, LearnsExpiryFromTheMasterAndRegistersTheNextEpoch) {
  // Cut both ways from 1 s to 31 s. The KeepAlive pending since 3 ms is granted at 7.001 s
  // (deadline 19.001 s) but the reply is lost; nothing more arrives, so the session expires at
  // 19.001 s. The follower retries every 9.5 s from 9.502 s; the first retry after the heal
  // (38.002 s) is answered EXPIRED, and the follower registers epoch 2.
  const Lines s = story(scenario("", "  - {at: 1s, disconnect: {between: [master, f], for: 30s}}\n", "40s"));
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "0.002s f lease_believed e1 until 9.500s",
                      "7.001s master lease_granted f e1 until 19.001s", "19.001s master lease_expired f e1",
                      "38.004s f expiry_learned e1", "38.005s master lease_granted f e2 until 50.005s",
                      "38.006s f lease_believed e2 until 47.504s"}));
}

TEST(ZbsFollower, IgnoresAReplyThatDoesNotAnswerItsOutstandingRequest) {
  // Every reply is duplicated 100 ms later; the copy answers a request already answered.
  const Lines s = story(scenario("", "  - {at: 0s, duplicate: {from: master, extra: 100ms}}\n", "8s"),
                        {sim::EventKind::lease_believed, sim::EventKind::state});
  EXPECT_EQ(s, (Lines{"0.001s master state ACTIVE", "0.002s f lease_believed e1 until 9.500s", "0.102s f state reply ignored",
                      "7.002s f lease_believed e1 until 9.502s", "7.102s f state reply ignored"}));
}

TEST(ZbsMaster, AKeepAliveForASessionItDoesNotKnowIsAnsweredExpired) {
  // The master forgets its sessions in a restart at 4 s (expiring epoch 1 while the follower
  // believes it until 9.5 s: forgetting is unsafe). The follower's retry (9.502 s) is not a
  // registration, so it must not create a session: EXPIRED, and the follower registers anew.
  const Lines s = story(scenario("", "  - {at: 3s, restart: {node: master, for: 1s, sessions: forget}}\n", "12s"));
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "0.002s f lease_believed e1 until 9.500s",
                      "4.000s master lease_expired f e1", "4.000s f violation_start e1", "9.500s f violation_end e1",
                      "9.504s f expiry_learned e1", "9.505s master lease_granted f e2 until 21.505s",
                      "9.506s f lease_believed e2 until 19.004s"}));
}

}  // namespace
}  // namespace leasesim
