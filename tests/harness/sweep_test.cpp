// The safe envelope: boundaries found exactly, grids as the arithmetic says, and every way a
// --vary can be wrong named.
#include <gtest/gtest.h>

#include "harness/sweep.h"
#include "harness/input_error.h"

namespace leasesim::harness {
namespace {

const char* kLegacy = "scenarios/sweep/zbs-legacy-reply-delay.yaml";

SweepOptions one(const std::string& file, const std::string& key, const std::string& from, const std::string& to,
                 const std::string& resolution = "") {
  SweepOptions o;
  o.file = file;
  o.axes.push_back(parse_axis(key, from, to, resolution));
  return o;
}

std::string sweep_error(const SweepOptions& o) {
  try {
    sweep(o);
  } catch (const SweepError& e) {
    return e.what();
  }
  return "";
}

std::string axis_error(const std::string& key, const std::string& from, const std::string& to, const std::string& res = "") {
  try {
    parse_axis(key, from, to, res);
  } catch (const SweepError& e) {
    return e.what();
  }
  return "";
}

// ZBS-13135: the legacy anchor is safe exactly while the reply is no slower than the margin.
TEST(Sweep, TheLegacyReplyDelayBoundaryIsTheMarginExactly) {
  const reports::SweepOutcome s = sweep(one(kLegacy, "faults[1].delay.extra", "0s", "9s"));
  ASSERT_EQ(s.boundaries.size(), 1u);
  EXPECT_EQ(s.boundaries[0].last, 2'500'000'000);
  EXPECT_EQ(s.boundaries[0].first, 2'500'000'001);
  EXPECT_FALSE(s.boundaries[0].violated_before);
  EXPECT_EQ(s.boundaries[0].worst_after_ns, 1);
  EXPECT_EQ(s.checkers, std::vector<std::string>{"lease_safety"});
  // The grid: 21 points; at 9 s the window is d - margin = 6.5 s.
  ASSERT_EQ(s.grid.size(), 21u);
  EXPECT_EQ(s.grid.back().values[0], 9'000'000'000);
  EXPECT_EQ(s.grid.back().worst_ns, 6'500'000'000);
  EXPECT_FALSE(s.grid[5].violated);  // 2.25 s
  EXPECT_TRUE(s.grid[6].violated);   // 2.7 s
  // 21 grid runs and a bisection of 450 ms to 1 ns: ceil(log2(450e6)) = 29 more.
  EXPECT_EQ(s.runs, 50u);
}

// The session tracker's safe envelope: an orphan's close (the leader's loss detection L, the
// revalidation timeout R and a 2 ms round trip after the owner's last ack) must not come before
// the owner, cut off, drops its client (its sync timeout S and 1 ms after its last sync, 1 ms
// before that ack). With S = 20 s and L = 5 s: safe exactly from R = S - L - 2 ms = 14.998 s.
TEST(Sweep, TheSessionTrackerIsSafeExactlyWhenTheOrphansCloseFollowsTheOwnersNotice) {
  const reports::SweepOutcome s =
      sweep(one("scenarios/sweep/session-tracker-revalidation.yaml", "protocol.revalidation_timeout", "0s", "20s"));
  ASSERT_EQ(s.boundaries.size(), 1u);
  EXPECT_EQ(s.boundaries[0].last, 14'997'999'999);
  EXPECT_EQ(s.boundaries[0].first, 14'998'000'000);
  EXPECT_TRUE(s.boundaries[0].violated_before);
  ASSERT_EQ(s.grid.size(), 21u);
  EXPECT_EQ(s.grid[0].worst_ns, 14'998'000'000);  // R = 0: [15.004 s, 30.002 s)
  EXPECT_EQ(s.grid[10].worst_ns, 4'998'000'000);  // R = 10 s: [25.004 s, 30.002 s)
  EXPECT_FALSE(s.grid[15].violated);
}

TEST(Sweep, AGridFindsTheBoundaryAtTheMarginInEveryRow) {
  SweepOptions o;
  o.file = kLegacy;
  o.axes = {parse_axis("protocol.network_margin", "0s", "5s", ""), parse_axis("faults[1].delay.extra", "0s", "9s", "")};
  o.grid_steps = 5;
  const reports::SweepOutcome s = sweep(o);
  ASSERT_EQ(s.grid.size(), 36u);
  ASSERT_EQ(s.boundaries.size(), 6u);
  for (size_t r = 0; r < 6; ++r) {
    EXPECT_EQ(s.boundaries[r].row, r);
    EXPECT_EQ(s.boundaries[r].last, static_cast<int64_t>(r) * 1'000'000'000) << r;  // margins 0, 1, ... 5 s
    EXPECT_EQ(s.boundaries[r].first, static_cast<int64_t>(r) * 1'000'000'000 + 1) << r;
  }
  // Cell (margin 2 s, extra 5.4 s): window 3.4 s.
  EXPECT_EQ(s.grid[2 * 6 + 3].values, (std::vector<int64_t>{2'000'000'000, 5'400'000'000}));
  EXPECT_EQ(s.grid[2 * 6 + 3].worst_ns, 3'400'000'000);
  EXPECT_EQ(s.rows_with_several_changes, 0u);
}

// A guard of 1000 ppm protects a slow follower clock a little beyond 1000 ppm: the request's
// 1 ms flight is slack too. The boundary lies between two values 1 ppb apart.
TEST(Sweep, TheDriftAtWhichAGuardStopsProtecting) {
  const reports::SweepOutcome s =
      sweep(one("scenarios/zbs/drift-slow-follower-guarded.yaml", "clocks.follower-1.drift_ppm", "0", "-2000", "0.001"));
  ASSERT_EQ(s.boundaries.size(), 1u);
  EXPECT_EQ(s.axes[0].text(s.boundaries[0].last), "-1083.243");
  EXPECT_EQ(s.axes[0].text(s.boundaries[0].first), "-1083.244");
}

// client-go's leader election tolerates a candidate clock at most LeaseDuration / RenewDeadline
// = 15 / 10 times as fast as the leader's: the scenario lines the two durations up, so the
// boundary is 1.5 exactly, and the window at rate r is 20 - (10 + 15 / r) s.
TEST(Sweep, ClientGoToleratesACandidateClockUpToLeaseDurationOverRenewDeadlineFaster) {
  const reports::SweepOutcome s =
      sweep(one("scenarios/sweep/k8s-skew-rate.yaml", "clocks.c2.drift_ppm", "0", "1000000.000"));
  ASSERT_EQ(s.boundaries.size(), 1u);
  EXPECT_EQ(s.axes[0].text(s.boundaries[0].last), "500000");
  EXPECT_EQ(s.axes[0].text(s.boundaries[0].first), "500000.001");
  EXPECT_FALSE(s.boundaries[0].violated_before);
  ASSERT_EQ(s.grid.size(), 21u);
  EXPECT_EQ(s.grid[12].worst_ns, 625'000'000);    // rate 1.6: [19.375 s, 20 s)
  EXPECT_EQ(s.grid[20].worst_ns, 2'500'000'000);  // rate 2: [17.5 s, 20 s)
}

TEST(Sweep, ChubbysFlightBoundReadingHoldsForAReplyUpToTheBoundPlusTheRateAllowanceLate) {
  // 500 ms + 12 ms (1000 ppm of 12 s) - the 1 ms every reply takes: 511 ms.
  const reports::SweepOutcome s =
      sweep(one("scenarios/sweep/chubby-flight-bound.yaml", "faults[0].delay.extra", "0s", "2s"));
  ASSERT_EQ(s.boundaries.size(), 1u);
  EXPECT_EQ(s.axes[0].text(s.boundaries[0].last), "511ms");
  EXPECT_FALSE(s.boundaries[0].violated_before);
  ASSERT_EQ(s.grid.size(), 21u);
  EXPECT_EQ(s.grid[10].worst_ns, 489'000'000);  // 1 s late: [21.001 s, 21.49 s)
}

TEST(Sweep, NoBoundaryWhenTheVerdictNeverChanges) {
  const reports::SweepOutcome s = sweep(one(kLegacy, "faults[1].delay.extra", "0s", "2s"));
  EXPECT_TRUE(s.boundaries.empty());
  EXPECT_EQ(s.runs, 21u);
}

TEST(Sweep, NamedCheckerMustBelongToTheScenario) {
  SweepOptions o = one(kLegacy, "faults[1].delay.extra", "0s", "9s");
  o.checker = "lease_safty";
  EXPECT_EQ(sweep_error(o), "--checker lease_safty: this scenario has no such invariant (did you mean 'lease_safety'?); it checks lease_safety");
}

TEST(Sweep, KeysThatDoNotFitTheScenarioAreNamedWithTheValueTried) {
  EXPECT_EQ(sweep_error(one(kLegacy, "protocol.network_margn", "0s", "5s")),
            "with protocol.network_margn = 0s: protocol.network_margn: unknown key 'network_margn' (did you mean "
            "'network_margin'?); expected one of kind, lease, keepalive_interval, rpc_timeout, network_margin, "
            "follower_anchor, guard_ppm, expiry_check, wait_keepalive_timer, wait_keepalive_reply, "
            "follower_next_keepalive, follower_keepalive_interval, persisted_deadline, write_interval, fencing");
  EXPECT_EQ(sweep_error(one(kLegacy, "faults[5].at", "0s", "5s")),
            "--vary faults[5].at: faults has 3 items (counted from 0), so [5] is past its end");
  EXPECT_EQ(sweep_error(one(kLegacy, "duration.x", "0s", "5s")), "--vary duration.x: duration is a value, so it has no key 'x'");
  EXPECT_EQ(sweep_error(one(kLegacy, "followers.x", "0s", "5s")),
            "--vary followers.x: followers is a list, so it has no key 'x'");
  // Both ends are checked before any run.
  EXPECT_EQ(sweep_error(one(kLegacy, "faults[1].at", "0s", "50s")),
            "with faults[1].at = 50s: faults[1].at: 50s is outside the run, which lasts 40s (instants 0s up to, not "
            "including, 40s)");
}

TEST(SweepAxis, RangesAreExactOrRefused) {
  const reports::SweepAxis a = parse_axis("x", "0", "-2000.5", "");
  EXPECT_EQ(a.places, 1);
  EXPECT_EQ(a.sign, -1);
  EXPECT_EQ(a.steps, 20005);
  EXPECT_EQ(a.text(a.to()), "-2000.5");
  const reports::SweepAxis d = parse_axis("x", "1ms", "2s", "1ms");
  EXPECT_EQ(d.steps, 1999);
  EXPECT_EQ(d.number(d.at(1)), "0.002");
  EXPECT_EQ(axis_error("x", "0s", "9"), "--vary x: --to 9: '9' has no unit; write it as 9s or 9ms (units: ns, us, ms, s, "
                                        "m, h) (the other end of the range is a duration)");
  EXPECT_EQ(axis_error("x", "1s", "1s"), "--vary x: --from and --to are the same value, 1s; nothing to sweep");
  EXPECT_EQ(axis_error("x", "0s", "9s", "2s"), "--vary x: the range 0s to 9s is not a whole number of --resolution 2s steps");
  EXPECT_EQ(axis_error("x", "0s", "9s", "1"), "--vary x: --resolution 1 needs a unit, like the range it divides");
  EXPECT_EQ(axis_error("x", "0s", "9s", "-1s"), "--vary x: --resolution must be positive, got -1s");
  EXPECT_EQ(axis_error("x", "0", "1.0000000001"), "--vary x: at most 9 decimal places");
  EXPECT_EQ(axis_error("x", "0", "abc"), "--vary x: --to abc: expected a number, got 'abc'");
  EXPECT_EQ(axis_error("faults..at", "0", "1"),
            "--vary faults..at: expected a key at character 8 (a key path is keys joined by dots, with [N] for a "
            "list's item: faults[1].delay.extra)");
  EXPECT_EQ(axis_error("faults[x]", "0", "1"),
            "--vary faults[x]: expected an index (digits) at character 7 (a key path is keys joined by dots, with [N] "
            "for a list's item: faults[1].delay.extra)");
  EXPECT_EQ(axis_error("expect.lease_safety", "0", "1"),
            "--vary expect.lease_safety: a sweep varies what the run does; `expect` and `explore` do not change it");
  EXPECT_EQ(axis_error("name", "0", "1"), "--vary name: `name` does not change the run");
}

// A range may span more than int64: its values are exact and its steps counted in 128 bits,
// and a range of more than 2^63-1 steps is refused (its step count once wrapped negative).
TEST(SweepAxis, ARangeWiderThanInt64IsExactOrRefused) {
  EXPECT_EQ(axis_error("x", "-2562047h", "2562047h"),
            "--vary x: the range -2562047h to 2562047h is more than 2^63-1 steps of 1ns; give a coarser --resolution or a narrower "
            "range");
  const reports::SweepAxis wide = parse_axis("x", "-2562047h", "2562047h", "2ns");
  EXPECT_EQ(wide.steps, int64_t{9'223'369'200'000'000'000});
  EXPECT_EQ(wide.to(), int64_t{9'223'369'200'000'000'000});
  EXPECT_EQ(wide.at(0), -int64_t{9'223'369'200'000'000'000});
  EXPECT_EQ(wide.at(wide.steps / 2), 0);
  const reports::SweepAxis down = parse_axis("x", "4611686018427387904", "-4611686018427387903", "");
  EXPECT_EQ(down.sign, -1);
  EXPECT_EQ(down.steps, INT64_MAX);
  EXPECT_EQ(down.to(), -4'611'686'018'427'387'903);
  EXPECT_EQ(down.at(1), 4'611'686'018'427'387'903);
  EXPECT_EQ(axis_error("x", "4611686018427387904", "-4611686018427387904"),
            "--vary x: the range 4611686018427387904 to -4611686018427387904 is more than 2^63-1 steps of 1; give a coarser "
            "--resolution or a narrower range");
}

TEST(SweepAxis, SetValueAddsAbsentKeysAndReplacesPresentOnes) {
  YAML::Node root = YAML::Load("protocol: {kind: zbs}\nfaults:\n  - {at: 1s}\n");
  set_value(root, parse_axis("clocks.f.drift_ppm", "0", "1", ""), "5");
  set_value(root, parse_axis("faults[0].at", "0s", "1s", ""), "2s");
  EXPECT_EQ(root["clocks"]["f"]["drift_ppm"].as<std::string>(), "5");
  EXPECT_EQ(root["faults"][0]["at"].as<std::string>(), "2s");
  EXPECT_EQ(root["protocol"]["kind"].as<std::string>(), "zbs");
}

}  // namespace
}  // namespace leasesim::harness
