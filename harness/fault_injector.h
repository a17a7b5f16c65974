// Turns a scenario's fault list into simulator actions at their instants: each fault starts at
// `at` (fault_start in the trace, then its effect) and ends at `at + for` if that falls inside
// the run (fault_end, then its undoing). A counted network fault also ends when it has changed
// its last message. A clock fault is a step change: it starts and never ends. What each kind
// of fault does, and how it is described and classed in the trace, is its kind's
// (harness/fault_kind.h); the injector schedules, traces, and undoes the network rules,
// partitions and cuts a fault recorded.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/fault_kind.h"
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
  void start(size_t i);
  void end(size_t i);
  void trace_fault(size_t i, bool starting);
  sim::NodeId node_of(const Fault& f) const;

  World& world_;
  std::vector<Fault> faults_;
  std::vector<FaultState> active_;
  std::vector<sim::Symbol> descriptions_;
};

}  // namespace leasesim::harness
