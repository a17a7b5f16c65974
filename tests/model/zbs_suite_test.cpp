// The claim of the ZBS suite: the fixed anchor with a guard matching the clocks' drift keeps
// lease safety in every scenario, except where the scenario shows that no follower setting can.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "harness/runner.h"
#include "leasesim/protocol.h"
#include "model/zbs/params.h"
#include "harness/scenario_loader.h"

namespace leasesim {
namespace {

// Scenario -> why the follower cannot protect itself there (each scenario's description says more).
const std::map<std::string, std::string> kCannot = {
    {"master-restart-continue.yaml", "the restarted master forgets the renewals it granted"},
    {"master-restart-forget.yaml", "the restarted master forgets the session"},
    {"stale-deadline-captured.yaml", "the master expires a session it renewed"},
    {"laptop-suspend-clock-stops.yaml", "the follower's clock does not count the suspension"},
    {"clock-step-back.yaml", "the follower's clock steps back; a guard covers rates, not steps"},
};

int64_t largest_drift_ppb(const harness::Scenario& s) {
  int64_t most = 0;
  for (const auto& [node, spec] : s.clocks) most = std::max(most, std::abs(spec.drift_ppm.ppb));
  for (const harness::Fault& f : s.faults) {
    if (const auto* c = std::get_if<harness::ClockFault>(&f.action); c != nullptr && c->drift_ppm) {
      most = std::max(most, std::abs(c->drift_ppm->ppb));
    }
  }
  return most;
}

TEST(ZbsSuite, FixedAnchorWithACorrectGuardHoldsWhereverTheFollowerCanProtectItself) {
  size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(LEASESIM_SOURCE_DIR "/scenarios/zbs")) {
    harness::Scenario s = harness::load_scenario_file(entry.path().string());
    zbs::ZbsParams p = params_of<zbs::ZbsParams>(*s.protocol.params);
    p.follower_anchor = zbs::FollowerAnchor::send;
    p.guard_ppm = sim::Ppm{largest_drift_ppb(s)};
    s.protocol.params = std::make_shared<ParamsOf<zbs::ZbsParams>>(p);
    s.expect = {};
    const reports::Result r = harness::run_scenario(s);
    const std::string file = entry.path().filename().string();
    const bool expected_to_hold = !kCannot.contains(file);
    EXPECT_EQ(r.violations.empty(), expected_to_hold) << file << (expected_to_hold ? "" : ": " + kCannot.at(file));
    ++checked;
  }
  EXPECT_GE(checked, 30u);
}

}  // namespace
}  // namespace leasesim
