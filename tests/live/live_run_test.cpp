// End-to-end live runs against the simulation of the same file: real time on this machine,
// so registered only with -DLEASESIM_LIVE_TESTS=ON and labelled `live` (scripts/test --live),
// never in the default suite.
#include <gtest/gtest.h>

#include "harness/compare.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "live/run_live.h"

namespace leasesim::live {
namespace {

constexpr sim::Duration kTolerance = sim::Duration::millis(5);

void expect_same_as_simulated(const std::string& rel) {
  const harness::Scenario s = harness::load_scenario_file(std::string(LEASESIM_SOURCE_DIR) + "/" + rel);
  ASSERT_FALSE(why_not_live(s));
  reports::Recording sim_recording;
  harness::RunOptions o;
  o.recording = &sim_recording;
  const reports::Result simulated = harness::run_scenario(s, o);
  LiveRun run = run_live(s, kTolerance);
  ASSERT_EQ(run.judge_error, "");
  ASSERT_EQ(run.outcome.wire_error, "");
  EXPECT_TRUE(run.result.expectations_met) << rel;
  EXPECT_LE(run.outcome.wall_ms, s.duration.ns / 1e6 + 1000) << rel;
  const harness::Comparison c =
      harness::compare_traces({"live", &run.result, &run.recording}, {"simulated", &simulated, &sim_recording}, kTolerance);
  std::string diffs;
  for (const std::string& d : c.differences) diffs += d + "\n";
  EXPECT_EQ(diffs, "") << rel;
}

TEST(LiveRun, ZbsLegacyReplyDelay) { expect_same_as_simulated("scenarios/zbs/legacy-reply-delay-6s.yaml"); }
TEST(LiveRun, ZbsDrift) { expect_same_as_simulated("scenarios/zbs/drift-fast-master-no-margin.yaml"); }
TEST(LiveRun, ZbsSuspendClockStops) { expect_same_as_simulated("scenarios/zbs/laptop-suspend-clock-stops.yaml"); }
TEST(LiveRun, ZbsTimerStall) { expect_same_as_simulated("scenarios/zbs/master-timer-stall.yaml"); }
TEST(LiveRun, ZbsMasterRestart) { expect_same_as_simulated("scenarios/zbs/master-restart-continue.yaml"); }

}  // namespace
}  // namespace leasesim::live
