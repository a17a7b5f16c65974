// The ZooKeeper ensemble as timelines: nothing commits without a quorum, the leader's tick
// check, a learner's loss of its leader, epochs, a follower rejoining.
#include <gtest/gtest.h>

#include "tests/support/story.h"

namespace leasesim {
namespace {

using sim::EventKind;
using testing::story;
using Lines = std::vector<std::string>;

Lines of(const Lines& lines, const std::vector<std::string>& needles) {
  Lines out;
  for (const std::string& l : lines) {
    for (const std::string& n : needles) {
      if (l.find(n) != std::string::npos) {
        out.push_back(l);
        break;
      }
    }
  }
  return out;
}

TEST(ZooKeeperEnsemble, ALeaderWithoutAQuorumCreatesNoSessionAndStepsDownAtItsTickCheck) {
  // zk3 leads with no follower reachable from the start. c1's session is tracked and proposed
  // but never acknowledged: no grant, never CONNECTED. zk3's learner handlers read with a
  // timeout of sync_limit ticks on the clock from their last packet (0 s): both time out at
  // 10 s, before zk3's tick check of 10 s, which finds no learner and stops leading (by the tick
  // deadlines alone, tick 5 for both, it would stop at tick 6, 12 s). zk1 and zk2 stop
  // following after sync_limit ticks of silence (10 s) and elect zk2, whose epoch 2 is
  // established when zk1 acknowledges it.
  const Lines s = story(
      "duration: 13s\nprotocol: {kind: zookeeper, connect: {c1: [zk3]}}\nservers: [zk1, zk2, zk3]\nclients: [c1]\n"
      "faults:\n  - {at: 0s, partition: {groups: [[zk3, c1], [zk1, zk2]]}}\n",
      {EventKind::lease_granted, EventKind::lease_believed, EventKind::state});
  EXPECT_EQ(of(s, {"lease_", "LOOKING", "LEADING", "epoch"}),
            (Lines{"0.000s zk3 state LEADING", "10.000s zk1 state LOOKING", "10.000s zk2 state LOOKING",
                   "10.000s zk3 state LOOKING", "10.200s zk2 state LEADING", "10.202s zk1 state epoch 2",
                   "10.203s zk2 state epoch 2"}));
}

TEST(ZooKeeperEnsemble, AFollowerSeeingItsLeadersConnectionCloseLooksAtOnce) {
  // A disconnect between zk1 and the leader zk3 (for 100 ms) breaks their connection: zk1 stops
  // following at once (1 s) instead of waiting sync_limit ticks, and votes. Its vote to zk3 is
  // lost in the cut, so after election_time (1.2 s) only zk2 names zk3: not a quorum, it votes
  // again; at 1.4 s zk2 and zk3 name zk3 and zk1 follows it again, in the same epoch (no epoch
  // event). zk3 keeps leading throughout: zk2 is a quorum with it.
  const Lines s = story(
      "duration: 3s\nprotocol: {kind: zookeeper, connect: {c1: [zk2]}}\nservers: [zk1, zk2, zk3]\nclients: [c1]\n"
      "faults:\n  - {at: 1s, disconnect: {between: [zk1, zk3], for: 100ms}}\n",
      {EventKind::state});
  EXPECT_EQ(of(s, {"zk1", "zk2", "zk3"}), (Lines{"0.000s zk1 state FOLLOWING", "0.000s zk2 state FOLLOWING", "0.000s zk3 state LEADING",
                                               "1.000s zk1 state LOOKING", "1.400s zk1 state FOLLOWING"}));
}

TEST(ZooKeeperEnsemble, AnIsolatedLeaderMarksSessionsClosingButExpiresNothing) {
  // c1 (on zk1) stops being relayed to zk3 when zk3 is cut off at 1 s: its last touch, the
  // creation at 2 ms, expires its bucket at 8 s. zk3 marks the session closing and proposes the
  // close; no follower acknowledges it, so nothing is expired. zk1 and zk2 last heard zk3 at
  // 7 ms (the creation's commit; its first ping would have come at 1 s): they stop following at
  // 10.007 s and elect zk2, which re-tracks the session at 10.210 s; c1 revalidates it through
  // zk1 (CONNECTED 10.216 s).
  const Lines s = story(
      "duration: 12s\nprotocol: {kind: zookeeper, connect: {c1: [zk1]}}\nservers: [zk1, zk2, zk3]\nclients: [c1]\n"
      "faults:\n  - {at: 1s, partition: {groups: [[zk3], [zk1, zk2, c1]]}}\n",
      {EventKind::lease_expired, EventKind::lease_granted, EventKind::state, EventKind::lease_believed});
  EXPECT_EQ(of(s, {"closing", "lease_expired", "zk2 lease_granted", "c1 lease_believed"}),
            (Lines{"0.008s c1 lease_believed e3000001 until 9223372036.854775807s", "8.000s zk3 state session closing",
                   "10.210s zk2 lease_granted c1 e3000001 until 18.000s", "10.216s c1 lease_believed e3000001 until 9223372036.854775807s"}));
}

TEST(ZooKeeperEnsemble, ARestartedFollowerRejoinsWithTheSessionsCreatedWhileItWasDown) {
  // zk1 is down from 1 s to 3 s; c2's session is created at 2 s (it starts then, through zk2).
  // zk1 restarts LOOKING, rejoins the leader it knew in the same epoch (3.2 s), takes its state,
  // and c1, which tries only zk1 and is refused every 102 ms meanwhile, revalidates its session
  // there (CONNECTED 3.248 s).
  const Lines s = story(
      "duration: 5s\nprotocol: {kind: zookeeper, connect: {c1: [zk1], c2: [zk2]}}\nservers: [zk1, zk2, zk3]\nclients: [c1, c2]\n"
      "faults:\n  - {at: 1s, restart: {node: zk1, for: 2s}}\n  - {at: 0s, pause: {node: c2, for: 2s}}\n",
      {EventKind::state, EventKind::lease_believed, EventKind::node_started});
  EXPECT_EQ(of(s, {"zk1 ", "c1 lease_believed", "c2 lease_believed"}),
            (Lines{"0.000s zk1 state FOLLOWING", "0.008s c1 lease_believed e3000001 until 9223372036.854775807s",
                   "2.008s c2 lease_believed e3000002 until 9223372036.854775807s", "3.000s zk1 node_started",
                   "3.000s zk1 state LOOKING", "3.200s zk1 state FOLLOWING",
                   "3.248s c1 lease_believed e3000001 until 9223372036.854775807s"}));
}

}  // namespace
}  // namespace leasesim
