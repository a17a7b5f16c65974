// The Raft leader-lease model as timelines at exact instants: the election (PreVote, Vote,
// CheckQuorum's refusal), the lease counted from the newest heartbeat a quorum acknowledged,
// tick-counted timers, the step-down check, a restart's persisted lease, and the parameters the
// loader refuses. Three servers at 1 ms a hop; n1 campaigns at its start (first_campaigns).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "tests/support/story.h"

namespace leasesim {
namespace {

using sim::EventKind;
using testing::story;
using Lines = std::vector<std::string>;

std::string raft(const std::string& protocol, const std::string& faults, const std::string& duration) {
  return "duration: " + duration + "\nprotocol: {kind: raft_lease" + protocol + "}\nservers: [n1, n2, n3]\nfaults:\n" +
         faults;
}

using testing::only;

TEST(RaftLeaseElection, TheFirstServerWinsAPreVoteThenAVoteAndLeasesFromItsFirstAcknowledgedHeartbeat) {
  // PreVote out at 0, granted at 2 ms; Vote out at 2 ms, granted at 4 ms. The heartbeat sent at
  // 4 ms is acknowledged at 6 ms: a lease to 4 ms + 900 ms, moved on by each round.
  const Lines s = story(raft("", "  []\n", "250ms"), {EventKind::state, EventKind::lock_held, EventKind::lease_believed});
  EXPECT_EQ(s, (Lines{"0.000s n1 state pre-campaign", "0.002s n1 state campaign", "0.004s n1 state elected",
                      "0.004s n1 state serving", "0.004s n1 lock_held leader e1", "0.006s n1 lease_believed e1 until 0.904s",
                      "0.106s n1 lease_believed e1 until 1.004s", "0.206s n1 lease_believed e1 until 1.104s"}));
}

TEST(RaftLeaseLease, TheLeaseCountsFromTheSendTimeOfTheNewestHeartbeatAQuorumAcknowledged) {
  // Both followers' first acknowledgements are held 300 ms: the round of 104 ms is acknowledged
  // first (106 ms) and gives 1.004 s; the late ones of the 4 ms round (306 ms) are older and
  // extend nothing. With max_clock_drift 100 ms every lease is 100 ms shorter.
  const std::string hold =
      "  - {at: 0s, delay: {from: n2, to: n1, message: HeartbeatReply, extra: 300ms, count: 1}}\n"
      "  - {at: 0s, delay: {from: n3, to: n1, message: HeartbeatReply, extra: 300ms, count: 1}}\n";
  EXPECT_EQ(story(raft("", hold, "350ms"), {EventKind::lease_believed}),
            (Lines{"0.106s n1 lease_believed e1 until 1.004s", "0.206s n1 lease_believed e1 until 1.104s",
                   "0.306s n1 lease_believed e1 until 1.204s"}));
  EXPECT_EQ(story(raft(", max_clock_drift: 100ms", hold, "150ms"), {EventKind::lease_believed}),
            (Lines{"0.106s n1 lease_believed e1 until 0.904s"}));
}

// The schedule of scenarios/raft_lease/r1-reset-election-timer.yaml.
const std::string kR1Base = ", election_timeout: 10s, election_jitter: 0s, heartbeat_interval: 1s, "
                            "step_down_window: 10s, lease_mode: leader";
const std::string kR1 = kR1Base + ", step_down_every: 5s";
const std::string kR1Faults = "  - {at: 2s, partition: {groups: [[n1, n2], [n3]], for: 5.5s}}\n"
                              "  - {at: 7.5s, partition: {groups: [[n1], [n2, n3]]}}\n";

TEST(RaftLeaseElection, CheckQuorumIgnoresAPreVoteWhileTheLeaderWasHeardWithinTheElectionTimeout) {
  // n3 (last heard n1 at 1.005 s) pre-campaigns at 11.005 s; n2 heard n1 at 7.005 s and ignores
  // it, so n2 itself is elected, at 17.009 s. Without CheckQuorum n2 grants and n3 leads at 11.009 s.
  const Lines with = only(story(raft(kR1, kR1Faults, "25s"), {EventKind::state}), "elected");
  EXPECT_EQ(with, (Lines{"0.004s n1 state elected", "17.009s n2 state elected"}));
  const Lines without = only(story(raft(kR1 + ", check_quorum: false", kR1Faults, "25s"), {EventKind::state}), "elected");
  EXPECT_EQ(without, (Lines{"0.004s n1 state elected", "11.009s n3 state elected"}));
}

TEST(RaftLeaseStepDown, TheLeaderStepsDownAtTheFirstCheckThatCountsNoQuorumInTheWindow) {
  // Checks every 5 s from 4 ms; the last acknowledgement was of the heartbeat sent at 7.004 s.
  // 15.004 s: 8 s <= 10 s, a quorum; 20.004 s: 13 s, none. Checking every second, 17.004 s
  // still counts it (10 s <= 10 s) and 18.004 s does not (11 s).
  const auto down = [&](const std::string& extra) {
    return only(story(raft(kR1Base + extra, kR1Faults, "25s"), {EventKind::state}), "n1 state step down");
  };
  EXPECT_EQ(down(", step_down_every: 5s"), (Lines{"20.004s n1 state step down: no quorum"}));
  EXPECT_EQ(down(", step_down_every: 1s"), (Lines{"18.004s n1 state step down: no quorum"}));
}

TEST(RaftLeaseTicks, AFollowerCountsWholeTicksSoItCampaignsUpToATickEarly) {
  // Ticks of 2 s, ET 5 ticks, no randomisation; n1 ticks at even seconds, n2 and n3 at odd ones,
  // n2's phase 1 s, n3's 1.5 s. The heartbeat of 20 s reaches them at 20.001 s; n2 counts 21,
  // 23, 25, 27, 29 s: it pre-campaigns 8.999 s after it last heard n1, n3 is still in lease
  // (4 ticks) and ignores it; n3 counts to 29.5 s, and n2, a pre-candidate without a leader,
  // grants: n3 leads at 29.504 s.
  const std::string p = ", tick: 2s, election_timeout: 10s, election_jitter: 0s, heartbeat_interval: 2s, "
                        "timer_phases: [0s, 1s, 1.5s], step_down_every: 10s, step_down_window: 10s, lease: 10s";
  const Lines s = story(raft(p, "  - {at: 20.5s, partition: {groups: [[n1], [n2, n3]]}}\n", "31s"), {EventKind::state});
  EXPECT_EQ(only(s, "campaign"), (Lines{"0.000s n1 state pre-campaign", "0.002s n1 state campaign", "29.000s n2 state pre-campaign",
                                        "29.500s n3 state pre-campaign", "29.502s n3 state campaign"}));
  EXPECT_EQ(only(s, "elected"), (Lines{"0.004s n1 state elected", "29.504s n3 state elected"}));
}

TEST(RaftLeaseRestart, ARestoredLeaseIsBelievedOnTheRestartedClockUntilANewerTermIsHeard) {
  // n1's last extension before its crash at 1 s: the heartbeat of 0.904 s, acknowledged at
  // 0.906 s, to 1.804 s. It starts again at 1.5 s with its clock stepped back 1 s (0.5 s) and,
  // with `restore`, believes the term-1 lease to its 1.804 s (2.804 s of virtual time), until
  // n2's Vote for term 2 reaches it at 1.908 s. No newer leader existed meanwhile (n2 leads at
  // 1.909 s): a belief, not yet a stale read. `forget` and `restore_guarded` believe nothing.
  const std::string faults = "  - {at: 1s, restart: {node: n1, for: 500ms}}\n  - {at: 1.2s, clock: {node: n1, jump: -1s}}\n";
  const auto after_restart = [&](const std::string& mode) {
    const Lines s = story(raft(", election_jitter: 0s, restart_lease: " + mode, faults, "3s"),
                          {EventKind::lease_believed, EventKind::lease_dropped, EventKind::violation_start});
    Lines out;
    for (const std::string& l : only(s, "n1")) {
      if (l.rfind("0.", 0) != 0) out.push_back(l);
    }
    return out;
  };
  EXPECT_EQ(after_restart("restore"), (Lines{"1.500s n1 lease_believed e1 until 2.804s", "1.908s n1 lease_dropped e1"}));
  EXPECT_EQ(after_restart("forget"), Lines{});
  EXPECT_EQ(after_restart("restore_guarded"), Lines{});
}

TEST(RaftLeaseParams, TheLoaderRefusesTimersThatAreNotWholeTicksAndADriftThatLeavesNoLease) {
  const auto error = [](const std::string& protocol) {
    try {
      harness::load_scenario_text(raft(protocol, "  []\n", "5s"), "r.yaml");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error(", tick: 300ms"), "r.yaml:2:36: protocol.tick: election_timeout must be a whole number of ticks (tick: "
                                    "300ms)");
  EXPECT_EQ(error(", tick: 300ms, election_timeout: 1s"),
            "r.yaml:2:61: protocol.election_timeout: election_timeout must be a whole number of ticks (tick: 300ms)");
  EXPECT_EQ(error(", tick: 100ms"), "");
  EXPECT_EQ(error(", max_clock_drift: 900ms"),
            "r.yaml:2:47: protocol.max_clock_drift: max_clock_drift must be shorter than lease: no lease would remain");
  EXPECT_EQ(error(", lease_mode: leader, max_clock_drift: 900ms"), "");
  EXPECT_EQ(error(", timer_phases: [0s, 1s, 2s, 3s]"),
            "r.yaml:2:44: protocol.timer_phases: timer_phases lists more phases than there are servers");
  EXPECT_EQ(error(", lease_mode: forever"), "r.yaml:2:42: protocol.lease_mode: 'forever' is not one of quorum_ack, leader");
}

// Pinned like the other suites': a change to the order of the model's events shows up here and
// must be deliberate.
TEST(RaftLeaseSuite, TraceHashesArePinned) {
  const std::string dir = LEASESIM_SOURCE_DIR "/scenarios/raft_lease/";
  const auto hash = [&](const std::string& f) {
    return sim::hash_hex(harness::run_scenario(harness::load_scenario_file(dir + f)).trace_hash);
  };
  EXPECT_EQ(hash("healthy.yaml"), "33c803d5e7e3e963");
  EXPECT_EQ(hash("r1-step-down-every-half-et.yaml"), "d2b5dbdfac0d9377");
  EXPECT_EQ(hash("r2-lease-counted-in-ticks.yaml"), "fad51e4d3cee93a3");
  EXPECT_EQ(hash("r3-leader-lease-timeout-not-a-lease.yaml"), "2ea58ff13db8174d");
  EXPECT_EQ(hash("r4-restored-lease-clock-stepped-back.yaml"), "2e66aa4651aebec2");
}

}  // namespace
}  // namespace leasesim
