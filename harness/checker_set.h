// A scenario's checkers on one trace: built from the protocol's list, fed by the trace, told
// when time reaches the earliest instant at which one of them may close a window with no event
// there (the horizon). What a simulated run (World) and a judged trace (TraceFeed) share.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "checkers/checker.h"
#include "harness/scenario.h"
#include "leasesim/protocol.h"
#include "sim/trace.h"

namespace leasesim::harness {

class CheckerSet final : public checkers::HorizonListener {
 public:
  // The checkers are trace sinks from now on; `on_horizon` hears every new horizon.
  CheckerSet(const Scenario& scenario, sim::Trace& trace, const ClockOf& clock_of,
             std::function<void(sim::Instant)> on_horizon);

  // The earliest horizon of all.
  sim::Instant horizon() const;
  // Time reached `t`: every checker whose horizon is at or before it closes what ended by then.
  void advance_to(sim::Instant t);
  void finish(sim::Instant end);

  const std::vector<std::unique_ptr<checkers::Checker>>& all() const { return checkers_; }
  // Every window of every checker, safety and liveness, in start order.
  std::vector<checkers::Violation> violations() const;
  bool is_liveness(std::string_view checker) const;

  void horizon_moved() override { on_horizon_(horizon()); }

 private:
  std::vector<std::unique_ptr<checkers::Checker>> checkers_;
  std::function<void(sim::Instant)> on_horizon_;
};

}  // namespace leasesim::harness
