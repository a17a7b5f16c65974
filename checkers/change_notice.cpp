#include "checkers/change_notice.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace leasesim::checkers {

using sim::EventKind;

ChangeNoticeChecker::ChangeNoticeChecker(sim::Trace& trace, sim::Duration bound) : trace_(trace), bound_(bound) {
  sym_name_ = trace_.intern("change_notice");
}

std::optional<int64_t> ChangeNoticeChecker::number_after(std::string_view text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix || text.size() == prefix.size()) return std::nullopt;
  int64_t n = 0;
  const char* end = text.data() + text.size();
  const auto [at, err] = std::from_chars(text.data() + prefix.size(), end, n);
  if (err != std::errc() || at != end) return std::nullopt;
  return n;
}

// The kinds on_event reads: a kind added there goes here too.
sim::KindSet ChangeNoticeChecker::kinds() const {
  return sim::kinds_of({EventKind::lease_believed, EventKind::lease_dropped, EventKind::expiry_learned, EventKind::node_crashed,
                        EventKind::state});
}

void ChangeNoticeChecker::on_event(const sim::TraceEvent& e) {
  switch (e.kind) {
    case EventKind::lease_believed:
      members_[e.node] = sim::Instant{e.a};
      return;
    case EventKind::lease_dropped:
    case EventKind::expiry_learned:
    case EventKind::node_crashed:
      return leave(e.node, e.t);
    case EventKind::state:
      break;
    default:
      return;
  }
  const std::string_view text = trace_.text(e.symbol);
  if (const auto v = number_after(text, "group version ")) {
    for (const auto& [m, until] : members_) {
      if (until <= e.t) continue;  // its belief ran out (by its clock) before the change
      if (auto l = learned_.find(m); l != learned_.end() && l->second >= *v) continue;
      Owed& o = owed_[m];
      unindex(m, o);
      o.due.emplace(*v, e.t + bound_);
      index(m, o);
    }
    return horizon_moved();
  }
  if (const auto v = number_after(text, "learned version ")) {
    auto [l, fresh] = learned_.try_emplace(e.node, *v);
    if (!fresh) l->second = std::max(l->second, *v);
    auto it = owed_.find(e.node);
    if (it == owed_.end()) return;
    Owed& o = it->second;
    unindex(e.node, o);
    o.due.erase(o.due.begin(), o.due.upper_bound(*v));
    // Still late for a newer change: the report goes on; otherwise it ends here.
    if (o.due.empty() || o.due.begin()->second >= e.t) close(e.node, o, e.t, false);
    index(e.node, o);
    if (o.due.empty()) owed_.erase(it);
    horizon_moved();
  }
}

// Out of the group: it owes nothing (a member that rejoins learns the version with its join).
void ChangeNoticeChecker::leave(sim::NodeId node, sim::Instant t) {
  members_.erase(node);
  auto it = owed_.find(node);
  if (it == owed_.end()) return;
  unindex(node, it->second);
  close(node, it->second, t, false);
  owed_.erase(it);
  horizon_moved();
}

sim::Instant ChangeNoticeChecker::horizon() const {
  return waiting_.empty() ? sim::Instant::never() : waiting_.begin()->first + sim::Duration::nanos(1);
}

// A report opens at the due instant once time has moved past it (learning exactly then is in time).
void ChangeNoticeChecker::advance_to(sim::Instant t) {
  // Opened in member order, as a scan of every member would record them.
  std::vector<sim::NodeId> opening;
  while (!waiting_.empty() && waiting_.begin()->first < t) {
    opening.push_back(waiting_.begin()->second);
    waiting_.erase(waiting_.begin());
  }
  std::sort(opening.begin(), opening.end());
  for (sim::NodeId m : opening) {
    Owed& o = owed_.at(m);
    o.open = true;
    o.version = o.due.begin()->first;
    o.since = o.due.begin()->second;
    trace_.record({o.since, EventKind::violation_start, m, sim::kNoNode, sym_name_, static_cast<uint64_t>(o.version)});
  }
  horizon_moved();
}

void ChangeNoticeChecker::close(sim::NodeId node, Owed& o, sim::Instant t, bool cut_by_run_end) {
  if (!o.open) return;
  o.open = false;
  const auto version = static_cast<uint64_t>(o.version);
  violations_.push_back({name(), node, version, sim::kNoNode, 0, o.since, t, {}, cut_by_run_end});
  trace_.record({t, EventKind::violation_end, node, sim::kNoNode, sym_name_, version, 0, cut_by_run_end ? 1 : 0});
}

void ChangeNoticeChecker::finish(sim::Instant end) {
  advance_to(end);
  for (auto& [m, o] : owed_) close(m, o, end, true);
  owed_.clear();
  waiting_.clear();
}

}  // namespace leasesim::checkers
