// The etcd lease model as timelines: the lessor's grant, renew, minimum TTL, promotion and
// revoke rate, and the client's keepalive and deadline loops, at exact instants. Three
// members at 1 ms a hop: a proposal at the leader commits 2 ms after it is appended.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/story.h"

namespace leasesim {
namespace {

using sim::EventKind;
using testing::story;
using Lines = std::vector<std::string>;

std::string etcd(const std::string& protocol, const std::string& faults, const std::string& duration = "7s") {
  return "duration: " + duration + "\nprotocol: {kind: etcd" + protocol + "}\nservers: [m1, m2, m3]\nclients: [c1]\nfaults:\n" +
         faults;
}

using testing::only;

TEST(EtcdLessor, GrantsAtCommitAndRenewsToNowPlusTtl) {
  // Grant proposed at 1 ms, committed and applied at 3 ms: until 3 ms + 4 s. The client calls
  // KeepAlive at 4 ms; its 500 ms send loop sends at 0.5 s (renewed at 0.501 s) and then at
  // the first poll after response + TTL/3: 0.502 + 1.333 = 1.835 -> 2 s, 3.5 s, 5 s, 6.5 s.
  const Lines s = story(etcd("", ""), {EventKind::lease_granted});
  EXPECT_EQ(s, (Lines{"0.003s m1 lease_granted c1 e2 until 4.003s", "0.501s m1 lease_granted c1 e2 until 4.501s",
                      "2.001s m1 lease_granted c1 e2 until 6.001s", "3.501s m1 lease_granted c1 e2 until 7.501s",
                      "5.001s m1 lease_granted c1 e2 until 9.001s", "6.501s m1 lease_granted c1 e2 until 10.501s"}));
}

TEST(EtcdLessor, RaisesATtlBelowTheMinimumToCeilOfOneAndAHalfElectionTimeouts) {
  // 1 s asked; minTTL = ceil(15 ticks x 100 ms) = 2 s. With election_timeout 2 s: ceil(3 s) = 3 s.
  EXPECT_EQ(story(etcd(", ttl: 1s, keepalive: false", "", "1s"), {EventKind::lease_granted}),
            (Lines{"0.003s m1 lease_granted c1 e2 until 2.003s"}));
  EXPECT_EQ(story(etcd(", ttl: 1s, keepalive: false, election_timeout: 2s", "", "1s"), {EventKind::lease_granted}),
            (Lines{"0.003s m1 lease_granted c1 e2 until 3.003s"}));
}

TEST(EtcdLessor, RevokesAtMostHalfTheRatePerHalfSecondRound) {
  // 1,200 idle leases (ids 3..1202: the kept-alive lease is 2, the idle batch after it) expire
  // at 4.003 s; rounds at 4.5, 5, 5.5 s take 500, 500, 200, each committed 2 ms later.
  const Lines s = only(story(etcd(", idle_leases: 1200", ""), {EventKind::lease_expired}), "lease_expired");
  ASSERT_EQ(s.size(), 1200u);
  EXPECT_EQ(only(s, "4.502s").size(), 500u);
  EXPECT_EQ(only(s, "5.002s").size(), 500u);
  EXPECT_EQ(only(s, "5.502s").size(), 200u);
}

TEST(EtcdLessor, ANewLeaderExtendsEveryLeaseByTheElectionTimeout) {
  // m1 crashes at 5 s for good (renewed last at 3.501 s, until 7.501 s; the client at m2).
  // m2 last heard m1 at 4.901 s and draws 10 ticks (seed 1): it campaigns at 5.901 s, leads at
  // 5.903 s with m3's vote, applies its empty entry at 5.905 s and promotes its lessor:
  // 5.905 + 1 s + 4 s = 10.905 s. The client's next renewal (6.001 s) sets now + 4 s again.
  const Lines s = only(story(etcd(", endpoint: 2", "  - {at: 5s, restart: {node: m1}}\n", "8s"),
                             {EventKind::lease_granted, EventKind::state}),
                       " m2 ");
  EXPECT_EQ(s, (Lines{"5.901s m2 state CANDIDATE", "5.903s m2 state LEADER", "5.905s m2 state lessor promoted",
                      "5.905s m2 lease_granted c1 e2 until 10.905s", "6.001s m2 lease_granted c1 e2 until 10.001s",
                      "7.501s m2 lease_granted c1 e2 until 11.501s"}));
}

TEST(EtcdLessor, ARevokeDroppedDuringALeadershipTransferIsProposedAgainOnlyWithTheRecheck) {
  // E4 in small: c1's last renewal 2.001 s (expiry 6.001 s), cut at 2.5 s; m2 down from 5 s to
  // 10 s. At 6.2 s m1 starts handing its leadership to m2 (TimeoutNow lost) and drops every
  // proposal until the tenth tick, 7.1 s. Its 6.5 s round pops the expired lease and proposes the
  // revoke: dropped. With the recheck (PR #10693) the 9.5 s round proposes it again, committed
  // with m3 at 9.502 s; without it, nothing more happens, and m1 stays primary throughout.
  const std::string faults = "  - {at: 2.5s, disconnect: {between: [c1, m1]}}\n  - {at: 5s, restart: {node: m2, for: 5s}}\n";
  const auto run = [&](const std::string& retry) {
    return only(story(etcd(", move_leader_at: 6.2s, expired_retry: " + retry, faults, "12s"),
                      {EventKind::state, EventKind::lease_expired}),
                " m1 ");
  };
  const Lines transfer{"6.200s m1 state leadership transfer", "6.500s m1 state proposal dropped: leadership transfer",
                       "7.100s m1 state leadership transfer aborted"};
  EXPECT_EQ(run("recheck"), (Lines{"0.000s m1 state LEADER", "0.002s m1 state lessor promoted", transfer[0],
                                                 transfer[1], transfer[2], "9.502s m1 lease_expired c1 e2"}));
  EXPECT_EQ(run("never"), (Lines{"0.000s m1 state LEADER", "0.002s m1 state lessor promoted", transfer[0], transfer[1],
                                 transfer[2]}));
}

TEST(EtcdRaft, ALeadershipTransferToAnUpToDateMemberElectsItAtOnce) {
  // move-leader at 3 s: m2's log is up to date, so m1 sends TimeoutNow at once; m2 campaigns on
  // its arrival (3.001 s), m1 steps down on the vote request (3.002 s) and demotes its lessor;
  // m2 leads at 3.003 s and promotes at 3.005 s: 3.005 + 1 s + 4 s.
  const Lines s = story(etcd(", move_leader_at: 3s", "", "4s"), {EventKind::state, EventKind::lease_granted});
  Lines after;
  for (const std::string& l : s) {
    if (l >= "3.000s") after.push_back(l);
  }
  EXPECT_EQ(after, (Lines{"3.000s m1 state leadership transfer", "3.001s m2 state CANDIDATE", "3.002s m1 state FOLLOWER",
                          "3.002s m1 state lessor demoted", "3.003s m2 state LEADER", "3.005s m2 state lessor promoted",
                          "3.005s m2 lease_granted c1 e2 until 8.005s", "3.502s m2 lease_granted c1 e2 until 7.502s"}));
}

TEST(EtcdLessor, ARestartedMemberThatLeadsForgetsTheCheckpointUnlessPersisted) {
  // #17132: TTL 600 s, checkpointed at the 300.5 s round (300 s left); the leader is killed at
  // 310, 330 and 350 s (seed 7: m3, then m2, then m1 lead). m3 and m2 extend to now + 1 s +
  // 300 s; m1, restarted at 310 s, extends to now + 1 s + 600 s unless checkpoints persist.
  const auto promotions = [](const std::string& persist) {
    const Lines s = story("seed: 7\nduration: 400s\nprotocol: {kind: etcd, ttl: 600s, checkpoint: true, checkpoint_persist: " +
                              persist + "}\nservers: [m1, m2, m3]\nclients: [c1]\nfaults:\n  - {at: 0.2s, restart: {node: c1}}\n"
                              "  - {at: 310s, restart: {node: m1, for: 1s}}\n  - {at: 330s, restart: {node: m3, for: 1s}}\n"
                              "  - {at: 350s, restart: {node: m2, for: 1s}}\n",
                          {EventKind::lease_granted});
    return Lines(s.begin() + 1, s.end());  // after the grant at 3 ms
  };
  EXPECT_EQ(promotions("false"), (Lines{"311.505s m3 lease_granted c1 e2 until 612.505s", "331.608s m2 lease_granted c1 e2 until 632.608s",
                                        "350.911s m1 lease_granted c1 e2 until 951.911s"}));
  EXPECT_EQ(promotions("true"), (Lines{"311.505s m3 lease_granted c1 e2 until 612.505s", "331.608s m2 lease_granted c1 e2 until 632.608s",
                                       "350.911s m1 lease_granted c1 e2 until 651.911s"}));
}

TEST(EtcdClient, EachClientGrantsItsLeaseWithItsOwnTtl) {
  // client_ttls [20s, 5s]: c1 20 s and c2 5 s (#9921's holder and waiter); c3 asks for `ttl`, 4 s.
  const Lines s = story("duration: 0.1s\nprotocol: {kind: etcd, client_ttls: [20s, 5s]}\nservers: [m1, m2, m3]\nclients: [c1, c2, c3]\n",
                        {EventKind::lease_granted});
  EXPECT_EQ(s, (Lines{"0.003s m1 lease_granted c1 e2 until 20.003s", "0.003s m1 lease_granted c2 e3 until 5.003s",
                      "0.003s m1 lease_granted c3 e4 until 4.003s"}));
}

TEST(EtcdClient, TheReaperClosesAtTheFirstWholeSecondAfterTheDeadline) {
  // Z1: the renewal at 2.001 s is answered at 2.002 s (deadline 6.002 s); the link is cut at
  // 2.5 s. The lessor revokes at its 6.5 s round (expiry 6.001 s), committed at 6.502 s; the
  // reaper closes the channel at 7 s (6.002 s is not before 6 s).
  const Lines s = story(etcd("", "  - {at: 2.5s, disconnect: {between: [c1, m1]}}\n", "8s"),
                        {EventKind::lease_expired, EventKind::lease_dropped, EventKind::violation_start, EventKind::violation_end});
  EXPECT_EQ(s, (Lines{"6.502s m1 lease_expired c1 e2", "6.502s c1 violation_start e2", "7.000s c1 lease_dropped e2",
                      "7.000s c1 violation_end e2"}));
}

TEST(EtcdClient, AResponseWithTtlZeroClosesTheChannelAtOnce) {
  // Keepalives lost from 2.9 s to 6.45 s: the leader's expiry stays 6.001 s (renewal at
  // 2.001 s). The keepalive of 6.5 s reaches m1 at 6.501 s, after the expiry but before the
  // revoke proposed at the 6.5 s round commits: Renew waits for the revoke (lessor.go), which
  // applies at 6.502 s and answers TTL 0, learned at 6.503 s, before the reaper's 7 s tick.
  const Lines s = story(etcd("", "  - {at: 2.9s, drop: {from: c1, to: m1, message: KeepAlive, for: 3.55s}}\n", "8s"),
                        {EventKind::lease_expired, EventKind::expiry_learned, EventKind::lease_dropped});
  EXPECT_EQ(s, (Lines{"6.502s m1 lease_expired c1 e2", "6.503s c1 expiry_learned e2"}));
}

TEST(EtcdLock, TheOldestKeyHoldsAndTheNextWaitsForItsLeaseToGo) {
  // Grants commit at 3 ms (leases 2, 3 for c1, c2); the clients put their keys on the replies
  // (4 ms), committed at 7 ms (revisions 4, 5); c1's wait, sent on its put's reply at 8 ms, is
  // answered at once: it holds at 10 ms. c1 crashes at 3 s: last renewal 2.001 s (TTL 4 s),
  // expiry 6.001 s, revoked at the 6.5 s round (6.502 s), which deletes its key; c2's waiting
  // LockWait is answered then: it holds at 6.503 s.
  const Lines s = story("duration: 8s\nprotocol: {kind: etcd, lock: true}\nservers: [m1, m2, m3]\nclients: [c1, c2]\n"
                        "faults:\n  - {at: 3s, restart: {node: c1}}\n",
                        {EventKind::lock_held, EventKind::lease_expired});
  EXPECT_EQ(s, (Lines{"0.010s c1 lock_held /lock e2", "6.502s m1 lease_expired c1 e2", "6.503s c2 lock_held /lock e3"}));
}

}  // namespace
}  // namespace leasesim
