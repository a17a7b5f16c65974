#include "checkers/session_liveness.h"

#include <algorithm>
#include <vector>

#include "sim/require.h"

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
      const Key k{e.peer, e.id};
      Session* s = find(k);
      const bool added = s == nullptr;
      if (added) s = &add(k, e.t);
      const sim::Instant was_due = due(*s);
      s->longest_life = std::max(s->longest_life, sim::Instant{e.a} - e.t);
      if (added || due(*s) != was_due) index(k, *s);
      break;
    }
    case EventKind::lease_expired: {
      const Key k{e.peer, e.id};
      Session* s = find(k);
      if (s == nullptr) return;
      close(k, *s, e.t, false);
      erase(k);
      break;
    }
    case EventKind::lease_believed: {
      const Key k{e.node, e.id};
      Session* s = find(k);
      if (s == nullptr) return;
      close(k, *s, e.t, false);
      s->connected = true;
      break;
    }
    case EventKind::lease_dropped:
    case EventKind::expiry_learned: {
      const Key k{e.node, e.id};
      Session* s = find(k);
      if (s == nullptr || !s->connected) return;
      s->connected = false;
      s->since = e.t;
      index(k, *s);
      break;
    }
    default:
      return;
  }
  horizon_moved();
}

SessionLivenessChecker::Session* SessionLivenessChecker::find(const Key& k) {
  if (k.first < clients_.size()) {
    Client& c = clients_[k.first];
    if (c.used && c.session == k.second) return &c.s;
  }
  if (more_.empty()) return nullptr;
  auto it = more_.find(k);
  return it == more_.end() ? nullptr : &it->second;
}

SessionLivenessChecker::Session& SessionLivenessChecker::add(const Key& k, sim::Instant t) {
  Session fresh;
  fresh.since = t;
  // Only the trace's nodes get a line: a judged trace's holder may be anything.
  if (k.first < trace_.node_count()) {
    if (clients_.size() <= k.first) clients_.resize(size_t{k.first} + 1);
    Client& c = clients_[k.first];
    if (!c.used) {
      c.used = true;
      c.session = k.second;
      c.s = fresh;
      return c.s;
    }
  }
  return more_.emplace(k, fresh).first->second;
}

void SessionLivenessChecker::erase(const Key& k) {
  if (k.first < clients_.size()) {
    Client& c = clients_[k.first];
    if (c.used && c.session == k.second) {
      c.used = false;  // the client's next session takes the line; those in more_ stay there
      return;
    }
  }
  more_.erase(k);
}

SessionLivenessChecker::Session& SessionLivenessChecker::get(const Key& k) {
  Session* s = find(k);
  LS_REQUIRE(s != nullptr);
  return *s;
}

bool SessionLivenessChecker::current(sim::Instant at, const Key& k) {
  const Session* s = find(k);
  return s != nullptr && waiting(*s) && due(*s) == at;
}

// Early when the front entry is stale (due_heap.h): advance_to then opens nothing.
sim::Instant SessionLivenessChecker::horizon() const {
  return waiting_.empty() ? sim::Instant::never() : waiting_.front() + sim::Duration::nanos(1);
}

// A report opens at the due instant once time has moved past it (a touch arriving exactly
// then would still have been in time).
void SessionLivenessChecker::advance_to(sim::Instant t) {
  // Opened in the order of their keys, as a scan of every session would record them.
  std::vector<Key> opening;
  waiting_.take_before(
      t, [&](sim::Instant at, const Key& k) { return current(at, k); }, [&](const Key& k) { opening.push_back(k); });
  std::sort(opening.begin(), opening.end());
  opening.erase(std::unique(opening.begin(), opening.end()), opening.end());
  for (const Key& k : opening) {
    Session& s = get(k);
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
  for (sim::NodeId n = 0; n < clients_.size(); ++n) {
    if (clients_[n].used && clients_[n].s.open) open.push_back({n, clients_[n].session});
  }
  for (const auto& [k, s] : more_) {
    if (s.open) open.push_back(k);
  }
  std::sort(open.begin(), open.end());
  for (const Key& k : open) close(k, get(k), end, true);
}

}  // namespace leasesim::checkers
