#include "harness/world.h"

#include <algorithm>

#include "checkers/lease_safety.h"
#include "checkers/lock_safety.h"
#include "checkers/session_liveness.h"
#include "harness/fault_injector.h"
#include "harness/load_context.h"
#include "model/zbs/follower.h"
#include "model/zbs/master.h"
#include "model/zookeeper/client.h"
#include "model/zookeeper/server.h"
#include "sim/require.h"

namespace leasesim::harness {

World::World(const Scenario& scenario) : scenario_(scenario) {
  const std::vector<std::string> names = scenario_.node_names();
  for (const std::string& n : names) node_ids_.emplace(n, trace_.add_node(n));

  net_ = std::make_unique<sim::Network>(sim_, trace_, scenario_.seed,
                                        sim::DelayModel{scenario_.network.delay_lo, scenario_.network.delay_hi});
  net_->set_message_names(message_names(scenario_.protocol));

  for (sim::NodeId id = 0; id < names.size(); ++id) {
    const auto it = scenario_.clocks.find(names[id]);
    const ClockSpec spec = it == scenario_.clocks.end() ? ClockSpec{} : it->second;
    nodes_.push_back(std::make_unique<sim::NodeRuntime>(sim_, trace_, *net_, id, sim::Clock(spec.offset, spec.drift_ppm.ppb),
                                                         sim::stream_for(scenario_.seed, "node " + names[id])));
  }

  auto clock_of = [this](sim::NodeId n) -> const sim::Clock& { return nodes_[n]->clock(); };
  if (std::holds_alternative<zbs::ZbsParams>(scenario_.protocol)) {
    checkers_.push_back(std::make_unique<checkers::LeaseSafetyChecker>(trace_, clock_of, "lease_safety"));
  } else {
    // A ZooKeeper client believes its session while CONNECTED: lease safety under another name.
    checkers_.push_back(std::make_unique<checkers::LeaseSafetyChecker>(trace_, clock_of, "session_safety"));
    checkers_.push_back(std::make_unique<checkers::LockSafetyChecker>(trace_));
    // An expiry commits within milliseconds of its bucket's boundary; a tick later, something
    // other than the client keeps the session alive.
    const auto& zk = std::get<zookeeper::ZooKeeperParams>(scenario_.protocol);
    checkers_.push_back(std::make_unique<checkers::SessionLivenessChecker>(trace_, zk.tick_time));
  }
  for (auto& c : checkers_) {
    trace_.add_sink(c.get());
    c->set_horizon_listener(this);
  }
  sim_.set_horizon_observer(this);

  // Faults first, so that at equal instants they act before the actors (see world.h).
  faults_ = std::make_unique<FaultInjector>(*this, scenario_.faults);
  faults_->schedule();
  std::visit([this](const auto& params) {
    if constexpr (std::is_same_v<std::decay_t<decltype(params)>, zbs::ZbsParams>) {
      build_zbs(params);
    } else {
      build_zookeeper(params);
    }
  }, scenario_.protocol);
}

World::~World() = default;

void World::build_zbs(const zbs::ZbsParams& params) {
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

void World::build_zookeeper(const zookeeper::ZooKeeperParams& params) {
  // Clients and servers talk over TCP: streams in order, refused by a crashed server.
  net_->set_connection_oriented(true);
  std::vector<sim::NodeId> servers;
  for (const std::string& s : scenario_.servers) servers.push_back(node_id(s));
  server_disks_.resize(servers.size());
  // Servers boot first, so that at time zero each client finds its server serving.
  for (size_t i = 0; i < servers.size(); ++i) {
    const bool leads = i + 1 == servers.size();  // the highest myid wins an election of equal logs
    nodes_[servers[i]]->boot(
        [this, params, servers, i, leads](sim::Context& ctx) {
          return std::make_unique<zookeeper::Server>(ctx, params, servers, i, leads, server_disks_[i]);
        },
        sim::Instant{0});
  }
  for (const std::string& c : scenario_.clients) {
    std::vector<sim::NodeId> order = servers;
    if (auto it = params.connect.find(c); it != params.connect.end()) {
      order.clear();
      for (const std::string& s : it->second) order.push_back(node_id(s));
    }
    const zookeeper::ClientParams own = params.for_client(c);
    nodes_[node_id(c)]->boot(
        [params, own, order](sim::Context& ctx) { return std::make_unique<zookeeper::Client>(ctx, params, own, order); },
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
  for (auto& c : checkers_) c->finish(stop.at);
  return stop;
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

bool World::is_liveness(std::string_view checker) const {
  for (const auto& c : checkers_) {
    if (c->name() == checker) return c->liveness();
  }
  return false;
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
