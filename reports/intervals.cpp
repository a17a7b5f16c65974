#include "reports/intervals.h"

#include <algorithm>
#include <map>
#include <optional>

#include "sim/clock.h"

namespace leasesim::reports {

using sim::EventKind;

namespace {

// Follows the `state` events through the protocol's declared bands.
class StateTracker {
 public:
  StateTracker(const Recording& r, Intervals& out) : r_(r), out_(out) {
    for (size_t b = 0; b < r.bands.size(); ++b) {
      for (size_t s = 0; s < r.bands[b].states.size(); ++s) by_name_.emplace(r.bands[b].states[s].name, std::make_pair(b, s));
    }
  }

  void on_state(const sim::TraceEvent& e) {
    const std::string& name = r_.symbols[e.symbol];
    if (const auto it = by_name_.find(name); it != by_name_.end()) {
      const auto [b, s] = it->second;
      const Key k = key(b, e);
      if (k.lane == sim::kNoNode) return;
      const auto open = open_.find(k);
      if (open != open_.end()) {
        if (out_.states[open->second].state == s) return;  // the same state again: the span goes on
        out_.states[open->second].end = e.t.ns;
      }
      open_[k] = out_.states.size();
      out_.states.push_back({k.lane, row(k), b, s, e.node, e.t.ns, r_.duration_ns});
      return;
    }
    for (size_t b = 0; b < r_.bands.size(); ++b) {
      for (const std::string& prefix : r_.bands[b].labels) {
        if (name.rfind(prefix, 0) != 0) continue;
        const Key k = key(b, e);
        if (k.lane != sim::kNoNode) out_.state_labels.push_back({k.lane, row(k), b, e.t.ns, name});
        return;
      }
    }
  }

  // A crashed node's states are unknown until it traces them again.
  void on_crash(sim::NodeId node, int64_t t) {
    for (auto it = open_.begin(); it != open_.end();) {
      if (it->first.of != node) {
        ++it;
        continue;
      }
      out_.states[it->second].end = t;
      it = open_.erase(it);
    }
  }

 private:
  struct Key {
    size_t band;
    sim::NodeId of;
    sim::NodeId lane;
    auto operator<=>(const Key&) const = default;
  };
  Key key(size_t b, const sim::TraceEvent& e) const { return {b, e.node, r_.bands[b].on_peer ? e.peer : e.node}; }
  int row(const Key& k) {
    auto [it, fresh] = rows_.emplace(k, 0);
    if (fresh) it->second = rows_on_lane_[k.lane]++;
    return it->second;
  }

  const Recording& r_;
  Intervals& out_;
  std::map<std::string, std::pair<size_t, size_t>> by_name_;  // state name -> (band, state)
  std::map<Key, size_t> open_;                                  // -> index in out_.states
  std::map<Key, int> rows_;
  std::map<sim::NodeId, int> rows_on_lane_;
};

}  // namespace

Intervals derive_intervals(const Recording& r) {
  Intervals out;
  StateTracker states(r, out);
  const int64_t end_of_run = r.duration_ns;
  std::map<sim::NodeId, size_t> open_grant;   // holder -> index in out.grants
  std::map<sim::NodeId, size_t> open_belief;  // node -> index in out.beliefs
  std::map<sim::NodeId, int64_t> belief_local_end;
  struct Msg {
    Flight flight;
    std::vector<int64_t> arrivals;
    int deferred = 0;
  };
  std::map<uint64_t, Msg> msgs;
  std::map<uint64_t, size_t> open_fault;
  std::map<std::pair<sim::NodeId, sim::Symbol>, size_t> open_lock;
  auto release = [&](sim::NodeId n, sim::Symbol lock, int64_t t) {
    auto it = open_lock.find({n, lock});
    if (it == open_lock.end()) return;
    out.locks[it->second].end = t;
    open_lock.erase(it);
  };
  auto close_belief = [&](sim::NodeId n, int64_t t) {
    auto it = open_belief.find(n);
    if (it == open_belief.end()) return;
    Interval& b = out.beliefs[it->second];
    b.end = std::max(b.start, std::min(b.end, t));
    open_belief.erase(it);
  };
  for (const sim::TraceEvent& e : r.events) {
    const int64_t t = e.t.ns;
    const std::string& sym = r.symbols[e.symbol];
    switch (e.kind) {
      case EventKind::message_sent:
        msgs[e.id] = Msg{Flight{e.id, e.node, e.peer, sym, t, t, false, ""}, {}, 0};
        break;
      case EventKind::message_deferred:
      case EventKind::message_delivered: {
        auto it = msgs.find(e.id);
        if (it == msgs.end()) break;
        // A deferred message's arrival is when it reached the node, not when it was read.
        if (e.kind == EventKind::message_deferred) {
          it->second.arrivals.push_back(t);
          ++it->second.deferred;
        } else if (it->second.deferred > 0) {
          --it->second.deferred;
        } else {
          it->second.arrivals.push_back(t);
        }
        break;
      }
      case EventKind::message_dropped:
      case EventKind::message_lost: {
        auto it = msgs.find(e.id);
        if (it == msgs.end()) break;
        Flight f = it->second.flight;
        f.end = t;
        f.lost = true;
        f.why = sym;
        out.flights.push_back(f);
        break;
      }
      case EventKind::lease_granted: {
        auto it = open_grant.find(e.peer);
        if (it != open_grant.end() && out.grants[it->second].epoch == e.id) {
          out.grants[it->second].end = e.a;  // the deadline moved
        } else {
          open_grant[e.peer] = out.grants.size();
          out.grants.push_back({e.peer, e.id, t, e.a});
        }
        break;
      }
      case EventKind::lease_expired: {
        auto it = open_grant.find(e.peer);
        if (it != open_grant.end() && out.grants[it->second].epoch == e.id) {
          out.grants[it->second].end = std::min(out.grants[it->second].end, t);
          open_grant.erase(it);
        }
        break;
      }
      case EventKind::lease_believed:
        close_belief(e.node, t);
        open_belief[e.node] = out.beliefs.size();
        belief_local_end[e.node] = e.b;
        out.beliefs.push_back({e.node, e.id, t, e.a});
        break;
      case EventKind::expiry_learned:
      case EventKind::lease_dropped:
        close_belief(e.node, t);
        break;
      case EventKind::state:
        states.on_state(e);
        break;
      case EventKind::node_crashed: {
        close_belief(e.node, t);
        states.on_crash(e.node, t);
        std::vector<sim::Symbol> held;
        for (const auto& [key, at] : open_lock) {
          if (key.first == e.node) held.push_back(key.second);
        }
        for (sim::Symbol lock : held) release(e.node, lock, t);
        break;
      }
      case EventKind::lock_held:
        release(e.node, e.symbol, t);
        open_lock[{e.node, e.symbol}] = out.locks.size();
        out.locks.push_back({e.node, e.id, t, end_of_run});
        break;
      case EventKind::lock_released:
        release(e.node, e.symbol, t);
        break;
      case EventKind::clock_changed: {
        // The belief's end moves with the clock: the first instant the new piece reaches it.
        auto it = open_belief.find(e.node);
        if (it == open_belief.end()) break;
        const sim::Clock c = sim::Clock::piece(e.t, sim::LocalTime{e.b}, e.a, e.symbol != 0);
        out.beliefs[it->second].end = c.first_reaching(sim::LocalTime{belief_local_end[e.node]}, e.t).ns;
        break;
      }
      case EventKind::fault_start:
        open_fault[e.id] = out.faults.size();
        out.faults.push_back({e.node, sym, t, end_of_run});
        break;
      case EventKind::fault_end: {
        auto it = open_fault.find(e.id);
        if (it != open_fault.end()) out.faults[it->second].end = t;
        break;
      }
      default:
        break;
    }
  }
  for (auto& [id, m] : msgs) {
    for (int64_t at : m.arrivals) {
      Flight f = m.flight;
      f.end = at;
      out.flights.push_back(f);
    }
  }
  std::sort(out.flights.begin(), out.flights.end(), [](const Flight& a, const Flight& b) {
    return a.sent != b.sent ? a.sent < b.sent : a.id != b.id ? a.id < b.id : a.end < b.end;
  });
  for (std::vector<Interval>* v : {&out.grants, &out.beliefs, &out.locks}) {
    for (Interval& i : *v) i.end = std::min(i.end, end_of_run);
  }
  return out;
}

}  // namespace leasesim::reports
