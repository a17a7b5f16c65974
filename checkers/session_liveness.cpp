#include "checkers/session_liveness.h"

#include <algorithm>
#include <vector>

namespace leasesim::checkers {

using sim::EventKind;

SessionLivenessChecker::SessionLivenessChecker(sim::Trace& trace, sim::Duration grace) : trace_(trace), grace_(grace) {
  sym_name_ = trace_.intern("session_liveness");
}

// The kinds on_event reads: a kind added there goes here too.
sim::KindSet SessionLivenessChecker::kinds() const {
  return sim::kinds_of({EventKind::lease_granted, EventKind::lease_expired, EventKind::lease_believed, EventKind::lease_dropped,
                        EventKind::expiry_learned});
}

void SessionLivenessChecker::on_event(const sim::TraceEvent& e) {
  switch (e.kind) {
    case EventKind::lease_granted: {
      auto [it, created] = sessions_.try_emplace({e.peer, e.id});
      if (created) it->second.since = e.t;
      unindex(it->first, it->second);
      it->second.longest_life = std::max(it->second.longest_life, sim::Instant{e.a} - e.t);
      index(it->first, it->second);
      break;
    }
    case EventKind::lease_expired: {
      auto it = sessions_.find({e.peer, e.id});
      if (it == sessions_.end()) return;
      unindex(it->first, it->second);
      close(it->first, it->second, e.t, false);
      sessions_.erase(it);
      break;
    }
    case EventKind::lease_believed: {
      auto it = sessions_.find({e.node, e.id});
      if (it == sessions_.end()) return;
      unindex(it->first, it->second);
      close(it->first, it->second, e.t, false);
      it->second.connected = true;
      break;
    }
    case EventKind::lease_dropped:
    case EventKind::expiry_learned: {
      auto it = sessions_.find({e.node, e.id});
      if (it == sessions_.end() || !it->second.connected) return;
      it->second.connected = false;
      it->second.since = e.t;
      index(it->first, it->second);
      break;
    }
    default:
      return;
  }
  horizon_moved();
}

sim::Instant SessionLivenessChecker::horizon() const {
  return waiting_.empty() ? sim::Instant::never() : waiting_.begin()->first + sim::Duration::nanos(1);
}

// A report opens at the due instant once time has moved past it (a touch arriving exactly
// then would still have been in time).
void SessionLivenessChecker::advance_to(sim::Instant t) {
  // Opened in the order of their keys, as a scan of every session would record them.
  std::vector<Key> opening;
  while (!waiting_.empty() && waiting_.begin()->first < t) {
    opening.push_back(waiting_.begin()->second);
    waiting_.erase(waiting_.begin());
  }
  std::sort(opening.begin(), opening.end());
  for (const Key& k : opening) {
    Session& s = sessions_.at(k);
    s.open = true;
    s.open_at = due(s);
    trace_.record({s.open_at, EventKind::violation_start, k.first, sim::kNoNode, sym_name_, k.second});
  }
  horizon_moved();
}

void SessionLivenessChecker::close(const Key& k, Session& s, sim::Instant t, bool cut_by_run_end) {
  if (!s.open) return;
  s.open = false;
  violations_.push_back({name(), k.first, k.second, sim::kNoNode, 0, s.open_at, t, {}, cut_by_run_end});
  trace_.record({t, EventKind::violation_end, k.first, sim::kNoNode, sym_name_, k.second, 0, cut_by_run_end ? 1 : 0});
}

void SessionLivenessChecker::finish(sim::Instant end) {
  advance_to(end);
  std::vector<Key> open;  // closed in the order of their keys
  for (const auto& [k, s] : sessions_) {
    if (s.open) open.push_back(k);
  }
  std::sort(open.begin(), open.end());
  for (const Key& k : open) close(k, sessions_.at(k), end, true);
}

}  // namespace leasesim::checkers
