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


// The readings seed 000 leaves open (model/zbs/params.h), each against its default.

TEST(ZbsMaster, WaitKeepaliveTimerLeaseFromFiringArmsTwelveSecondsFromTheFiringThatFoundNothing) {
  // The schedule of AnswersAtOnceInWaitKeepAliveAndExpiresExactlyAtTheDeadline, with "重置 timer
  // 超时为 12s" read literally: the 7.001 s firing arms the timer for 19.001 s, not 12.001 s;
  // that firing finds the renewed deadline (21.503 s) ahead and arms 19.001 + 12 = 31.001 s,
  // where the session expires, 9.498 s after its deadline.
  const Lines s = story(scenario(", wait_keepalive_timer: lease_from_firing",
                                 "  - {at: 1ms, drop: {from: f, count: 1}}\n  - {at: 9.504s, disconnect: {from: f, to: master}}\n", "35s"),
                        {sim::EventKind::lease_granted, sim::EventKind::lease_expired, sim::EventKind::state});
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "0.001s master state ACTIVE",
                      "7.001s master state WAIT_KEEPALIVE", "9.502s f state KeepAlive timed out",
                      "9.503s master lease_granted f e1 until 21.503s", "9.503s master state ACTIVE",
                      "19.001s master state WAIT_KEEPALIVE", "19.004s f state KeepAlive timed out",
                      "28.504s f state KeepAlive timed out", "31.001s master state EXPIRED",
                      "31.001s master lease_expired f e1"}));
}

TEST(ZbsMaster, WaitKeepaliveReplyAtTimerHoldsTheKeepAliveAndAnswersItExpiredAtTheDeadline) {
  // The retry arrives in WAIT_KEEPALIVE at 9.503 s and is held; the timer, armed for the
  // deadline, fires at 12.001 s: HandleExpire answers it EXPIRED, so the follower learns of the
  // expiry at 12.002 s and registers epoch 2 (granted at 12.003 s).
  const Lines s = story(scenario(", wait_keepalive_reply: at_timer", "  - {at: 1ms, drop: {from: f, count: 1}}\n", "13s"),
                        {sim::EventKind::lease_granted, sim::EventKind::lease_expired, sim::EventKind::expiry_learned,
                         sim::EventKind::state});
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "0.001s master state ACTIVE",
                      "7.001s master state WAIT_KEEPALIVE", "9.502s f state KeepAlive timed out",
                      "12.001s master state EXPIRED", "12.001s master lease_expired f e1", "12.002s f expiry_learned e1",
                      "12.003s master lease_granted f e2 until 24.003s", "12.003s master state ACTIVE"}));
}

TEST(ZbsFollower, NextKeepaliveAfterIntervalWaitsFourSecondsAfterAGrantedReply) {
  // Replies arrive at 2 ms and 7.002 s; the KeepAlives after them leave at 4.002 s and
  // 11.002 s, as the send-anchored beliefs show (+ 9.5 s), and wait for the 7 s timer.
  const Lines s = story(scenario(", follower_next_keepalive: after_interval", "", "15s"),
                        {sim::EventKind::lease_granted, sim::EventKind::lease_believed});
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "0.002s f lease_believed e1 until 9.500s",
                      "7.001s master lease_granted f e1 until 19.001s", "7.002s f lease_believed e1 until 13.502s",
                      "14.001s master lease_granted f e1 until 26.001s", "14.002s f lease_believed e1 until 20.502s"}));
}

TEST(ZbsFollower, TheNextKeepaliveIntervalIsAParameter) {
  const Lines s = story(scenario(", follower_next_keepalive: after_interval, follower_keepalive_interval: 1s", "", "8s"),
                        {sim::EventKind::lease_believed});
  EXPECT_EQ(s, (Lines{"0.002s f lease_believed e1 until 9.500s", "7.002s f lease_believed e1 until 10.502s"}));
}

TEST(ZbsFollower, AfterAnExpiredReplyRegistersAtOnceWhateverTheInterval) {
  // The master forgets its sessions in a restart (3 s to 4 s); the KeepAlive of 4.002 s is
  // answered EXPIRED and the follower registers epoch 2 at once (4.004 s), not 4 s later.
  const Lines s = story(scenario(", follower_next_keepalive: after_interval",
                                 "  - {at: 3s, restart: {node: master, for: 1s, sessions: forget}}\n", "10s"));
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "0.002s f lease_believed e1 until 9.500s",
                      "4.000s master lease_expired f e1", "4.000s f violation_start e1", "4.004s f expiry_learned e1",
                      "4.004s f violation_end e1", "4.005s master lease_granted f e2 until 16.005s",
                      "4.006s f lease_believed e2 until 13.504s"}));
}

const char* kRestartContinueAt8s = "  - {at: 8s, restart: {node: master, for: 500ms, sessions: continue}}\n";

TEST(ZbsMaster, PersistedDeadlineRegistrationRestoresTheRegistrationsDeadline) {
  // Grants at 1 ms and 7.001 s (until 19.001 s); the restart at 8 s restores 12.001 s, so the
  // session expires then, and the retry of 16.502 s is answered EXPIRED.
  const Lines s = story(scenario("", kRestartContinueAt8s, "17s"));
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "0.002s f lease_believed e1 until 9.500s",
                      "7.001s master lease_granted f e1 until 19.001s", "7.002s f lease_believed e1 until 9.502s",
                      "12.001s master lease_expired f e1", "16.504s f expiry_learned e1",
                      "16.505s master lease_granted f e2 until 28.505s", "16.506s f lease_believed e2 until 26.004s"}));
}

TEST(ZbsMaster, PersistedDeadlineEveryGrantRestoresTheLatestGrantsDeadline) {
  // The same restart restores 19.001 s: the retry of 16.502 s arrives in WAIT_KEEPALIVE and
  // renews epoch 1.
  const Lines s = story(scenario(", persisted_deadline: every_grant", kRestartContinueAt8s, "17s"));
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "0.002s f lease_believed e1 until 9.500s",
                      "7.001s master lease_granted f e1 until 19.001s", "7.002s f lease_believed e1 until 9.502s",
                      "16.503s master lease_granted f e1 until 28.503s", "16.504s f lease_believed e1 until 26.002s"}));
}

TEST(ZbsMaster, PersistedDeadlineEveryGrantIncludesTheFreshLeaseOfARecomputingRestart) {
  // A recomputing restart grants 8.5 + 12 = 20.5 s; a second restart that continues restores it.
  const Lines s = story(scenario(", persisted_deadline: every_grant",
                                 "  - {at: 8s, restart: {node: master, for: 500ms, sessions: recompute}}\n"
                                 "  - {at: 9s, restart: {node: master, for: 500ms, sessions: continue}}\n",
                                 "17s"),
                        {sim::EventKind::lease_granted, sim::EventKind::lease_expired});
  EXPECT_EQ(s, (Lines{"0.001s master lease_granted f e1 until 12.001s", "7.001s master lease_granted f e1 until 19.001s",
                      "8.500s master lease_granted f e1 until 20.500s", "16.503s master lease_granted f e1 until 28.503s"}));
}

}  // namespace
}  // namespace leasesim
