// What a fault injector acts on: a run's time, its trace, its network's fault side and its nodes
// by id. The simulated World (harness/world.h) is one; a live world on real time, a fault proxy
// and real processes can be another, and the injector and every fault kind (fault_kind.h) work
// on either unchanged. Only the interfaces of sim/ appear here, never the simulator's classes.
#pragma once

#include <string>

#include "leasesim/protocol.h"
#include "sim/message.h"
#include "sim/network_faults.h"
#include "sim/node_control.h"
#include "sim/scheduler.h"
#include "sim/trace.h"

namespace leasesim::harness {

class FaultTarget {
 public:
  // Fault starts and ends are scheduled here, before the run starts (see world.h for why).
  virtual sim::Scheduler& scheduler() = 0;
  virtual sim::Trace& trace() = 0;
  virtual sim::NetworkFaults& network() = 0;
  // REQUIRES: id < the number of nodes; node_id: a node of the scenario (the loader checked).
  virtual sim::NodeControl& node(sim::NodeId id) = 0;
  virtual sim::NodeId node_id(const std::string& name) const = 0;
  // The protocol's side of the run: told by a restart fault before its node starts again.
  virtual Deployment& deployment() = 0;

 protected:
  ~FaultTarget() = default;
};

}  // namespace leasesim::harness
