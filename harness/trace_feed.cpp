#include "harness/trace_feed.h"

#include "harness/node_setup.h"
#include "sim/require.h"

namespace leasesim::harness {

TraceFeed::TraceFeed(const Scenario& scenario, bool every_kind) {
  if (every_kind) trace_.deliver_every_kind();
  for (const std::string& n : scenario.node_names()) {
    trace_.add_node(n);
    clocks_.push_back(scenario_clock(scenario, n));
  }
  const ClockOf clock_of = [this](sim::NodeId n) -> const sim::Clock& { return clocks_[n]; };
  checkers_ = std::make_unique<CheckerSet>(scenario, trace_, clock_of, [this](sim::Instant h) { horizon_ = h; });
  horizon_ = checkers_->horizon();
}

void TraceFeed::feed(const sim::TraceEvent& e) {
  LS_REQUIRE(!is_finding(e.kind));
  // As the simulator tells its horizon observer: before the first event at or past it.
  if (e.t >= horizon_) checkers_->advance_to(e.t);
  // A node's clock changes before the event that says so is recorded (sim/node.cpp).
  if (e.kind == sim::EventKind::clock_changed && e.node < clocks_.size()) {
    clocks_[e.node] = sim::Clock::piece(e.t, sim::LocalTime{e.b}, e.a, e.symbol != 0);
  }
  trace_.record(e);
}

}  // namespace leasesim::harness
