// The client-go leader election model as timelines at exact instants: the Lease's optimistic
// concurrency, a candidate's judgement on its own clock, the renew loop's deadline before and
// after PR #65094, the stop hook, and NewLeaderElector's validation. Two electors at 1 ms a hop
// from the API server unless said otherwise.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/story.h"

namespace leasesim {
namespace {

using sim::EventKind;
using testing::story;
using Lines = std::vector<std::string>;

std::string k8s(const std::string& protocol, const std::string& faults, const std::string& duration) {
  return "duration: " + duration + "\nprotocol: {kind: k8s_leader_election" + protocol +
         "}\nelectors: [c1, c2]\nfaults:\n" + faults;
}

const std::vector<EventKind> kLeadership = {EventKind::lease_expired, EventKind::lock_held, EventKind::lock_released,
                                            EventKind::state};

Lines without(const Lines& lines, const std::string& needle) {
  Lines out;
  for (const std::string& l : lines) {
    if (l.find(needle) == std::string::npos) out.push_back(l);
  }
  return out;
}

TEST(K8sLeaseStore, RefusesAnUpdateNamingAStaleResourceVersionAndRenewsEveryRoundTripPlusRetryPeriod) {
  // Both read the empty Lease at 2 ms and create it; c1's Update arrives first (3 ms), c2's,
  // naming the same resourceVersion 0, is refused. c1 leads at 4 ms, renews at once (5 ms) and
  // then RetryPeriod after each renewal returns: 2.007, 4.009 s.
  const Lines s = story(k8s("", "  []\n", "5s"), {EventKind::lease_granted, EventKind::state, EventKind::lock_held});
  EXPECT_EQ(s, (Lines{"0.003s apiserver lease_granted c1 e1 until 15.003s",
                      "0.003s apiserver state Conflict: the object has been modified",
                      "0.004s c1 state OnStartedLeading", "0.004s c1 lock_held leader e1",
                      "0.005s apiserver lease_granted c1 e1 until 15.005s",
                      "2.007s apiserver lease_granted c1 e1 until 17.007s",
                      "4.009s apiserver lease_granted c1 e1 until 19.009s"}));
}

TEST(K8sElector, ACandidateTakesTheLeaseLeaseDurationAfterItLastSawTheRecordChangeOnItsOwnClock) {
  // No jitter: c2 tries 2 s after each attempt returns: 2.004 + 2.002 k s (its create was
  // refused at 4 ms; a GET round trip plus 2 s). c1's Updates are lost from 9 s, so the last
  // change is c1's renewal applied at 8.013 s; c2's GET of 8.010 s arrived before it, that of
  // 10.012 s reads it (observedTime 10.014 s). 12.014 ... 24.026 s find the lease valid; 26.028 s
  // is past 10.014 + 15 s: GET, Update applied at 26.031 s, leading at 26.032 s. c1's round of
  // 10.014 s ended at 20.014 s.
  const Lines s = story(k8s(", jitter_factor: 0", "  - {at: 9s, drop: {from: c1, to: apiserver, message: Update}}\n", "30s"),
                        kLeadership);
  EXPECT_EQ(without(s, "Conflict"),
            (Lines{"0.004s c1 state OnStartedLeading", "0.004s c1 lock_held leader e1", "20.014s c1 state stopped leading",
                   "20.014s c1 lock_released leader e1", "20.014s c1 state exited: leaderelection lost",
                   "26.031s apiserver lease_expired c1 e1", "26.032s c2 state OnStartedLeading",
                   "26.032s c2 lock_held leader e2"}));
}

TEST(K8sElector, UnderPollAHungRenewalHoldsLeadershipUntilItReturnsAndUnderTheContextItEndsAtRenewDeadline) {
  // One Update held 30 s. poll (before PR #65094): c1's rounds start at each renewal and try
  // 2 s later; the renewal of 8.012 s is the last, the one sent at 10.012 s returns Conflict at
  // 40.014 s (c2 took the Lease meanwhile), the slow path's GET at 40.016 s, and only then is
  // 8.012 + 10 s seen to have passed. context (after it): the round of 10.014 s ends at 20.014 s.
  const std::string hang = "  - {at: 10s, delay: {from: c1, to: apiserver, message: Update, extra: 30s, count: 1}}\n";
  const auto stopped = [&](const std::string& protocol) {
    Lines out;
    for (const std::string& l : story(k8s(protocol, hang, "45s"), {EventKind::state})) {
      if (l.find("stopped leading") != std::string::npos) out.push_back(l);
    }
    return out;
  };
  EXPECT_EQ(stopped(", renew_timeout: poll, request_timeout: 0s"), (Lines{"40.016s c1 state stopped leading"}));
  EXPECT_EQ(stopped(", renew_timeout: context, request_timeout: 0s"), (Lines{"20.014s c1 state stopped leading"}));
}

TEST(K8sElector, TheStopHookKeepsTheOldLeaderActingAndRejoinRunsAcquireAgain) {
  // c1 steps down at 20.014 s as above; with a stop hook of 4 s it acts until 24.014 s. With
  // after_leading: rejoin it then runs acquire again, its Updates no longer lost (from 23 s).
  // c2 would take the Lease only at 26.031 s. c1's slow-path GET of 15.014 s counted as a change
  // (its own Updates are never compared against), so its observed lease runs to 15.016 + 15 s:
  // the fast path's Update is applied at 24.015 s, a leader again at 24.016 s, same epoch.
  const std::string drop = "  - {at: 9s, drop: {from: c1, to: apiserver, message: Update, for: 14s}}\n";
  const Lines s = story(k8s(", jitter_factor: 0, stop_hook: 4s, after_leading: rejoin", drop, "25s"), kLeadership);
  EXPECT_EQ(without(s, "Conflict"),
            (Lines{"0.004s c1 state OnStartedLeading", "0.004s c1 lock_held leader e1", "20.014s c1 state stopped leading",
                   "24.014s c1 lock_released leader e1", "24.016s c1 state OnStartedLeading",
                   "24.016s c1 lock_held leader e1"}));
}

TEST(K8sParams, NewLeaderElectorsValidationIsCheckedForEveryElectorsOwnDurations) {
  const auto error = [](const std::string& protocol) {
    try {
      harness::load_scenario_text(k8s(protocol, "  []\n", "5s"), "k.yaml");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error(", lease_durations: [10s, 9s], renew_deadlines: [5s, 9s]").find("leaseDuration must be greater than renewDeadline"),
            std::string::npos);
  EXPECT_NE(error(", renew_deadline: 2.4s").find("renewDeadline must be greater than retryPeriod*JitterFactor"),
            std::string::npos);
  EXPECT_EQ(error(", renew_deadline: 2.401s"), "");
  EXPECT_NE(error(", lease_durations: [30s, 10s, 10s]").find("more durations than there are electors"), std::string::npos);
}

}  // namespace
}  // namespace leasesim
