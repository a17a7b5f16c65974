// Turns a scenario's fault list into simulator actions at their instants: each fault starts at
// `at` (fault_start in the trace, then its effect) and ends at `at + for` if that falls inside
// the run (fault_end, then its undoing). A counted network fault also ends when it has changed
// its last message. A clock fault is a step change: it starts and never ends. What each kind
// of fault does, and how it is described and classed in the trace, is its kind's
// (harness/fault_kind.h); the injector schedules, traces, and undoes the network rules,
// partitions and cuts a fault recorded. It acts on a FaultTarget (fault_target.h), not on the
// simulator's World, so that the same injector can drive a live run.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/fault_kind.h"
#include "harness/fault_target.h"
#include "harness/scenario.h"
#include "sim/scheduler.h"

namespace leasesim::harness {

class FaultInjector final : public sim::EventTarget {
 public:
  // `scenario` must outlive the injector: its faults, its duration and its protocol.
  FaultInjector(FaultTarget& target, const Scenario& scenario);

  // Schedules every fault's start, and its end if that falls inside the run.
  void schedule();
  void on_event(uint64_t arg) override;

 private:
  void start(size_t i);
  void end(size_t i);
  void trace_fault(size_t i, bool starting);
  sim::NodeId node_of(const Fault& f) const;

  FaultTarget& target_;
  const Scenario& scenario_;
  const std::vector<Fault>& faults_;
  std::vector<FaultState> active_;
  std::vector<sim::Symbol> descriptions_;
};

}  // namespace leasesim::harness
