// A node of the simulated world: the node runtime (sim/node.h) on the simulator and its network
// themselves rather than on their interfaces, so that the hot path (now() in every trace record,
// a timer's schedule_at, a message's send) is a direct call the compiler can inline. What a run
// computes is the same either way; only the speed differs.
#pragma once

#include "sim/network.h"
#include "sim/node.h"
#include "sim/simulator.h"

namespace leasesim::sim {

using SimulatedNode = BasicNodeRuntime<Simulator, Network>;
extern template class BasicNodeRuntime<Simulator, Network>;

}  // namespace leasesim::sim
