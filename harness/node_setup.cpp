#include "harness/node_setup.h"

namespace leasesim::harness {

sim::Clock scenario_clock(const Scenario& scenario, const std::string& node) {
  const auto it = scenario.clocks.find(node);
  const ClockSpec spec = it == scenario.clocks.end() ? ClockSpec{} : it->second;
  return sim::Clock(spec.offset, spec.drift_ppm.ppb);
}

sim::Rng node_rng(const Scenario& scenario, const std::string& node) { return sim::stream_for(scenario.seed, "node " + node); }

}  // namespace leasesim::harness
