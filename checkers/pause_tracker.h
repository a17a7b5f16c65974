// Which nodes are paused, from the trace's pause fault_start/fault_end events, and exactly how
// much of a window [start, t) a node spent paused: what a violation window reports as its
// paused part (the node could not act then). Overlapping pauses of one node nest. Every pause
// is kept (pauses are few), so any window, however long, is measured exactly.
#pragma once

#include <algorithm>
#include <vector>

#include "sim/time.h"
#include "sim/trace.h"

namespace leasesim::checkers {

class PauseTracker {
 public:
  void on_event(const sim::TraceEvent& e) {
    if (e.kind != sim::EventKind::fault_start && e.kind != sim::EventKind::fault_end) return;
    if (e.node == sim::kNoNode || e.b != static_cast<int64_t>(sim::FaultClass::pause)) return;
    Node& n = node(e.node);
    if (e.kind == sim::EventKind::fault_start) {
      if (n.depth++ == 0) n.since = e.t;
    } else if (--n.depth == 0) {
      n.done.push_back({n.since, e.t});
    }
  }

  sim::Duration paused_within(sim::NodeId id, sim::Instant start, sim::Instant t) const {
    if (id >= nodes_.size()) return {};
    const Node& n = nodes_[id];
    sim::Duration d{};
    auto add = [&](sim::Instant a, sim::Instant b) {
      const sim::Instant lo = std::max(a, start);
      const sim::Instant hi = std::min(b, t);
      if (hi > lo) d += hi - lo;
    };
    for (const auto& [a, b] : n.done) add(a, b);
    if (n.depth > 0) add(n.since, t);
    return d;
  }

 private:
  struct Node {
    int depth = 0;
    sim::Instant since;
    std::vector<std::pair<sim::Instant, sim::Instant>> done;
  };
  Node& node(sim::NodeId id) {
    if (nodes_.size() <= id) nodes_.resize(id + 1);
    return nodes_[id];
  }
  std::vector<Node> nodes_;
};

}  // namespace leasesim::checkers
