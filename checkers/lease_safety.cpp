#include "checkers/lease_safety.h"

#include <algorithm>

#include "sim/require.h"

namespace leasesim::checkers {

using sim::EventKind;
using sim::Instant;
using sim::NodeId;

LeaseSafetyChecker::LeaseSafetyChecker(sim::Trace& trace, ClockOf clock_of, std::string_view name)
    : trace_(trace), clock_of_(std::move(clock_of)), name_(name) {
  sym_name_ = trace_.intern(name_);
}

LeaseSafetyChecker::Holder& LeaseSafetyChecker::holder(NodeId n) {
  LS_REQUIRE(n != sim::kNoNode);
  if (holders_.size() <= n) holders_.resize(n + 1);
  return holders_[n];
}

bool LeaseSafetyChecker::expired(const Holder& f, uint64_t epoch) const {
  return f.expired.count(epoch) != 0;
}

// The kinds on_event reads: a kind added there goes here too.
sim::KindSet LeaseSafetyChecker::kinds() const {
  return sim::kinds_of({EventKind::lease_believed, EventKind::expiry_learned, EventKind::lease_dropped, EventKind::node_crashed,
                        EventKind::lease_expired, EventKind::lease_granted, EventKind::clock_changed, EventKind::fault_start,
                        EventKind::fault_end});
}

void LeaseSafetyChecker::on_event(const sim::TraceEvent& e) {
  switch (e.kind) {
    case EventKind::lease_believed: {
      Holder& f = holder(e.node);
      f.believes = true;
      f.epoch = e.id;
      f.end_local = sim::LocalTime{e.b};
      evaluate(e.node, e.t);
      break;
    }
    case EventKind::expiry_learned:
    case EventKind::lease_dropped: {
      Holder& f = holder(e.node);
      if (f.epoch == e.id) f.believes = false;
      evaluate(e.node, e.t);
      break;
    }
    case EventKind::node_crashed:
      holder(e.node).believes = false;  // a crashed process believes nothing
      evaluate(e.node, e.t);
      break;
    case EventKind::lease_expired: {
      Holder& f = holder(e.peer);
      f.expired.insert(e.id);
      evaluate(e.peer, e.t);
      break;
    }
    case EventKind::lease_granted:
      holder(e.peer).expired.erase(e.id);
      evaluate(e.peer, e.t);
      break;
    case EventKind::clock_changed:
      evaluate(e.node, e.t);
      break;
    case EventKind::fault_start:
    case EventKind::fault_end:
      pauses_.on_event(e);
      break;
    default:
      break;
  }
}

void LeaseSafetyChecker::evaluate(NodeId n, Instant t) {
  Holder& f = holder(n);
  // The clock (in the node, cold when there are thousands) is read only when it can matter.
  const bool violating = f.believes && expired(f, f.epoch) && clock_of_(n).local_at(t) < f.end_local;
  if (violating) {
    const Instant planned_end = clock_of_(n).first_reaching(f.end_local, t);
    if (!f.open) {
      open(n, t, planned_end);
    } else {
      f.window_end = planned_end;
      recompute_horizon();
    }
  } else if (f.open) {
    close(n, t, false);
  }
}

// A window is announced (violation_start traced) only once time has moved past its start, so
// that a belief and an expiry that cancel out at one instant leave no empty window behind.
void LeaseSafetyChecker::open(NodeId n, Instant t, Instant planned_end) {
  Holder& f = holder(n);
  f.open = true;
  f.window_start = t;
  f.window_end = planned_end;
  f.announced = false;
  open_.push_back(n);
  recompute_horizon();
}

void LeaseSafetyChecker::announce(NodeId n) {
  Holder& f = holder(n);
  f.announced = true;
  trace_.record({f.window_start, EventKind::violation_start, n, sim::kNoNode, sym_name_, f.epoch});
}

void LeaseSafetyChecker::close(NodeId n, Instant t, bool cut_by_run_end) {
  Holder& f = holder(n);
  f.open = false;
  std::erase(open_, n);
  if (t > f.window_start) {
    if (!f.announced) announce(n);
    const sim::Duration paused = pauses_.paused_within(n, f.window_start, t);
    violations_.push_back({name(), n, f.epoch, sim::kNoNode, 0, f.window_start, t, paused, cut_by_run_end});
    trace_.record({t, EventKind::violation_end, n, sim::kNoNode, sym_name_, f.epoch, paused.ns, cut_by_run_end ? 1 : 0});
  }
  recompute_horizon();
}

Instant LeaseSafetyChecker::next_action(const Holder& f) const {
  return f.announced ? f.window_end : f.window_start + sim::Duration::nanos(1);
}

void LeaseSafetyChecker::advance_to(Instant t) {
  // Act in time order (then node order) so that the trace stays sorted by time.
  for (;;) {
    NodeId best = sim::kNoNode;
    for (NodeId n : open_) {
      if (next_action(holders_[n]) > t) continue;
      if (best == sim::kNoNode || next_action(holders_[n]) < next_action(holders_[best]) ||
          (next_action(holders_[n]) == next_action(holders_[best]) && n < best)) {
        best = n;
      }
    }
    if (best == sim::kNoNode) break;
    Holder& f = holders_[best];
    if (!f.announced) {
      announce(best);
      recompute_horizon();
    } else {
      close(best, f.window_end, false);
    }
  }
}

void LeaseSafetyChecker::finish(Instant end) {
  advance_to(end);
  std::vector<NodeId> still_open = open_;
  std::sort(still_open.begin(), still_open.end());
  for (NodeId n : still_open) close(n, end, true);
}

void LeaseSafetyChecker::recompute_horizon() {
  Instant h = Instant::never();
  for (NodeId n : open_) h = std::min(h, next_action(holders_[n]));
  if (h != horizon_) {
    horizon_ = h;
    horizon_moved();
  }
}

}  // namespace leasesim::checkers
