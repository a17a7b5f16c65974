#include "sim/simulated_node.h"

#include "sim/node_impl.h"

namespace leasesim::sim {

template class BasicNodeRuntime<Simulator, Network>;

}  // namespace leasesim::sim
