#include "live/live_world.h"

#include <sys/resource.h>

#include <cerrno>

#include <chrono>

#include "harness/fault_injector.h"
#include "harness/node_setup.h"
#include "live/event_loop.h"
#include "live/priority.h"
#include "live/socket_wire.h"
#include "live/tcp_transport.h"
#include "sim/require.h"

namespace leasesim::live {

LiveWorld::LiveWorld(const harness::Scenario& scenario) : scenario_(scenario) {
  const std::vector<std::string> names = scenario_.node_names();
  for (const std::string& n : names) node_ids_.emplace(n, trace_.add_node(n));
  net_ = std::make_unique<TcpTransport>(sched_, trace_, scenario_.seed,
                                        sim::DelayModel{scenario_.network.delay_lo, scenario_.network.delay_hi}, names.size());
  const Protocol& protocol = *scenario_.protocol.protocol;
  net_->set_message_names(protocol.messages());
  net_->set_connection_oriented(protocol.connection_oriented());
  for (sim::NodeId id = 0; id < names.size(); ++id) {
    nodes_.push_back(std::make_unique<sim::NodeRuntime>(sched_, trace_, *net_, id, harness::scenario_clock(scenario_, names[id]),
                                                        harness::node_rng(scenario_, names[id])));
  }
  // Faults first, so that at equal instants they act before the actors (harness/world.h).
  faults_ = std::make_unique<harness::FaultInjector>(*this, scenario_);
  faults_->schedule();
  deployment_ = protocol.deploy(*scenario_.protocol.params, *this);
}

LiveWorld::~LiveWorld() = default;

sim::NetworkFaults& LiveWorld::network() { return *net_; }

void LiveWorld::boot(sim::NodeId node, ActorFactory make) { nodes_[node]->boot(std::move(make), sim::Instant{0}); }

sim::NodeId LiveWorld::node_id(const std::string& name) const {
  const auto it = node_ids_.find(name);
  LS_REQUIRE(it != node_ids_.end() && "the loader resolved every node name");
  return it->second;
}

namespace {
// A link is a socket at each end: allow as many as the hard limit lets a process have.
void raise_file_limit() {
  rlimit l{};
  if (getrlimit(RLIMIT_NOFILE, &l) == 0 && l.rlim_cur < l.rlim_max) {
    l.rlim_cur = l.rlim_max;
    setrlimit(RLIMIT_NOFILE, &l);
  }
}
// Before t0, what would otherwise make the first instants of the run late: connections opened,
// one frame through each, the reactor's timer armed once. Bounded, so a wedged socket cannot
// hold the run back; whatever is not warm by then is opened when first used.
void warm_up(asio::io_context& io, SocketWire& wire) {
  constexpr size_t kMaxWarmLinks = 1024;
  wire.warm_up(kMaxWarmLinks);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!wire.warm() && std::chrono::steady_clock::now() < give_up) io.run_one_for(std::chrono::milliseconds(10));
  asio::steady_timer timer(io, std::chrono::milliseconds(1));
  bool fired = false;
  timer.async_wait([&](const boost::system::error_code&) { fired = true; });
  while (!fired && std::chrono::steady_clock::now() < give_up + std::chrono::seconds(1)) io.run_one_for(std::chrono::milliseconds(10));
  io.restart();
}

}  // namespace

LiveOutcome LiveWorld::run() {
  raise_file_limit();
  const RaisedPriority priority;
  LiveOutcome out;
  // Declared first, so destroyed last: the sockets' handlers die with it, never run.
  asio::io_context io(1);
  EventLoop loop(io, sched_);
  SocketWire wire(io, nodes_.size(), [&](const sim::Message& m, bool reset) {
    net_->arrived(m, reset, loop.clock());
    loop.pump();
  });
  net_->set_wire(&wire);
  warm_up(io, wire);
  const auto start = std::chrono::steady_clock::now();
  loop.run(sim::Instant{scenario_.duration.ns});
  out.reached = loop.clock();
  out.interrupted = loop.interrupted();
  out.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  out.lateness = sched_.lateness();
  out.messages_sent = net_->counts().sent;
  out.messages_written = net_->counts().written;
  out.connections = wire.connections();
  out.wire_error = wire.error();
  out.priority_raised = priority.raised();
  net_->set_wire(nullptr);
  return out;
}

}  // namespace leasesim::live
