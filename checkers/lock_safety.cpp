#include "checkers/lock_safety.h"

#include <algorithm>

namespace leasesim::checkers {

using sim::EventKind;

LockSafetyChecker::LockSafetyChecker(sim::Trace& trace, std::string_view name) : trace_(trace), name_(name) {
  sym_name_ = trace_.intern(name_);
}

// The kinds on_event reads: a kind added there goes here too.
sim::KindSet LockSafetyChecker::kinds() const {
  return sim::kinds_of({EventKind::lock_held, EventKind::lock_released, EventKind::node_crashed, EventKind::fault_start,
                        EventKind::fault_end});
}

void LockSafetyChecker::on_event(const sim::TraceEvent& e) {
  switch (e.kind) {
    case EventKind::lock_held: {
      std::vector<Holder>& hs = holders_[e.symbol];
      if (std::any_of(hs.begin(), hs.end(), [&](const Holder& h) { return h.node == e.node; })) return;
      for (const Holder& h : hs) open_.push_back({e.symbol, h, {e.node, e.id}, e.t});
      hs.push_back({e.node, e.id});
      if (!hs.empty()) horizon_moved();
      return;
    }
    case EventKind::lock_released:
      release(e.symbol, e.node, e.t);
      return;
    case EventKind::node_crashed: {
      std::vector<sim::Symbol> locks;
      for (const auto& [lock, hs] : holders_) locks.push_back(lock);
      for (sim::Symbol lock : locks) release(lock, e.node, e.t);
      return;
    }
    case EventKind::fault_start:
    case EventKind::fault_end:
      pauses_.on_event(e);
      return;
    default:
      return;
  }
}

void LockSafetyChecker::release(sim::Symbol lock, sim::NodeId node, sim::Instant t) {
  std::vector<Holder>& hs = holders_[lock];
  std::erase_if(hs, [&](const Holder& h) { return h.node == node; });
  std::vector<Window> still;
  for (const Window& w : open_) {
    if (w.lock == lock && (w.stale.node == node || w.newer.node == node)) {
      close(w, t, false);
    } else {
      still.push_back(w);
    }
  }
  open_ = std::move(still);
  horizon_moved();
}

void LockSafetyChecker::announce(Window& w) {
  w.announced = true;
  trace_.record({w.start, EventKind::violation_start, w.stale.node, w.newer.node, sym_name_, w.stale.session});
}

sim::Instant LockSafetyChecker::horizon() const {
  sim::Instant h = sim::Instant::never();
  for (const Window& w : open_) {
    if (!w.announced) h = std::min(h, w.start + sim::Duration::nanos(1));
  }
  return h;
}

void LockSafetyChecker::advance_to(sim::Instant t) {
  for (Window& w : open_) {
    if (!w.announced && w.start < t) announce(w);
  }
  horizon_moved();
}

// A window that would end at its own start leaves nothing behind: it was never announced.
void LockSafetyChecker::close(const Window& w, sim::Instant t, bool cut_by_run_end) {
  if (!w.announced) return;
  const sim::Duration paused = pauses_.paused_within(w.stale.node, w.start, t);
  violations_.push_back({name(), w.stale.node, w.stale.session, w.newer.node, w.lock, w.start, t, paused, cut_by_run_end});
  trace_.record({t, EventKind::violation_end, w.stale.node, w.newer.node, sym_name_, w.stale.session, paused.ns,
                 cut_by_run_end ? 1 : 0});
}

void LockSafetyChecker::finish(sim::Instant end) {
  advance_to(end);
  for (const Window& w : open_) close(w, end, true);
  open_.clear();
}

}  // namespace leasesim::checkers
