#include "harness/world.h"

#include <algorithm>

#include "harness/fault_injector.h"
#include "harness/load_context.h"
#include "harness/node_setup.h"
#include "sim/require.h"

namespace leasesim::harness {

World::World(const Scenario& scenario) : scenario_(scenario) {
  const std::vector<std::string> names = scenario_.node_names();
  for (const std::string& n : names) node_ids_.emplace(n, trace_.add_node(n));

  net_ = std::make_unique<sim::Network>(sim_, trace_, scenario_.seed,
                                        sim::DelayModel{scenario_.network.delay_lo, scenario_.network.delay_hi});
  const Protocol& protocol = *scenario_.protocol.protocol;
  net_->set_message_names(protocol.messages());
  net_->set_connection_oriented(protocol.connection_oriented());

  for (sim::NodeId id = 0; id < names.size(); ++id) {
    nodes_.push_back(std::make_unique<sim::SimulatedNode>(sim_, trace_, *net_, id, scenario_clock(scenario_, names[id]),
                                                         node_rng(scenario_, names[id])));
  }

  const ClockOf clock_of = [this](sim::NodeId n) -> const sim::Clock& { return nodes_[n]->clock(); };
  checkers_ = std::make_unique<CheckerSet>(scenario_, trace_, clock_of, [this](sim::Instant h) { sim_.set_horizon(h); });
  sim_.set_horizon_observer(this);

  // Faults first, so that at equal instants they act before the actors (see world.h).
  faults_ = std::make_unique<FaultInjector>(*this, scenario_);
  faults_->schedule();
  deployment_ = protocol.deploy(*scenario_.protocol.params, *this);
}

World::~World() = default;

void World::boot(sim::NodeId node, ActorFactory make) { nodes_[node]->boot(std::move(make), sim::Instant{0}); }

sim::NodeId World::node_id(const std::string& name) const {
  const auto it = node_ids_.find(name);
  LS_REQUIRE(it != node_ids_.end() && "the loader resolved every node name");
  return it->second;
}

World::Stop World::run(const RunLimits& limits) {
  // Slices short enough (about a millisecond of wall time) that Ctrl-C and --max-wall act at
  // once, long enough that looking at the clock costs nothing.
  constexpr uint64_t kSlice = 1 << 14;
  const sim::Instant end{scenario_.duration.ns};
  if (limits.max_events != 0) trace_.set_cap(limits.max_events, this);
  Stop stop{StopReason::none, end};
  while (true) {
    if (sim_.run_until(end, sim_.events_run() + kSlice) == sim::Simulator::RunEnd::reached_end) break;
    if (limits.max_events != 0 && trace_.events() >= limits.max_events) {
      stop.reason = StopReason::max_events;
    } else if (interrupt_signal() != 0) {
      stop.reason = StopReason::interrupted;
    } else if (limits.deadline && std::chrono::steady_clock::now() >= *limits.deadline) {
      stop.reason = StopReason::max_wall;
    } else {
      continue;
    }
    stop.at = sim_.now();
    break;
  }
  checkers_->finish(stop.at);
  return stop;
}

void World::advance_to(sim::Instant t) { checkers_->advance_to(t); }

}  // namespace leasesim::harness
