// A World is one run of one scenario: the simulator, the network, a node per actor (in the
// order of Scenario::node_names: role by role, as the protocol orders them), the fault
// injector, the protocol's checkers and its deployment (which actors boot where, what they
// persist), wired to one trace. Build it, add trace sinks (a JSONL writer), run it, read the
// outcome.
//
// Order at one instant: faults scheduled for time t take effect before anything else happens
// at t (they are scheduled first), so a fault window is [at, at + for).
//
// It is the FaultTarget (fault_target.h) of a simulated run, and the one place that puts the
// simulator's concrete classes together: the nodes see them only as a Scheduler and a Transport,
// the fault injector only as a FaultTarget.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "checkers/checker.h"
#include "harness/checker_set.h"
#include "harness/fault_target.h"
#include "harness/run_limits.h"
#include "harness/scenario.h"
#include "leasesim/protocol.h"
#include "sim/network.h"
#include "sim/simulated_node.h"
#include "sim/simulator.h"
#include "sim/trace.h"

namespace leasesim::harness {

class FaultInjector;

class World final : public FaultTarget,
                    public sim::HorizonObserver,
                    public sim::TraceCapListener,
                    private Nodes {
 public:
  explicit World(const Scenario& scenario);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Sinks see every event, in order, from the first one on. REQUIRES: before run().
  void add_sink(sim::TraceSink* sink) { trace_.add_sink(sink); }
  struct Stop {
    StopReason reason = StopReason::none;
    sim::Instant at;  // the scenario's end, or where the run stopped
  };
  // Runs to the scenario's end unless a limit or a signal stops it first; either way the
  // checkers are finished at the instant reached, so what they found is kept. The event
  // budget counts trace events and stops at the end of the step that records the last one.
  Stop run(const RunLimits& limits = {});

  const Scenario& scenario() const { return scenario_; }
  sim::Simulator& simulator() { return sim_; }
  size_t node_count() const { return nodes_.size(); }
  const CheckerSet& checkers() const { return *checkers_; }

  // FaultTarget, each with the simulator's own type where there is one.
  sim::Scheduler& scheduler() override { return sim_; }
  sim::Trace& trace() override { return trace_; }
  sim::Network& network() override { return *net_; }
  sim::SimulatedNode& node(sim::NodeId id) override { return *nodes_[id]; }
  sim::NodeId node_id(const std::string& name) const override;
  Deployment& deployment() override { return *deployment_; }

  void advance_to(sim::Instant t) override;
  void trace_cap_reached() override { sim_.stop(); }

 private:
  // Nodes, as the protocol deploys onto them.
  sim::NodeId id(const std::string& name) const override { return node_id(name); }
  const std::vector<std::string>& of_role(const std::string& singular) const override {
    return scenario_.nodes_of(singular);
  }
  void boot(sim::NodeId node, ActorFactory make) override;

  Scenario scenario_;
  sim::Simulator sim_;
  sim::Trace trace_;
  std::unique_ptr<sim::Network> net_;
  std::vector<std::unique_ptr<sim::SimulatedNode>> nodes_;
  std::unordered_map<std::string, sim::NodeId> node_ids_;  // faults name nodes; there may be 100,000
  std::unique_ptr<FaultInjector> faults_;
  std::unique_ptr<CheckerSet> checkers_;
  std::unique_ptr<Deployment> deployment_;
};

}  // namespace leasesim::harness
