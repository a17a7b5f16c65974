#include "harness/world.h"

#include <algorithm>

#include "checkers/lease_safety.h"
#include "harness/fault_injector.h"
#include "harness/load_context.h"
#include "model/zbs/follower.h"
#include "model/zbs/master.h"
#include "sim/require.h"

namespace leasesim::harness {

World::World(const Scenario& scenario) : scenario_(scenario) {
  std::vector<std::string> names = {"master"};
  names.insert(names.end(), scenario_.followers.begin(), scenario_.followers.end());
  for (const std::string& n : names) trace_.add_node(n);

  net_ = std::make_unique<sim::Network>(sim_, trace_, scenario_.seed,
                                        sim::DelayModel{scenario_.network.delay_lo, scenario_.network.delay_hi});
  net_->set_message_names(message_names(scenario_.protocol));

  for (sim::NodeId id = 0; id < names.size(); ++id) {
    const auto it = scenario_.clocks.find(names[id]);
    const ClockSpec spec = it == scenario_.clocks.end() ? ClockSpec{} : it->second;
    nodes_.push_back(std::make_unique<sim::NodeRuntime>(sim_, trace_, *net_, id, sim::Clock(spec.offset, spec.drift_ppm.ppb),
                                                         sim::stream_for(scenario_.seed, "node " + names[id])));
  }

  checkers_.push_back(std::make_unique<checkers::LeaseSafetyChecker>(
      trace_, [this](sim::NodeId n) -> const sim::Clock& { return nodes_[n]->clock(); }));
  for (auto& c : checkers_) {
    trace_.add_sink(c.get());
    c->set_horizon_listener(this);
  }
  sim_.set_horizon_observer(this);

  // Faults first, so that at equal instants they act before the actors (see world.h).
  faults_ = std::make_unique<FaultInjector>(*this, scenario_.faults);
  faults_->schedule();
  build_actors();
}

World::~World() = default;

void World::build_actors() {
  const auto& params = std::get<zbs::ZbsParams>(scenario_.protocol);
  follower_stores_.resize(nodes_.size());
  nodes_[0]->boot([this, params](sim::Context& ctx) { return std::make_unique<zbs::Master>(ctx, params, master_store_); },
                  sim::Instant{0});
  for (sim::NodeId id = 1; id < nodes_.size(); ++id) {
    nodes_[id]->boot(
        [this, params, id](sim::Context& ctx) {
          return std::make_unique<zbs::Follower>(ctx, params, sim::NodeId{0}, follower_stores_[id]);
        },
        sim::Instant{0});
  }
}

void World::set_master_restart_policy(SessionsPolicy policy) {
  switch (policy) {
    case SessionsPolicy::recompute: master_store_.restart_policy = zbs::RestartSessions::recompute; break;
    case SessionsPolicy::keep: master_store_.restart_policy = zbs::RestartSessions::keep; break;
    case SessionsPolicy::forget: master_store_.restart_policy = zbs::RestartSessions::forget; break;
  }
}

sim::NodeId World::node_id(const std::string& name) const {
  for (sim::NodeId id = 0; id < trace_.node_count(); ++id) {
    if (trace_.node_name(id) == name) return id;
  }
  LS_REQUIRE(false && "the loader resolved every node name");
  return sim::kNoNode;
}

void World::run() {
  const sim::Instant end{scenario_.duration.ns};
  sim_.run_until(end);
  for (auto& c : checkers_) c->finish(end);
}

void World::advance_to(sim::Instant t) {
  for (auto& c : checkers_) {
    if (c->horizon() <= t) c->advance_to(t);
  }
  horizon_moved();
}

void World::horizon_moved() {
  sim::Instant h = sim::Instant::never();
  for (const auto& c : checkers_) h = std::min(h, c->horizon());
  sim_.set_horizon(h);
}

std::vector<checkers::Violation> World::violations() const {
  std::vector<checkers::Violation> out;
  for (const auto& c : checkers_) out.insert(out.end(), c->violations().begin(), c->violations().end());
  std::stable_sort(out.begin(), out.end(), [](const checkers::Violation& a, const checkers::Violation& b) {
    return a.start != b.start ? a.start < b.start : a.node < b.node;
  });
  return out;
}

}  // namespace leasesim::harness
