#include "reports/intervals.h"

#include <algorithm>
#include <map>
#include <optional>

#include "sim/clock.h"

namespace leasesim::reports {

using sim::EventKind;

Intervals derive_intervals(const Recording& r) {
  Intervals out;
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
      case EventKind::node_crashed: {
        close_belief(e.node, t);
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
