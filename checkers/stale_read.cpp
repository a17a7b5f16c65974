#include "checkers/stale_read.h"

namespace leasesim::checkers {

using sim::EventKind;

StaleReadChecker::StaleReadChecker(sim::Trace& trace, LeaseSafetyChecker::ClockOf clock_of)
    : inner_(trace, std::move(clock_of), "stale_read") {
  inner_.set_horizon_listener(this);
}

// The kinds on_event reads: a kind added there goes here too.
sim::KindSet StaleReadChecker::kinds() const {
  return sim::kinds_of({EventKind::lease_believed, EventKind::lock_held, EventKind::lease_dropped, EventKind::expiry_learned,
                        EventKind::node_crashed, EventKind::clock_changed, EventKind::fault_start, EventKind::fault_end});
}

void StaleReadChecker::on_event(const sim::TraceEvent& e) {
  switch (e.kind) {
    case EventKind::lease_believed:
      if (term_.size() <= e.node) term_.resize(e.node + 1, 0);
      term_[e.node] = e.id;
      inner_.on_event(e);
      void_older(e.node, e.t);
      break;
    case EventKind::lock_held:
      if (e.id > newest_term_) {
        newest_term_ = e.id;
        for (sim::NodeId n = 0; n < term_.size(); ++n) void_older(n, e.t);
      }
      break;
    case EventKind::lease_dropped:
    case EventKind::expiry_learned:
    case EventKind::node_crashed:
    case EventKind::clock_changed:
    case EventKind::fault_start:
    case EventKind::fault_end:
      inner_.on_event(e);
      break;
    default:
      break;  // the grantor's own lease_granted / lease_expired do not concern reads
  }
  sync();
}

// A lease of a term older than the newest elected one is void: tell the inner checker it expired.
void StaleReadChecker::void_older(sim::NodeId n, sim::Instant t) {
  if (n >= term_.size() || term_[n] == 0 || term_[n] >= newest_term_) return;
  inner_.on_event({t, EventKind::lease_expired, sim::kNoNode, n, 0, term_[n]});
}

void StaleReadChecker::advance_to(sim::Instant t) {
  inner_.advance_to(t);
  sync();
}

void StaleReadChecker::finish(sim::Instant end) {
  inner_.finish(end);
  sync();
}

void StaleReadChecker::sync() {
  if (inner_.violations().size() != violations_.size()) violations_ = inner_.violations();
}

}  // namespace leasesim::checkers
