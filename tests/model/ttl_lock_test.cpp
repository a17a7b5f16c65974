// The TTL lock model as timelines at exact instants: Redlock's send-anchored validity and a
// restart with and without persistence, a Consul session's doubled TTL and lock-delay, and a
// replica's promotion with the key it was sent. 1 ms a hop unless said otherwise.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/runner.h"
#include "tests/support/story.h"

namespace leasesim {
namespace {

using sim::EventKind;
using testing::story;
using Lines = std::vector<std::string>;

const std::vector<EventKind> kLock = {EventKind::lock_held, EventKind::lock_released, EventKind::lease_expired};

// Five instances; c1 cannot reach d and e, so it holds exactly a, b and c.
std::string redlock(const std::string& protocol, const std::string& extra_faults) {
  return "duration: 11s\nprotocol: {kind: ttl_lock" + protocol +
         "}\nservers: [a, b, c, d, e]\nclients: [c1]\nfaults:\n  - {at: 0s, disconnect: {from: c1, to: d}}\n"
         "  - {at: 0s, disconnect: {from: c1, to: e}}\n" +
         extra_faults;
}

TEST(TtlLockRedlock, AMajorityHoldsFromTheTimeoutUntilT1PlusTheTtlLessTheDrift) {
  // T1 = 0; three grants at 1 ms, two never answer: decided at the 50 ms timeout. The belief
  // ends at T1 + 10 s - (10 s x 0.01 + 2 ms) = 9.898 s, whenever it was decided.
  EXPECT_EQ(story(redlock("", ""), kLock),
            (Lines{"0.050s c1 lock_held lock e1", "9.898s c1 lock_released lock e1", "9.899s a lease_expired c1 e1",
                   "9.899s b lease_expired c1 e1", "9.899s c lease_expired c1 e1"}));
}

TEST(TtlLockRedlock, AnInstanceRestartedWithoutPersistenceHasLostTheKeyAndOneWithItKeepsIt) {
  const std::string restart = "  - {at: 1s, restart: {node: c, for: 100ms}}\n";
  EXPECT_EQ(story(redlock(", persistence: none", restart), kLock),
            (Lines{"0.050s c1 lock_held lock e1", "1.100s c lease_expired c1 e1", "9.898s c1 lock_released lock e1",
                   "9.899s a lease_expired c1 e1", "9.899s b lease_expired c1 e1"}));
  EXPECT_EQ(story(redlock(", persistence: always", restart), kLock),
            (Lines{"0.050s c1 lock_held lock e1", "9.898s c1 lock_released lock e1", "9.899s a lease_expired c1 e1",
                   "9.899s b lease_expired c1 e1", "9.899s c lease_expired c1 e1"}));
}

TEST(TtlLockRedlock, AForwardClockStepExpiresTheKeyAtOnce) {
  // c's deadline is 10.001 s on its clock; stepped to 11 s at 1 s, it expires the key then.
  const Lines s = story(redlock("", "  - {at: 1s, clock: {node: c, jump: 10s}}\n"), kLock);
  EXPECT_EQ(Lines(s.begin(), s.begin() + 2), (Lines{"0.050s c1 lock_held lock e1", "1.000s c lease_expired c1 e1"}));
}

TEST(TtlLockConsul, TheServerDoublesTheTtlAndKeepsTheLockFreeForTheLockDelay) {
  // Renewals at 5 s and 10 s (from T1 = 0) move the session's end to now + 2 x 10 s.
  EXPECT_EQ(story("duration: 12s\nprotocol: {kind: ttl_lock, variant: consul, belief: until_told, renew_every: 5s}\n"
                  "servers: [consul]\nclients: [c1]\n",
                  {EventKind::lease_granted}),
            (Lines{"0.001s consul lease_granted c1 e1 until 20.001s", "5.001s consul lease_granted c1 e1 until 25.001s",
                   "10.001s consul lease_granted c1 e1 until 30.001s"}));
  // c1 crashes at 1 s: invalidated at 20.001 s, free from 35.001 s (lock-delay 15 s). c2, without
  // jitter, tries every 202 ms (200 ms + its 2 ms round trip): its attempt of 35.148 s is the
  // first to arrive after 35.001 s; it holds on the reply, 2 ms after sending.
  const std::string crashed = "protocol: {kind: ttl_lock, variant: consul, belief: until_told, renew_every: 5s, "
                              "retry_jitter: 0s";
  const auto c2_holds = [&](const std::string& lock_delay) {
    for (const std::string& l : story("duration: 40s\n" + crashed + lock_delay +
                                          "}\nservers: [consul]\nclients: [c1, c2]\nfaults:\n  - {at: 1s, restart: {node: c1}}\n",
                                      {EventKind::lock_held})) {
      if (l.find(" c2 ") != std::string::npos) return l;
    }
    return std::string();
  };
  EXPECT_EQ(c2_holds(""), "35.150s c2 lock_held lock e175");
  EXPECT_EQ(c2_holds(", lock_delay: 0s"), "35.150s c2 lock_held lock e175");  // 0 means the default (#4508)
  EXPECT_EQ(c2_holds(", lock_delay: 0s, lock_delay_zero: none"), "20.202s c2 lock_held lock e101");  // sent 20.2 s
}

TEST(TtlLockReplica, APromotedReplicaServesTheKeyItWasSentUntilItsDeadline) {
  // The Replicate of 1 ms arrives at 2 ms; the primary is down from 1 s, so the replica, last
  // reached at 2 ms, promotes itself at 5.002 s with the key (to 30.001 s).
  EXPECT_EQ(story("duration: 40s\nprotocol: {kind: ttl_lock, ttl: 30s, failover_after: 5s}\nservers: [primary]\n"
                  "replicas: [replica]\nclients: [c1]\nfaults:\n  - {at: 1s, restart: {node: primary}}\n",
                  {EventKind::lease_granted, EventKind::lease_expired, EventKind::state}),
            (Lines{"0.001s primary lease_granted c1 e1 until 30.001s", "5.002s replica state promoted",
                   "5.002s replica lease_granted c1 e1 until 30.001s", "29.699s replica lease_expired c1 e1"}));
}

}  // namespace
}  // namespace leasesim
