// What each node of a scenario starts with, wherever it runs (the simulated World, a judged
// trace's TraceFeed, the live world): its clock from `clocks:` and its random stream, so that
// every runtime starts a node the same way.
#pragma once

#include <string>

#include "harness/scenario.h"
#include "sim/clock.h"
#include "sim/random.h"

namespace leasesim::harness {

sim::Clock scenario_clock(const Scenario& scenario, const std::string& node);
sim::Rng node_rng(const Scenario& scenario, const std::string& node);

}  // namespace leasesim::harness
