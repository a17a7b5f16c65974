// A live run of one scenario (topology A, docs/live-status.md): every node of the scenario in
// this process, each a NodeRuntime on real time (LiveScheduler) and loopback TCP (TcpTransport
// over SocketWire), the scenario's faults applied by the simulator's own FaultInjector at real
// instants, the trace recorded with real timestamps (ns since t0). Nodes are deployed as World
// deploys them (harness/node_setup.h; the protocol's own deploy), faults first, so that at one
// instant a fault acts before the actors, as in a simulated run.
//
// asio stays behind this header: the CLI and the tests that only run scenarios never see it.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "harness/fault_target.h"
#include "harness/scenario.h"
#include "leasesim/protocol.h"
#include "live/scheduler.h"
#include "sim/node.h"
#include "sim/trace.h"

namespace leasesim::harness {
class FaultInjector;
}  // namespace leasesim::harness

namespace leasesim::live {

class TcpTransport;

struct LiveOutcome {
  Lateness lateness;
  double wall_ms = 0;        // from t0 to the end of the run
  bool interrupted = false;  // a signal stopped it before the scenario's end
  sim::Instant reached;      // the real instant the run stopped at
  uint64_t messages_sent = 0, messages_written = 0, connections = 0;
  std::string wire_error;  // a socket failed: the run is not to be trusted
  bool priority_raised = false;  // ran at nice -10 (live_world.cpp, RaisedPriority)
  double set_up_ms = -1;         // real processes: from the command to t0 (servers, alignment); -1: none
};

class LiveWorld final : public harness::FaultTarget, private leasesim::Nodes {
 public:
  explicit LiveWorld(const harness::Scenario& scenario);
  ~LiveWorld();
  LiveWorld(const LiveWorld&) = delete;
  LiveWorld& operator=(const LiveWorld&) = delete;

  // REQUIRES: before run().
  void add_sink(sim::TraceSink* sink) { trace_.add_sink(sink); }
  // Runs for the scenario's duration in real time. Call once.
  LiveOutcome run();

  // FaultTarget
  sim::Scheduler& scheduler() override { return sched_; }
  sim::Trace& trace() override { return trace_; }
  sim::NetworkFaults& network() override;
  sim::NodeControl& node(sim::NodeId id) override { return *nodes_[id]; }
  sim::NodeId node_id(const std::string& name) const override;
  leasesim::Deployment& deployment() override { return *deployment_; }

 private:
  sim::NodeId id(const std::string& name) const override { return node_id(name); }
  const std::vector<std::string>& of_role(const std::string& singular) const override { return scenario_.nodes_of(singular); }
  void boot(sim::NodeId node, leasesim::ActorFactory make) override;

  harness::Scenario scenario_;
  LiveScheduler sched_;
  sim::Trace trace_;
  std::unique_ptr<TcpTransport> net_;
  std::vector<std::unique_ptr<sim::NodeRuntime>> nodes_;
  std::unordered_map<std::string, sim::NodeId> node_ids_;
  std::unique_ptr<harness::FaultInjector> faults_;
  std::unique_ptr<leasesim::Deployment> deployment_;
};

}  // namespace leasesim::live
