#include "checkers/stale_write.h"

namespace leasesim::checkers {

using sim::EventKind;

StaleWriteChecker::StaleWriteChecker(sim::Trace& trace) : trace_(trace) { sym_name_ = trace_.intern("stale_write"); }

// The kinds on_event reads: a kind added there goes here too.
sim::KindSet StaleWriteChecker::kinds() const {
  return sim::kinds_of({EventKind::lease_expired, EventKind::lease_granted, EventKind::write_accepted});
}

void StaleWriteChecker::on_event(const sim::TraceEvent& e) {
  switch (e.kind) {
    case EventKind::lease_expired:
      expired_.insert({e.peer, e.id});
      return;
    case EventKind::lease_granted:
      expired_.erase({e.peer, e.id});
      return;
    case EventKind::write_accepted:
      if (!expired_.contains({e.peer, e.id})) return;
      violations_.push_back({name(), e.peer, e.id, e.node, 0, e.t, e.t, {}, false});
      trace_.record({e.t, EventKind::violation_start, e.peer, e.node, sym_name_, e.id});
      trace_.record({e.t, EventKind::violation_end, e.peer, e.node, sym_name_, e.id});
      return;
    default:
      return;
  }
}

}  // namespace leasesim::checkers
