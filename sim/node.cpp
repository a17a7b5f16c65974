// The runtime over the interfaces (sim/node.h): what a second runtime's nodes use.
#include "sim/node.h"

#include "sim/node_impl.h"

namespace leasesim::sim {

template class BasicNodeRuntime<Scheduler, Transport>;

}  // namespace leasesim::sim
