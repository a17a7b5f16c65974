#include "harness/fault_injector.h"

#include "leasesim/protocol.h"

namespace leasesim::harness {

FaultInjector::FaultInjector(FaultTarget& target, const Scenario& scenario)
    : target_(target), scenario_(scenario), faults_(scenario.faults), active_(faults_.size()) {
  const Protocol& protocol = *scenario_.protocol.protocol;
  for (const Fault& f : faults_) descriptions_.push_back(target_.trace().intern(kind_of(f).describe(f, protocol)));
  target_.network().on_rule_exhausted([this](uint64_t owner) {
    if (!active_[owner].ended) {
      active_[owner].ended = true;
      trace_fault(owner, false);
    }
  });
}

void FaultInjector::schedule() {
  sim::Scheduler& sched = target_.scheduler();
  const sim::Instant run_end{scenario_.duration.ns};
  for (size_t i = 0; i < faults_.size(); ++i) {
    sched.schedule_at(faults_[i].at, this, i * 2);
    if (faults_[i].lasts) {
      const sim::Instant end = sim::saturating_add(faults_[i].at, *faults_[i].lasts);
      if (end < run_end) sched.schedule_at(end, this, i * 2 + 1);
    }
  }
}

void FaultInjector::on_event(uint64_t arg) {
  const size_t i = arg / 2;
  if (arg % 2 == 0) {
    start(i);
  } else {
    end(i);
  }
}

void FaultInjector::trace_fault(size_t i, bool starting) {
  const Fault& f = faults_[i];
  target_.trace().record({target_.scheduler().now(), starting ? sim::EventKind::fault_start : sim::EventKind::fault_end,
                         node_of(f), sim::kNoNode, descriptions_[i], i, 0, static_cast<int64_t>(kind_of(f).fault_class())});
}

void FaultInjector::start(size_t i) {
  const Fault& f = faults_[i];
  FaultState& a = active_[i];
  a.started = true;
  trace_fault(i, true);
  FaultRun run{target_, *scenario_.protocol.protocol, i, a};
  kind_of(f).start(f, run);
  sim::NetworkFaults& net = target_.network();
  for (const auto& [from, to] : a.cuts) net.cut(from, to);
  for (const auto& [x, y] : a.broken) {
    // A disconnect breaks the connection at both ends; a crash leaves only the survivors to see it.
    target_.node(x).connection_lost(y);
    if (target_.node(y).up()) target_.node(y).connection_lost(x);
  }
  a.broken.clear();
}

void FaultInjector::end(size_t i) {
  const Fault& f = faults_[i];
  FaultState& a = active_[i];
  if (a.ended) return;  // a counted rule that was used up ended then
  a.ended = true;
  trace_fault(i, false);
  sim::NetworkFaults& net = target_.network();
  if (a.rule != 0) net.remove_rule(a.rule);
  if (a.partition != 0) net.remove_partition(a.partition);
  for (const auto& [from, to] : a.cuts) net.heal(from, to);
  FaultRun run{target_, *scenario_.protocol.protocol, i, a};
  kind_of(f).end(f, run);
}

sim::NodeId FaultInjector::node_of(const Fault& f) const {
  const std::string node = kind_of(f).node(f);
  return node.empty() ? sim::kNoNode : target_.node_id(node);
}

}  // namespace leasesim::harness
