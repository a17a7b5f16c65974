// The session tracker (model/session_tracker/) against the design discussion's rules, one
// behaviour per test, as timelines at exact instants (1 ms per message; syncs at whole seconds).
#include <gtest/gtest.h>

#include "tests/support/story.h"

namespace leasesim {
namespace {

using testing::story;
using Lines = std::vector<std::string>;
using sim::EventKind;

std::string scenario(const std::string& protocol_extra, const std::string& faults, const std::string& duration = "30s") {
  return "duration: " + duration + "\nprotocol: {kind: session_tracker" + protocol_extra +
         "}\nservers: [s1, s2, s3]\nclients: [c1]\nfaults:\n" + faults;
}

TEST(SessionTracker, ACreateCommitsOnAQuorumAndTheServerThatTookItOwnsTheSession) {
  // c1 -> s2 (0.001 s) -> leader (0.002 s) -> proposal (0.003 s) -> s2's ack (0.004 s): committed
  // with the leader's own vote; s2 applies it at 0.005 s and answers c1 (0.006 s). Heartbeats
  // after that reach s2 alone: nothing more is granted in 20 s.
  const Lines s = story(scenario("", "  []\n", "20s"),
                        {EventKind::lease_granted, EventKind::lock_held, EventKind::lease_believed, EventKind::lease_expired});
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "0.004s s1 lease_granted c1 e1 until 25.004s");
  EXPECT_EQ(s[1], "0.005s s2 lock_held c1#1 e1");
  EXPECT_EQ(s[2].rfind("0.006s c1 lease_believed e1", 0), 0u) << s[2];
}

TEST(SessionTracker, TheOwnerExpiresASilentSessionThroughACommittedClose) {
  // c1 is cut off at 1 s: its last answer came at 0.006 s, so it stops believing at 5.006 s.
  // s2 last heard it when it took the session (0.005 s): at 10.005 s it asks the leader to close
  // (10.006 s), which proposes (10.007 s) and commits on the first ack at 10.008 s; s2 applies the
  // close at 10.009 s.
  const Lines s = story(scenario("", "  - {at: 1s, partition: {groups: [[c1], [s1, s2, s3]]}}\n"),
                        {EventKind::lease_dropped, EventKind::lease_expired, EventKind::lock_released});
  EXPECT_EQ(s, (Lines{"5.006s c1 lease_dropped e1", "10.008s s1 lease_expired c1 e1", "10.009s s2 lock_released c1#1 e1"}));
}

TEST(SessionTracker, AServerOutsideTheQuorumExpiresNothing) {
  // s2 and c1 are each cut off at 0.5 s. s2 last heard the leader at 0.001 s and leaves the
  // quorum at 5.001 s, before its session's timeout (10.005 s): it lets the session go and can
  // close nothing. Without the orphan rule nobody else closes it either.
  const std::string faults = "  - {at: 0.5s, partition: {groups: [[c1], [s2], [s1, s3]]}}\n";
  const std::vector<EventKind> kinds = {EventKind::lock_released, EventKind::lease_expired};
  EXPECT_EQ(story(scenario(", leader_expires_orphans: false", faults), kinds), (Lines{"5.001s s2 lock_released c1#1 e1"}));
  // With it, the leader (last ack 0.002 s, s2 off the quorum at 5.002 s) closes the orphan a
  // revalidation timeout later: proposed at 15.002 s, committed on s3's ack at 15.004 s.
  EXPECT_EQ(story(scenario("", faults), kinds), (Lines{"5.001s s2 lock_released c1#1 e1", "15.004s s1 lease_expired c1 e1"}));
}

TEST(SessionTracker, ARevalidationMovesTheSessionWhileTheOldOwnerStillBelievesItOwnsIt) {
  // s2 is cut off from everyone at 10.5 s; c1's last answer came at 9.008 s, so at 14.008 s it
  // revalidates at s3: committed at 14.012 s, applied by s3 at 14.013 s. s2 lets go only at its
  // sync timeout, 10.001 + 5 = 15.001 s: two owners for 988 ms.
  const Lines s = story(scenario("", "  - {at: 10.5s, partition: {groups: [[s2], [s1, s3, c1]]}}\n"),
                        {EventKind::lock_held, EventKind::lock_released, EventKind::lease_granted});
  EXPECT_EQ(s, (Lines{"0.004s s1 lease_granted c1 e1 until 25.004s", "0.005s s2 lock_held c1#1 e1",
                      "14.012s s1 lease_granted c1 e1 until 39.012s", "14.013s s3 lock_held c1#1 e1",
                      "15.001s s2 lock_released c1#1 e1"}));
}

TEST(SessionTracker, RevalidationCountsFromTheOwnersLossOrFromItsLastAck) {
  // The owner s2 (and c1) cut off at 10.5 s; the leader last heard s2 at 10.002 s and finds it
  // off the quorum at 15.002 s. owner_lost: the orphan's close commits at 15.002 + 10 + 0.002;
  // last_heard: at 10.002 + 10 + 0.002 (armed when the loss is found, for the earlier instant).
  const std::string faults = "  - {at: 10.5s, partition: {groups: [[s2, c1], [s1, s3]]}}\n";
  const std::vector<EventKind> kinds = {EventKind::lease_expired};
  EXPECT_EQ(story(scenario("", faults), kinds), (Lines{"25.004s s1 lease_expired c1 e1"}));
  EXPECT_EQ(story(scenario(", revalidation_from: last_heard", faults), kinds), (Lines{"20.004s s1 lease_expired c1 e1"}));
  // last_heard with a revalidation timeout shorter than the loss detection: at the detection.
  EXPECT_EQ(story(scenario(", revalidation_from: last_heard, revalidation_timeout: 1s", faults), kinds),
            (Lines{"15.004s s1 lease_expired c1 e1"}));
}

TEST(SessionTracker, AnOwnerThatRejoinsCatchesUpAndClosesItsSilentSessionItself) {
  // Without the orphan rule. c1 is cut off for good at 10.5 s (last heartbeat at s2 9.007 s); s2
  // is cut off from the group from 10.5 s to 30.5 s: it leaves the quorum at 15.001 s, hears the
  // sync of 31 s at 31.001 s, is caught up (nothing was committed meanwhile) and owns the session
  // again with a fresh timeout: its close is asked at 41.001 s and committed at 41.004 s.
  const Lines s = story(scenario(", leader_expires_orphans: false",
                                 "  - {at: 10.5s, partition: {groups: [[c1], [s1, s2, s3]]}}\n"
                                 "  - {at: 10.5s, partition: {groups: [[s2], [s1, s3]], for: 20s}}\n",
                                 "50s"),
                        {EventKind::lock_held, EventKind::lock_released, EventKind::lease_expired});
  EXPECT_EQ(s, (Lines{"0.005s s2 lock_held c1#1 e1", "15.001s s2 lock_released c1#1 e1", "31.001s s2 lock_held c1#1 e1",
                      "41.004s s1 lease_expired c1 e1", "41.005s s2 lock_released c1#1 e1"}));
}

TEST(SessionTracker, ACloseProposedWithoutAQuorumCommitsWhenTheQuorumReturns) {
  // Both followers cut off from 10.5 s to 30.5 s (c1 with its owner s2). The leader finds them
  // off the quorum at 15.002 s and proposes the orphan's close at 25.002 s, to nobody. Back at
  // the sync of 31 s, their SyncAcks (31.002 s) bring the proposal again: acked at 31.003 s,
  // committed at 31.004 s. c1, trying server after server every 5 s from 15.002 s, reaches the
  // leader at 35.003 s: the session is closed (Expired, 35.004 s), and its next one commits at
  // 35.007 s.
  const Lines s = story(scenario("",
                                 "  - {at: 10.5s, partition: {groups: [[s2, c1], [s1, s3]], for: 20s}}\n"
                                 "  - {at: 10.5s, partition: {groups: [[s3], [s1, s2, c1]], for: 20s}}\n",
                                 "40s"),
                        {EventKind::lease_granted, EventKind::lease_expired});
  EXPECT_EQ(s, (Lines{"0.004s s1 lease_granted c1 e1 until 25.004s", "31.004s s1 lease_expired c1 e1",
                      "35.007s s1 lease_granted c1 e2 until 60.007s"}));
}

}  // namespace
}  // namespace leasesim
