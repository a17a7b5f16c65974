// Judging a trace that was not simulated here (`leasesim judge`): its events, read in time
// order, are recorded into a fresh trace that the scenario's checkers watch, as a run would
// record them. The checkers see what they saw in the run: node clocks rebuilt from the
// scenario's `clocks` and each clock_changed event, the horizon reached before the first event
// at or after it, the checkers finished at the end. The checkers' own events (violation_start,
// violation_end) are theirs to record: the fed trace's are left to the caller.
#pragma once

#include <unordered_map>
#include <vector>

#include "harness/checker_set.h"
#include "harness/scenario.h"
#include "sim/clock.h"
#include "sim/trace.h"

namespace leasesim::harness {

// A checker's own finding (violation_start, violation_end), not something that happened.
constexpr bool is_finding(sim::EventKind k) { return k == sim::EventKind::violation_start || k == sim::EventKind::violation_end; }

class TraceFeed {
 public:
  // every_kind: each checker sees every event, not only the kinds it declares (the test of
  // those declarations).
  explicit TraceFeed(const Scenario& scenario, bool every_kind = false);
  TraceFeed(const TraceFeed&) = delete;
  TraceFeed& operator=(const TraceFeed&) = delete;

  // Nodes are the scenario's, in Scenario::node_names order; symbols are interned here.
  sim::Trace& trace() { return trace_; }
  // REQUIRES: e.t is not before the previous event's; e is not a violation event.
  void feed(const sim::TraceEvent& e);
  void finish(sim::Instant end) { checkers_->finish(end); }
  const CheckerSet& checkers() const { return *checkers_; }

 private:
  sim::Trace trace_;
  std::vector<sim::Clock> clocks_;
  std::unique_ptr<CheckerSet> checkers_;
  sim::Instant horizon_ = sim::Instant::never();
};

}  // namespace leasesim::harness
