// The Chubby model as timelines at exact instants: held KeepAlives and the client's local
// lease under each reading, jeopardy and the grace period, a failover with and without the
// extension, lock-delay; the parameters the loader refuses. One client (or two with the lock)
// at 1 ms a hop from the master unless said otherwise.
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

std::string chubby(const std::string& protocol, const std::string& faults, const std::string& duration,
                   const std::string& clients = "[c1]") {
  return "duration: " + duration + "\nprotocol: {kind: chubby" + protocol + "}\nclients: " + clients + "\nfaults:\n" + faults;
}

const std::vector<EventKind> kLease = {EventKind::lease_granted, EventKind::lease_believed, EventKind::lease_expired,
                                       EventKind::expiry_learned};

TEST(ChubbyMaster, HoldsEachKeepAliveUntilASecondBeforeTheLeaseEndsAndExtendsItTwelveSecondsFromTheAnswer) {
  // Created at 1 ms (to 12.001 s); the KeepAlive of 2 ms is held until 11.001 s (hold 10.998 s)
  // and the client counts 10.998 + 12 s from its send, less 1000 ppm: 22.977002 s.
  EXPECT_EQ(story(chubby("", "  []\n", "23s"), kLease),
            (Lines{"0.001s master lease_granted c1 e1 until 12.001s", "0.002s c1 lease_believed e1 until 11.988s",
                   "11.001s master lease_granted c1 e1 until 23.001s", "11.002s c1 lease_believed e1 until 22.977002s",
                   "22.001s master lease_granted c1 e1 until 34.001s", "22.002s c1 lease_believed e1 until 33.977002s"}));
}

TEST(ChubbyClient, EachLocalLeaseReadingCountsTheSameLateReplyDifferently) {
  // The answer of 11.001 s arrives 800 ms late, at 11.802 s (master deadline 23.001 s).
  const std::string late = "  - {at: 5s, delay: {from: master, to: c1, message: KeepAliveReply, extra: 800ms, count: 1}}\n";
  const auto believed = [&](const std::string& reading) {
    for (const std::string& l : story(chubby(", local_lease: " + reading, late, "12s"), {EventKind::lease_believed})) {
      if (l.rfind("11.802s", 0) == 0) return l;
    }
    return std::string();
  };
  EXPECT_EQ(believed("round_trip"), "11.802s c1 lease_believed e1 until 22.977002s");   // 0.002 + 10.998 + 12 - 0.022998
  EXPECT_EQ(believed("receipt"), "11.802s c1 lease_believed e1 until 23.802s");         // 11.802 + 12
  EXPECT_EQ(believed("send_no_hold"), "11.802s c1 lease_believed e1 until 11.990s");    // 0.002 + 12 - 0.012
  // flight_bound: the previous lease ended at 0.002 + 12 - 0.012 - 0.5 = 11.49 s; the retry sent
  // then replaces the request this reply answers, so the late reply is ignored.
  EXPECT_EQ(believed("flight_bound"), "");
}

TEST(ChubbyClient, InJeopardyItStopsActingAndDeclaresTheSessionExpiredWhenTheGracePeriodEnds) {
  // Cut off from 5 s: the lease ends at 22.977002 s, the master expires at 23.001 s, the grace
  // period (here 10 s) ends at 32.977002 s; without jeopardy the belief runs until then.
  const std::string cut = "  - {at: 5s, disconnect: {from: c1, to: master}}\n";
  const std::vector<EventKind> kinds = {EventKind::lease_believed, EventKind::lease_expired, EventKind::lease_dropped,
                                        EventKind::state};
  const Lines s = story(chubby(", grace_period: 10s", cut, "35s"), kinds);
  EXPECT_EQ(Lines(s.begin() + 2, s.end()),
            (Lines{"22.977002s c1 state jeopardy", "23.001s master lease_expired c1 e1", "23.001s master state session expired",
                   "32.977002s c1 state session expired", "32.977002s c1 lease_dropped e1"}));
  const Lines off = story(chubby(", grace_period: 10s, jeopardy: false", cut, "35s"), {EventKind::lease_believed});
  EXPECT_EQ(off.back(), "11.002s c1 lease_believed e1 until 32.977002s");
}

TEST(ChubbyFailover, TheNewMasterExtendsEverySessionAndAnswersItsFirstKeepAliveAtOnceWithoutExtendingAgain) {
  // Master down [12 s, 14 s): epoch 2 extends session 1 to 26 s. In jeopardy at 22.977002 s
  // c1 is told the epoch (22.979002 s); its retry is answered at 22.980002 s with 26 - now
  // left, no new grant; the next KeepAlive is held to 25 s and extends to 37 s.
  const std::string failover = "  - {at: 12s, restart: {node: master, for: 2s}}\n";
  EXPECT_EQ(story(chubby("", failover, "26s"), kLease),
            (Lines{"0.001s master lease_granted c1 e1 until 12.001s", "0.002s c1 lease_believed e1 until 11.988s",
                   "11.001s master lease_granted c1 e1 until 23.001s", "11.002s c1 lease_believed e1 until 22.977002s",
                   "14.000s master lease_granted c1 e1 until 26.000s", "22.981002s c1 lease_believed e1 until 25.995980002s",
                   "25.000s master lease_granted c1 e1 until 37.000s", "25.001s c1 lease_believed e1 until 36.984982002s"}));
  // Without the extension (C1's fail-over bug) the session is expired at the election.
  const Lines bug = story(chubby(", failover_extension: 0s", failover, "24s"), kLease);
  EXPECT_EQ(Lines(bug.begin() + 4, bug.begin() + 6),
            (Lines{"14.000s master lease_expired c1 e1", "22.981002s c1 expiry_learned e1"}));
}

TEST(ChubbyLock, AFailedHoldersLockIsGrantedLockDelayAfterItsSessionExpiredWithTheNextGeneration) {
  // c1 holds the lock from 4 ms and is cut off from 5 s; its session expires at 23.001 s and
  // c2, waiting since 3 ms, gets the lock 10 s later (lock_delay 10s).
  const std::string cut = "  - {at: 5s, disconnect: {from: c1, to: master}}\n";
  const Lines s = story(chubby(", lock: true, lock_delay: 10s", cut, "40s", "[c1, c2]"),
                        {EventKind::lock_held, EventKind::lock_released, EventKind::lease_expired});
  EXPECT_EQ(s, (Lines{"0.004s c1 lock_held lock e1", "22.977002s c1 lock_released lock e1", "23.001s master lease_expired c1 e1",
                      "33.002s c2 lock_held lock e1"}));
}

TEST(ChubbyParams, TheLoaderRefusesALockDelayBeyondTheMinuteAndAReplyAdvanceNotShorterThanTheExtension) {
  const auto error = [](const std::string& protocol) {
    try {
      harness::load_scenario_text(chubby(protocol, "  []\n", "5s"), "c.yaml");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error(", lock_delay: 61s"),
            "c.yaml:2:38: protocol.lock_delay: lock_delay is at most 1m (the paper, 2.4: \"up to some bound, currently one "
            "minute\")");
  EXPECT_EQ(error(", lock_delay: 1m"), "");
  EXPECT_EQ(error(", reply_advance: 12s"),
            "c.yaml:2:41: protocol.reply_advance: reply_advance must be shorter than lease_extension: the master would answer "
            "every KeepAlive at once, a busy loop");
  EXPECT_EQ(error(", local_lease: recieve"),
            "c.yaml:2:39: protocol.local_lease: 'recieve' is not one of round_trip, flight_bound, receipt, send_no_hold");
}

// Pinned like the ZBS suite's (tests/harness/determinism_test.cpp): a change to the order of
// the model's events shows up here and must be deliberate.
TEST(ChubbySuite, TraceHashesArePinned) {
  const std::string dir = LEASESIM_SOURCE_DIR "/scenarios/chubby/";
  const auto hash = [&](const std::string& f) {
    return sim::hash_hex(harness::run_scenario(harness::load_scenario_file(dir + f)).trace_hash);
  };
  EXPECT_EQ(hash("healthy.yaml"), "41bc3c91b2d011dc");
  EXPECT_EQ(hash("c1-failover-no-extension.yaml"), "b3f1d195d9a9a48f");
  EXPECT_EQ(hash("lock-delay-off-paused-holder.yaml"), "3f231178a823697c");
}

}  // namespace
}  // namespace leasesim
