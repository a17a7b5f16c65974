// Turns a scenario's fault list into simulator actions at their instants: each fault starts at
// `at` (fault_start in the trace, then its effect) and ends at `at + for` if that falls inside
// the run (fault_end, then its undoing). A counted network fault also ends when it has changed
// its last message. A clock fault is a step change: it starts and never ends.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/scenario.h"
#include "sim/network.h"
#include "sim/simulator.h"

namespace leasesim::harness {

class World;

class FaultInjector final : public sim::EventTarget {
 public:
  FaultInjector(World& world, const std::vector<Fault>& faults);

  void schedule();
  void on_event(uint64_t arg) override;

 private:
  struct Active {
    bool started = false;
    bool ended = false;
    sim::Network::RuleId rule = 0;
    sim::Network::PartitionId partition = 0;
    std::vector<std::pair<sim::NodeId, sim::NodeId>> cuts;
  };

  void start(size_t i);
  void end(size_t i);
  void trace_fault(size_t i, bool starting);
  sim::MessageSelector selector(const Selector& s) const;
  std::string describe(const Fault& f) const;
  sim::NodeId node_of(const Fault& f) const;
  sim::FaultClass class_of(const Fault& f) const;

  World& world_;
  std::vector<Fault> faults_;
  std::vector<Active> active_;
  std::vector<sim::Symbol> descriptions_;
};

}  // namespace leasesim::harness
